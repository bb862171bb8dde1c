import { ApiError, identityRoutes } from '@hearth/contracts';
import { describe, expect, it } from 'vitest';
import { coordinator, fakeApi, tokensFor, type FakeRequest } from '../testing/render-app';
import { later, laterSchema, loadContracts } from './contracts-later';
import { createLazyApiClient } from './lazy-client';

const login = later((c) => c.identityRoutes.login);
const body = { email: 'ada@example.org', password: 'correct horse battery' };

describe('createLazyApiClient', () => {
  it('sends a route named with later exactly as the contract route itself', async () => {
    const requests: FakeRequest[] = [];
    const fetch = fakeApi(
      { 'POST /api/auth/login': { status: 200, body: tokensFor(coordinator) } },
      requests,
    );
    const client = createLazyApiClient({ baseUrl: '', fetch: fetch as typeof globalThis.fetch });
    const lazily = await client.call(login, { body });
    const directly = await client.call(identityRoutes.login, { body });
    expect(lazily).toEqual(directly);
    expect(requests).toHaveLength(2);
    expect(requests[0]).toEqual(requests[1]);
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/api/auth/login', body });
  });

  it('validates the answer with the contract schema, as before', async () => {
    const fetch = fakeApi({ 'POST /api/auth/login': { status: 200, body: { accessToken: 1 } } });
    const client = createLazyApiClient({ baseUrl: '', fetch: fetch as typeof globalThis.fetch });
    const failure = await client.call(login, { body }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 200, code: 'invalid_response' });
  });

  it('turns an error body into the same ApiError', async () => {
    const fetch = fakeApi({
      'POST /api/auth/login': {
        status: 401,
        body: { error: { code: 'invalid_credentials', message: 'Wrong email or password' } },
      },
    });
    const client = createLazyApiClient({ baseUrl: '', fetch: fetch as typeof globalThis.fetch });
    await expect(client.call(login, { body })).rejects.toMatchObject({
      status: 401,
      code: 'invalid_credentials',
      message: 'Wrong email or password',
    });
  });
});

describe('laterSchema', () => {
  it('resolves to the contract schema itself', async () => {
    const contracts = await loadContracts();
    expect(await laterSchema((c) => c.loginBodySchema)()).toBe(contracts.loginBodySchema);
  });
});
