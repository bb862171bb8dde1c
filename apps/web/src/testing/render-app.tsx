import { render, type RenderResult } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import type { Person, SessionTokens } from '@hearth/contracts';
import { App } from '../app/App';
import { AppProviders } from '../app/AppProviders';
import { createWebServices, type WebServices } from '../app/web-services';
import { CallClientFactoryContext, type CallClientFactory } from '../features/call/call-context';

export type FakeFetch = (url: string, init?: RequestInit) => Promise<Response>;

function json(status: number, body: unknown): Response {
  return new Response(body === undefined ? '' : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** A fetch that answers every request with one JSON body and status, and records the URLs. */
export function answering(status: number, body: unknown, requested: string[] = []): FakeFetch {
  return async (url) => {
    requested.push(url);
    return json(status, body);
  };
}

export const readyBody = {
  status: 'ready',
  checks: {
    database: { status: 'up', latencyMs: 1 },
    media: { status: 'up', workers: 2, configured: 2 },
  },
};
export const notReadyBody = {
  status: 'not_ready',
  checks: { database: { status: 'down' }, media: { status: 'up', workers: 2, configured: 2 } },
};

/** One request the fake API received. */
export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface FakeReply {
  readonly status: number;
  readonly body?: unknown;
}

/** Replies keyed by "METHOD /path"; a function can answer differently each time. */
export type FakeRoutes = Readonly<
  Record<string, FakeReply | ((request: FakeRequest) => FakeReply | Promise<FakeReply>)>
>;

export function apiError(
  status: number,
  code: string,
  message: string,
  details?: Record<string, unknown>,
): FakeReply {
  return { status, body: { error: { code, message, ...(details ? { details } : {}) } } };
}

export const noRefreshCookie = apiError(401, 'unauthenticated', 'Please sign in');

/**
 * A fake Hearth API over fetch: the service is ready and nobody has a refresh cookie unless a test
 * says otherwise, unknown routes are 404s, and every request is recorded with its headers.
 */
export function fakeApi(routes: FakeRoutes = {}, requests: FakeRequest[] = []): FakeFetch {
  const all: FakeRoutes = {
    'GET /health/ready': { status: 200, body: readyBody },
    'POST /api/auth/refresh': noRefreshCookie,
    'POST /api/auth/logout': { status: 200, body: { signedOut: true } },
    ...routes,
  };
  return async (url, init) => {
    const method = init?.method ?? 'GET';
    const path = new URL(url, 'http://hearth.test').pathname;
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    const request = { method, path, headers, body };
    requests.push(request);
    const route = all[`${method} ${path}`];
    const reply = typeof route === 'function' ? await route(request) : route;
    return reply
      ? json(reply.status, reply.body)
      : json(404, { error: { code: 'not_found', message: 'Not found' } });
  };
}

export const coordinator: Person = {
  id: '3f0c6f1e-1d1b-4f5b-9d53-2b7b1c7a8e01',
  practiceId: '8d1f7a52-5b7e-4a3f-8c1e-6f2d9b0c4a11',
  email: 'cora@hearth.example',
  displayName: 'Cora Coordinator',
  roles: ['coordinator'],
  timeZone: 'Europe/London',
};

export const client: Person = {
  id: '5a2b8c3d-4e5f-4a6b-9c7d-8e9f0a1b2c03',
  practiceId: coordinator.practiceId,
  email: 'cleo@hearth.example',
  displayName: 'Cleo Client',
  roles: ['client'],
  timeZone: 'Europe/Madrid',
};

export function tokensFor(
  person: Person,
  accessToken = 'access-1',
  expiresIn = 900,
): SessionTokens {
  return { accessToken, expiresIn, person };
}

/** A refresh cookie that keeps working: each refresh hands out the next access token. */
export function signedInAs(person: Person, expiresIn = 900): FakeRoutes {
  let issued = 0;
  return {
    'POST /api/auth/refresh': () => {
      issued += 1;
      return { status: 200, body: tokensFor(person, `access-${issued}`, expiresIn) };
    },
  };
}

export interface RenderAppOptions {
  /** Live calls over fakes (see fake-call.ts) instead of socket.io and mediasoup. */
  readonly callClient?: CallClientFactory;
}

/** Renders the whole app at one address, with the API reached only through the given fetch. */
export function renderApp(
  path: string,
  fetch: FakeFetch = fakeApi(),
  options: RenderAppOptions = {},
): RenderResult & { services: WebServices } {
  const services = createWebServices({ baseUrl: '', fetch: fetch as typeof globalThis.fetch });
  services.session.start();
  const app = (
    <MemoryRouter initialEntries={[path]}>
      <App />
    </MemoryRouter>
  );
  const result = render(
    <AppProviders services={services}>
      {options.callClient ? (
        <CallClientFactoryContext value={options.callClient}>{app}</CallClientFactoryContext>
      ) : (
        app
      )}
    </AppProviders>,
  );
  return Object.assign(result, { services });
}
