import { Controller, Module } from '@nestjs/common';
import {
  apiRoutes,
  createApiClient,
  defineRoute,
  healthRoutes,
  type ParsedRouteInput,
} from '@hearth/contracts';
import { DomainError } from '@hearth/domain';
import { z } from 'zod';
import { startTestApp, type TestApp } from '../testing/test-app';
import { ContractRoute, Input } from './contract-route';

// Assertions walk arbitrary JSON; the contract types are exercised through the typed client.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const readJson = (res: Response): Promise<any> => res.json();

const addMember = defineRoute({
  method: 'POST',
  path: '/api/test/groups/:groupId/members',
  summary: 'Add a member (test route)',
  tags: ['test'],
  public: true,
  params: z.object({ groupId: z.uuid() }),
  query: z.object({ notify: z.enum(['yes', 'no']).default('no') }),
  body: z.object({
    displayName: z.string().min(1).max(80),
    relation: z.enum(['partner', 'parent', 'child']),
  }),
  response: z.object({ groupId: z.string(), displayName: z.string(), notify: z.string() }),
  status: 201,
});

const failing = defineRoute({
  method: 'GET',
  path: '/api/test/failures/:kind',
  summary: 'Fail on purpose (test route)',
  tags: ['test'],
  public: true,
  params: z.object({ kind: z.enum(['conflict', 'crash']) }),
  response: z.object({}),
});

@Controller()
class TestRoutesController {
  @ContractRoute(addMember)
  add(@Input() input: ParsedRouteInput<typeof addMember>) {
    return {
      groupId: input.params.groupId,
      displayName: input.body.displayName,
      notify: input.query.notify,
    };
  }

  @ContractRoute(failing)
  fail(@Input() input: ParsedRouteInput<typeof failing>): never {
    if (input.params.kind === 'conflict') {
      throw new DomainError('conflict', 'The therapist is already booked', { sessionId: 'abc' });
    }
    throw new Error('secret internal detail');
  }
}

@Module({ controllers: [TestRoutesController] })
class TestRoutesModule {}

describe('HTTP layer against the real database', () => {
  let testApp: TestApp;
  let base: string;
  let logLines: string[];

  beforeAll(async () => {
    testApp = await startTestApp({ imports: [TestRoutesModule] });
    base = testApp.baseUrl;
    logLines = testApp.logLines;
  });

  afterAll(async () => {
    await testApp?.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('answers liveness and readiness through the typed client', async () => {
    const client = createApiClient({ baseUrl: base });
    expect(await client.call(healthRoutes.live)).toEqual({ status: 'live' });
    const ready = await client.call(healthRoutes.ready);
    expect(ready.status).toBe('ready');
    expect(ready.checks.database.status).toBe('up');
    expect(ready.checks.media).toEqual({ status: 'up', workers: 1, configured: 1 });
  });

  it('validates params, query and body and names every bad field', async () => {
    const res = await post('/api/test/groups/not-a-uuid/members?notify=maybe', {
      displayName: '',
      relation: 'cousin',
    });
    expect(res.status).toBe(400);
    const body = await readJson(res);
    expect(body.error.code).toBe('validation_failed');
    const fields = body.error.details.issues.map(
      (i: { location: string; path: string }) => `${i.location}.${i.path}`,
    );
    expect(fields.sort()).toEqual([
      'body.displayName',
      'body.relation',
      'params.groupId',
      'query.notify',
    ]);
  });

  it('passes parsed input to the handler and uses the contract status', async () => {
    const res = await post('/api/test/groups/5f1e9a52-0d7c-4c59-9d0e-6c1f3e2a4b10/members', {
      displayName: 'Sam',
      relation: 'partner',
      __proto__: { admin: true },
      extra: 'dropped',
    });
    expect(res.status).toBe(201);
    expect(await readJson(res)).toEqual({
      groupId: '5f1e9a52-0d7c-4c59-9d0e-6c1f3e2a4b10',
      displayName: 'Sam',
      notify: 'no',
    });
  });

  it('rejects a missing body, malformed JSON and an oversized body with JSON errors', async () => {
    const path = '/api/test/groups/5f1e9a52-0d7c-4c59-9d0e-6c1f3e2a4b10/members';
    const missing = await fetch(`${base}${path}`, { method: 'POST' });
    expect(missing.status).toBe(400);
    expect((await readJson(missing)).error.details.issues[0].location).toBe('body');
    const malformed = await post(path, '{"displayName":');
    expect(malformed.status).toBe(400);
    expect((await readJson(malformed)).error.message).toBe('The request body is not valid JSON');
    const huge = await post(path, { displayName: 'x'.repeat(300_000), relation: 'child' });
    expect(huge.status).toBe(413);
    expect((await readJson(huge)).error.code).toBe('payload_too_large');
  });

  it('maps domain errors to their status and hides unexpected ones', async () => {
    const conflict = await fetch(`${base}/api/test/failures/conflict`);
    expect(conflict.status).toBe(409);
    expect(await readJson(conflict)).toEqual({
      error: {
        code: 'conflict',
        message: 'The therapist is already booked',
        details: { sessionId: 'abc' },
      },
    });
    const crash = await fetch(`${base}/api/test/failures/crash`);
    expect(crash.status).toBe(500);
    const body = await readJson(crash);
    expect(body).toEqual({
      error: { code: 'internal_error', message: 'Something went wrong on our side' },
    });
    expect(JSON.stringify(body)).not.toContain('secret');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await fetch(`${base}/api/no/such/thing`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect((await readJson(res)).error.code).toBe('not_found');
  });

  it('serves an OpenAPI document of every contract route, and Swagger UI', async () => {
    const doc = await readJson(await fetch(`${base}/api/docs/openapi.json`));
    for (const route of apiRoutes) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method.toLowerCase()]).toBeDefined();
    }
    const ui = await fetch(`${base}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger-ui-bundle.js');
    expect((await fetch(`${base}/api/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it('tags each request with an id and logs it without bodies or raw URLs', async () => {
    logLines.length = 0;
    const res = await post(
      '/api/test/groups/5f1e9a52-0d7c-4c59-9d0e-6c1f3e2a4b10/members?notify=yes',
      {
        displayName: 'Private Person',
        relation: 'parent',
      },
    );
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const entries = logLines.map((line) => JSON.parse(line));
    const entry = entries.find((e) => e.msg === 'request' && e.requestId === requestId);
    expect(entry).toMatchObject({
      method: 'POST',
      route: '/api/test/groups/:groupId/members',
      status: 201,
    });
    expect(logLines.join('\n')).not.toContain('Private Person');
    expect(logLines.join('\n')).not.toContain('notify=yes');
  });

  it('reports not ready with a 503 once the database is gone', async () => {
    await testApp.database.drop();
    const res = await fetch(`${base}/health/ready`);
    expect(res.status).toBe(503);
    expect(await readJson(res)).toEqual({
      status: 'not_ready',
      checks: { database: { status: 'down' }, media: { status: 'up', workers: 1, configured: 1 } },
    });
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
  });
});
