import { ApiError, healthRoutes, identityRoutes } from '@hearth/contracts';
import { describe, expect, it } from 'vitest';
import { apiError, coordinator, fakeApi, type FakeRequest } from '../testing/render-app';
import { createAuthedApiClient, type BearerAuth } from './authed-client';

function fakeAuth(tokens: (string | undefined)[], renewable: boolean) {
  let current = tokens.shift();
  const calls = { renewals: 0, expired: 0 };
  const auth: BearerAuth = {
    accessToken: () => current,
    async renew() {
      calls.renewals += 1;
      if (!renewable) return false;
      current = tokens.shift();
      return true;
    },
    expire() {
      calls.expired += 1;
      current = undefined;
    },
  };
  return { auth, calls };
}

const unauthenticated = apiError(401, 'unauthenticated', 'Please sign in');
const peopleBody = { people: [coordinator] };

describe('createAuthedApiClient', () => {
  it('sends the bearer token to routes that need one and never to public routes', async () => {
    const requests: FakeRequest[] = [];
    const fetch = fakeApi({ 'GET /api/people': { status: 200, body: peopleBody } }, requests);
    const { auth } = fakeAuth(['token-1'], true);
    const client = createAuthedApiClient(
      { baseUrl: '', fetch: fetch as typeof globalThis.fetch },
      auth,
    );

    await client.call(identityRoutes.people);
    await client.call(healthRoutes.ready);
    await client.call(identityRoutes.logout);
    expect(requests.map((r) => [r.path, r.headers['authorization']])).toEqual([
      ['/api/people', 'Bearer token-1'],
      ['/health/ready', undefined],
      ['/api/auth/logout', undefined],
    ]);
  });

  it('renews once after a 401 and repeats the call with the new token', async () => {
    const requests: FakeRequest[] = [];
    const fetch = fakeApi(
      {
        'GET /api/people': (request) =>
          request.headers['authorization'] === 'Bearer fresh'
            ? { status: 200, body: peopleBody }
            : unauthenticated,
      },
      requests,
    );
    const { auth, calls } = fakeAuth(['stale', 'fresh'], true);
    const client = createAuthedApiClient(
      { baseUrl: '', fetch: fetch as typeof globalThis.fetch },
      auth,
    );

    expect(await client.call(identityRoutes.people)).toEqual(peopleBody);
    expect(calls).toEqual({ renewals: 1, expired: 0 });
    expect(requests.map((r) => r.headers['authorization'])).toEqual([
      'Bearer stale',
      'Bearer fresh',
    ]);
  });

  it('ends the session when the token cannot be renewed', async () => {
    const fetch = fakeApi({ 'GET /api/people': unauthenticated });
    const { auth, calls } = fakeAuth(['stale'], false);
    const client = createAuthedApiClient(
      { baseUrl: '', fetch: fetch as typeof globalThis.fetch },
      auth,
    );

    await expect(client.call(identityRoutes.people)).rejects.toMatchObject({ status: 401 });
    expect(calls).toEqual({ renewals: 1, expired: 1 });
  });

  it('ends the session when even the renewed token is refused, without renewing again', async () => {
    const requests: FakeRequest[] = [];
    const fetch = fakeApi({ 'GET /api/people': unauthenticated }, requests);
    const { auth, calls } = fakeAuth(['stale', 'also-refused'], true);
    const client = createAuthedApiClient(
      { baseUrl: '', fetch: fetch as typeof globalThis.fetch },
      auth,
    );

    const failure = await client.call(identityRoutes.people).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(calls).toEqual({ renewals: 1, expired: 1 });
    expect(requests).toHaveLength(2);
  });

  it('leaves other errors alone: a 403 is not a reason to sign out', async () => {
    const fetch = fakeApi({
      'GET /api/people': apiError(403, 'forbidden', 'Your role does not allow this'),
    });
    const { auth, calls } = fakeAuth(['token'], true);
    const client = createAuthedApiClient(
      { baseUrl: '', fetch: fetch as typeof globalThis.fetch },
      auth,
    );

    await expect(client.call(identityRoutes.people)).rejects.toMatchObject({ status: 403 });
    expect(calls).toEqual({ renewals: 0, expired: 0 });
  });
});

describe('per-call headers', () => {
  it('adds headers to one call only, next to the bearer token', async () => {
    const requests: FakeRequest[] = [];
    const fetch = fakeApi({ 'GET /api/people': { status: 200, body: peopleBody } }, requests);
    const { auth } = fakeAuth(['token-1'], true);
    const client = createAuthedApiClient(
      { baseUrl: '', fetch: fetch as typeof globalThis.fetch },
      auth,
    );

    await client.call(identityRoutes.people, {}, { headers: { 'Idempotency-Key': 'key-1' } });
    await client.call(identityRoutes.people);
    expect(requests.map((r) => [r.headers['authorization'], r.headers['idempotency-key']])).toEqual(
      [
        ['Bearer token-1', 'key-1'],
        ['Bearer token-1', undefined],
      ],
    );
  });

  it('asks for a step-up when a sensitive act is refused for want of one, then repeats it once', async () => {
    const requests: FakeRequest[] = [];
    let refusals = 1;
    const fetch = fakeApi(
      {
        'GET /api/people': () =>
          refusals-- > 0
            ? apiError(403, 'step_up_required', 'Please confirm it is you', {
                methods: ['totp', 'recovery_code'],
              })
            : { status: 200, body: peopleBody },
      },
      requests,
    );
    const asked: unknown[] = [];
    const client = createAuthedApiClient(
      { baseUrl: '', fetch: fetch as typeof globalThis.fetch },
      fakeAuth(['token-1'], true).auth,
      async (methods) => {
        asked.push(methods);
        return true;
      },
    );
    await expect(client.call(identityRoutes.people)).resolves.toEqual(peopleBody);
    expect(asked).toEqual([['totp', 'recovery_code']]);
    expect(requests.filter((r) => r.path === '/api/people')).toHaveLength(2);

    // The person cancels: the refusal stands and nothing is repeated.
    refusals = 1;
    const cancelling = createAuthedApiClient(
      { baseUrl: '', fetch: fetch as typeof globalThis.fetch },
      fakeAuth(['token-1'], true).auth,
      async () => false,
    );
    await expect(cancelling.call(identityRoutes.people)).rejects.toMatchObject({
      code: 'step_up_required',
    });
    expect(requests.filter((r) => r.path === '/api/people')).toHaveLength(3);
  });
});
