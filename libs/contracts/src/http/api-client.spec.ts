import { z } from 'zod';
import { ApiError, createApiClient } from './api-client';
import { defineRoute } from './route';

const getThing = defineRoute({
  method: 'GET',
  path: '/api/things/:id',
  summary: 'A thing',
  tags: ['test'],
  params: z.object({ id: z.string() }),
  query: z.object({ tags: z.array(z.string()).optional(), after: z.date().optional() }),
  response: z.object({ id: z.string(), size: z.number() }),
});

const createThing = defineRoute({
  method: 'POST',
  path: '/api/things',
  summary: 'Make a thing',
  tags: ['test'],
  body: z.object({ size: z.number() }),
  response: z.object({ id: z.string(), size: z.number() }),
  status: 201,
});

function fakeFetch(status: number, body: unknown, seen: { url?: string; init?: RequestInit } = {}) {
  return (async (url: string, init?: RequestInit) => {
    seen.url = url;
    seen.init = init;
    return new Response(body === undefined ? '' : JSON.stringify(body), { status });
  }) as unknown as typeof fetch;
}

describe('createApiClient', () => {
  it('builds the URL from params and query and parses the response', async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    const client = createApiClient({
      baseUrl: 'http://h',
      fetch: fakeFetch(200, { id: 'x', size: 2 }, seen),
    });
    const thing = await client.call(getThing, {
      params: { id: 'x' },
      query: { tags: ['a', 'b'], after: new Date('2026-01-02T03:04:05Z') },
    });
    expect(thing).toEqual({ id: 'x', size: 2 });
    expect(seen.url).toBe('http://h/api/things/x?tags=a&tags=b&after=2026-01-02T03%3A04%3A05.000Z');
    expect(seen.init?.method).toBe('GET');
  });

  it('sends the body as JSON', async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    const client = createApiClient({
      baseUrl: '',
      fetch: fakeFetch(201, { id: 'n', size: 5 }, seen),
    });
    await client.call(createThing, { body: { size: 5 } });
    expect(seen.init?.body).toBe('{"size":5}');
    expect((seen.init?.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it('turns an error body into an ApiError with its code and details', async () => {
    const client = createApiClient({
      baseUrl: '',
      fetch: fakeFetch(409, {
        error: { code: 'conflict', message: 'Booked', details: { sessionId: 's' } },
      }),
    });
    const failure = client.call(createThing, { body: { size: 1 } });
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({
      status: 409,
      code: 'conflict',
      details: { sessionId: 's' },
    });
  });

  it('rejects a success response that breaks the contract', async () => {
    const client = createApiClient({ baseUrl: '', fetch: fakeFetch(200, { id: 1 }) });
    await expect(client.call(getThing, { params: { id: 'x' }, query: {} })).rejects.toMatchObject({
      code: 'invalid_response',
    });
  });
});

describe('createApiClient per-call headers', () => {
  it('adds the headers of one call to the client-wide ones, for that call only', async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    const client = createApiClient({
      baseUrl: '',
      fetch: fakeFetch(201, { id: 'n', size: 5 }, seen),
      headers: () => ({ authorization: 'Bearer t' }),
    });
    await client.call(createThing, { body: { size: 5 } }, { headers: { 'Idempotency-Key': 'k1' } });
    expect(seen.init?.headers).toMatchObject({
      authorization: 'Bearer t',
      'Idempotency-Key': 'k1',
    });
    await client.call(createThing, { body: { size: 5 } });
    expect(seen.init?.headers).not.toHaveProperty('Idempotency-Key');
  });
});
