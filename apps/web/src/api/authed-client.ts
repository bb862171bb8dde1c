import {
  ApiError,
  type ApiClientOptions,
  type CallOptions,
  type RouteContract,
  type RouteInput,
  type RouteOutput,
  type SecondFactorMethod,
} from '@hearth/contracts';
import { isLaterRoute, loadContracts, type LaterRoute } from './contracts-later';
import { createLazyApiClient, type WebApiClient } from './lazy-client';

export type { CallOptions };

export type { WebApiClient };

/** Where the client gets its access token, and what it does when the server stops taking it. */
export interface BearerAuth {
  /** The current access token, if someone is signed in. */
  accessToken(): string | undefined;
  /** Gets a fresh access token; resolves to false when none could be had. */
  renew(): Promise<boolean>;
  /** Ends the session here because the server no longer accepts it. */
  expire(): void;
}

async function isPublic(route: RouteContract | LaterRoute<RouteContract>): Promise<boolean> {
  if (!isLaterRoute(route)) return route.public === true;
  return route.pick(await loadContracts()).public === true;
}

function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/** Asks the person to confirm it is them (see StepUpPrompt); true once they have. */
export type ConfirmStepUp = (methods: readonly SecondFactorMethod[]) => Promise<boolean>;

function stepUpMethods(error: unknown): SecondFactorMethod[] | null {
  if (!(error instanceof ApiError) || error.code !== 'step_up_required') return null;
  const methods = error.details?.['methods'];
  return Array.isArray(methods) ? (methods as SecondFactorMethod[]) : ['password'];
}

/**
 * An API client that signs every non-public call with the session's bearer token. A 401 means the
 * token ran out or was revoked: the client renews it once and repeats the call, and if that does
 * not help the session ends, so the person is sent to sign in rather than shown broken pages.
 * With `confirmStepUp`, a 403 `step_up_required` asks the person to confirm and repeats the call.
 */
export function createAuthedApiClient(
  options: Omit<ApiClientOptions, 'headers'>,
  auth: BearerAuth,
  confirmStepUp?: ConfirmStepUp,
): WebApiClient {
  // Public routes (sign-in, refresh, invitation links) never carry the token: it is not needed
  // there, and a token not sent is a token not leaked.
  const anonymous = createLazyApiClient(options);
  const bearerHeaders = (): Record<string, string> => {
    const token = auth.accessToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  const bearer = createLazyApiClient({ ...options, headers: bearerHeaders });

  const signed = {
    async call<R extends RouteContract>(
      route: R | LaterRoute<R>,
      input?: RouteInput<R>,
      callOptions?: CallOptions,
    ): Promise<RouteOutput<R>> {
      if (await isPublic(route)) return anonymous.call(route, input, callOptions);
      try {
        return await bearer.call(route, input, callOptions);
      } catch (error) {
        if (!isUnauthenticated(error)) throw error;
        if (!(await auth.renew())) {
          auth.expire();
          throw error;
        }
      }
      try {
        return await bearer.call(route, input, callOptions);
      } catch (error) {
        if (isUnauthenticated(error)) auth.expire();
        throw error;
      }
    },
  };
  if (!confirmStepUp) return signed;
  // A sensitive act refused for want of a recent confirmation: ask for one, then try once more.
  return {
    async call<R extends RouteContract>(
      route: R | LaterRoute<R>,
      input?: RouteInput<R>,
      callOptions?: CallOptions,
    ): Promise<RouteOutput<R>> {
      try {
        return await signed.call(route, input, callOptions);
      } catch (error) {
        const methods = stepUpMethods(error);
        if (!methods || !(await confirmStepUp(methods))) throw error;
      }
      return signed.call(route, input, callOptions);
    },
  };
}
