import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One HTTP endpoint as both sides see it: the API validates requests and documents itself from
 * this, and the web client builds typed calls from it. Paths use `:name` parameters.
 */
export interface RouteContract {
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly tags: readonly string[];
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** Schema of the successful response body. */
  readonly response: z.ZodType;
  /** Media type of a successful response (default JSON); anything else is sent as text. */
  readonly contentType?: 'application/json' | 'text/calendar';
  /** Status of a successful response (default 200). */
  readonly status?: number;
  /** Error statuses worth documenting besides the generic ones (400, 500). */
  readonly errors?: readonly number[];
  /** Whether the route needs no signed-in user (default false). */
  readonly public?: boolean;
  /** Whether the route honours an `Idempotency-Key` header (a replay returns the first result). */
  readonly idempotent?: boolean;
  /** Roles allowed to call the route (any one suffices); absent means any signed-in person. */
  readonly roles?: readonly ('coordinator' | 'therapist' | 'client')[];
  /**
   * Whether the route needs a recent confirmation (second factor, or password for people without
   * one): refused with 403 `step_up_required` otherwise.
   */
  readonly stepUp?: boolean;
  /**
   * Whether someone who must still set up a second factor (their practice requires one) may call
   * it; every other route refuses them with 403 `second_factor_enrolment_required`.
   */
  readonly beforeEnrolment?: boolean;
}

/** Declares a route contract, keeping its exact schema types for inference. */
export function defineRoute<const R extends RouteContract>(route: R): R {
  return route;
}

type InputPart<S, K extends string> = S extends z.ZodType
  ? undefined extends z.input<S>
    ? { readonly [P in K]?: z.input<S> }
    : { readonly [P in K]: z.input<S> }
  : { readonly [P in K]?: never };

/** What a caller passes for a route: its params, query and body, each only when declared. */
export type RouteInput<R extends RouteContract> = InputPart<R['params'], 'params'> &
  InputPart<R['query'], 'query'> &
  InputPart<R['body'], 'body'>;

/** The parsed request a handler receives, after validation. */
export interface ParsedRouteInput<R extends RouteContract> {
  readonly params: R['params'] extends z.ZodType ? z.output<R['params']> : Record<string, never>;
  readonly query: R['query'] extends z.ZodType ? z.output<R['query']> : Record<string, never>;
  readonly body: R['body'] extends z.ZodType ? z.output<R['body']> : undefined;
}

/** The successful response body of a route. */
export type RouteOutput<R extends RouteContract> = z.output<R['response']>;

/** Fills `:name` segments of a route path; every value is URI-encoded. */
export function buildPath(path: string, params: Readonly<Record<string, unknown>> = {}): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) {
      throw new Error(`Missing path parameter "${name}" for ${path}`);
    }
    return encodeURIComponent(String(value));
  });
}
