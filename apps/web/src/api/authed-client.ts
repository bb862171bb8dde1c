import {
  ApiError,
  createApiClient,
  type ApiClient,
  type ApiClientOptions,
  type CallOptions,
  type RouteContract,
  type RouteInput,
  type RouteOutput,
} from '@hearth/contracts';

export type { CallOptions };

/** The web's API client: the contract client, signing calls with the session's token. */
export type WebApiClient = ApiClient;

/** Where the client gets its access token, and what it does when the server stops taking it. */
export interface BearerAuth {
  /** The current access token, if someone is signed in. */
  accessToken(): string | undefined;
  /** Gets a fresh access token; resolves to false when none could be had. */
  renew(): Promise<boolean>;
  /** Ends the session here because the server no longer accepts it. */
  expire(): void;
}

function isUnauthenticated(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/**
 * An API client that signs every non-public call with the session's bearer token. A 401 means the
 * token ran out or was revoked: the client renews it once and repeats the call, and if that does
 * not help the session ends, so the person is sent to sign in rather than shown broken pages.
 */
export function createAuthedApiClient(
  options: Omit<ApiClientOptions, 'headers'>,
  auth: BearerAuth,
): WebApiClient {
  // Public routes (sign-in, refresh, invitation links) never carry the token: it is not needed
  // there, and a token not sent is a token not leaked.
  const anonymous = createApiClient(options);
  const bearerHeaders = (): Record<string, string> => {
    const token = auth.accessToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  const bearer = createApiClient({ ...options, headers: bearerHeaders });

  return {
    async call<R extends RouteContract>(
      route: R,
      input?: RouteInput<R>,
      callOptions?: CallOptions,
    ): Promise<RouteOutput<R>> {
      if (route.public) return anonymous.call(route, input, callOptions);
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
}
