import {
  ApiError,
  createApiClient,
  type ApiClient,
  type ApiClientOptions,
  type RouteContract,
  type RouteInput,
  type RouteOutput,
} from '@hearth/contracts';

/** Per-call options the shared contract client has no place for. */
export interface CallOptions {
  /** Extra headers for this one request, e.g. an `Idempotency-Key`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * The web's API client: the contract client's `call`, plus per-call headers. The contract client
 * only takes headers for every request, so a call with its own headers gets a client of its own.
 */
export interface WebApiClient extends ApiClient {
  call<R extends RouteContract>(
    route: R,
    input?: RouteInput<R>,
    options?: CallOptions,
  ): Promise<RouteOutput<R>>;
}

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
  const plainBearer = createApiClient({ ...options, headers: bearerHeaders });

  return {
    async call<R extends RouteContract>(
      route: R,
      input?: RouteInput<R>,
      callOptions?: CallOptions,
    ): Promise<RouteOutput<R>> {
      const extra = callOptions?.headers;
      const bearer = extra
        ? createApiClient({ ...options, headers: () => ({ ...extra, ...bearerHeaders() }) })
        : plainBearer;
      if (route.public) {
        return extra
          ? createApiClient({ ...options, headers: () => extra }).call(route, input)
          : anonymous.call(route, input);
      }
      try {
        return await bearer.call(route, input);
      } catch (error) {
        if (!isUnauthenticated(error)) throw error;
        if (!(await auth.renew())) {
          auth.expire();
          throw error;
        }
      }
      try {
        return await bearer.call(route, input);
      } catch (error) {
        if (isUnauthenticated(error)) auth.expire();
        throw error;
      }
    },
  };
}
