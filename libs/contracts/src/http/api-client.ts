import { ApiError } from './api-error';
import { apiErrorBodySchema } from './errors';

export { ApiError };
import { buildPath, type RouteContract, type RouteInput, type RouteOutput } from './route';

export interface ApiClientOptions {
  /** Origin and prefix the route paths are relative to, e.g. "" in the browser. */
  readonly baseUrl: string;
  readonly fetch?: typeof fetch;
  /** Extra headers for every request (for example the bearer token). */
  readonly headers?: () => Readonly<Record<string, string>>;
  /** `include` to send cookies across origins; the browser default is same-origin. */
  readonly credentials?: 'include' | 'same-origin' | 'omit';
}

/** Options of one call. */
export interface CallOptions {
  /** Extra headers for this one request, e.g. an `Idempotency-Key`. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ApiClient {
  call<R extends RouteContract>(
    route: R,
    input?: RouteInput<R>,
    options?: CallOptions,
  ): Promise<RouteOutput<R>>;
}

function toQueryString(query: unknown): string {
  if (query === undefined || query === null) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      search.append(key, item instanceof Date ? item.toISOString() : String(item));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * A typed client over the route contracts: inputs and outputs are inferred from the schemas, and
 * every response is parsed, so a server that drifts from its contract fails loudly here.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  return {
    async call<R extends RouteContract>(
      route: R,
      input?: RouteInput<R>,
      callOptions?: CallOptions,
    ): Promise<RouteOutput<R>> {
      const parts = (input ?? {}) as { params?: unknown; query?: unknown; body?: unknown };
      const url =
        options.baseUrl +
        buildPath(route.path, (parts.params ?? {}) as Record<string, unknown>) +
        toQueryString(parts.query);
      const headers: Record<string, string> = {
        accept: 'application/json',
        ...options.headers?.(),
        ...callOptions?.headers,
      };
      let body: string | undefined;
      if (parts.body !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(parts.body);
      }
      const response = await doFetch(url, {
        method: route.method,
        headers,
        body,
        ...(options.credentials ? { credentials: options.credentials } : {}),
      });
      const text = await response.text();
      if (response.ok && route.contentType && route.contentType !== 'application/json') {
        return route.response.parse(text) as RouteOutput<R>;
      }
      let json: unknown = undefined;
      if (text) {
        try {
          json = JSON.parse(text);
        } catch {
          throw new ApiError(
            response.status,
            'invalid_response',
            'The server sent a response that is not JSON',
          );
        }
      }
      if (!response.ok) {
        const parsed = apiErrorBodySchema.safeParse(json);
        if (parsed.success) {
          const { code, message, details } = parsed.data.error;
          throw new ApiError(response.status, code, message, details);
        }
        throw new ApiError(
          response.status,
          'http_error',
          `Request failed with status ${response.status}`,
        );
      }
      const parsed = route.response.safeParse(json);
      if (!parsed.success) {
        throw new ApiError(
          response.status,
          'invalid_response',
          'The server response does not match its contract',
        );
      }
      return parsed.data as RouteOutput<R>;
    },
  };
}
