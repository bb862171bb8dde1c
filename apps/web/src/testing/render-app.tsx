import { render, type RenderResult } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { createApiClient } from '@hearth/contracts';
import { ApiClientContext } from '../api/client';
import { App } from '../app/App';

export type FakeFetch = (url: string, init?: RequestInit) => Promise<Response>;

/** A fetch that answers every request with one JSON body and status, and records the URLs. */
export function answering(status: number, body: unknown, requested: string[] = []): FakeFetch {
  return async (url) => {
    requested.push(url);
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  };
}

export const readyBody = { status: 'ready', checks: { database: { status: 'up', latencyMs: 1 } } };
export const notReadyBody = { status: 'not_ready', checks: { database: { status: 'down' } } };

/** Renders the whole app at one address, with the API reached only through the given fetch. */
export function renderApp(
  path: string,
  fetch: FakeFetch = answering(200, readyBody),
): RenderResult {
  const client = createApiClient({ baseUrl: '', fetch: fetch as typeof globalThis.fetch });
  return render(
    <ApiClientContext value={client}>
      <MemoryRouter initialEntries={[path]}>
        <App />
      </MemoryRouter>
    </ApiClientContext>,
  );
}
