import { randomUUID } from 'node:crypto';
import { schedulingRoutes } from '@hearth/contracts';
import { fingerprint } from '../testing/database-probe';
import {
  type Actor,
  courseBody,
  type Json,
  type SchedulingHarness,
  startSchedulingApp,
} from '../testing/scheduling-harness';

// Every route of the published OpenAPI document gets the hostile set in every text field, date,
// query and path parameter, as each role: nothing may answer 5xx and nothing may be stored. The
// bodies are built from the document itself, so a route added later is swept the day it lands.

type Schema = Record<string, Json>;

const hostileText = [
  'Ann\u0000a',
  '\u0007ring',
  'report\u202Etxt.exe',
  '\u200B\u200B\u200B',
  '\uFEFF\u2060 ',
  'x\uD800y',
  'x'.repeat(30_000),
];
const hostileInstants = ['9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z', '2026-13-45T99:00:00Z'];
const hostileDates = ['9999-12-20', '0001-01-01', '2026-02-30'];

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly parameters: { name: string; in: string; schema: Schema }[];
  readonly body?: Schema;
}

/** A value for the schema where every text field is `text`, dates `date`, instants `instant`. */
function build(schema: Schema, hostile: { text: string; date: string; instant: string }): Json {
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const union = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (union) return build(union.find((s) => s.type !== 'null') ?? union[0]!, hostile);
  if (Array.isArray(schema.allOf)) return build(schema.allOf[0] as Schema, hostile);
  switch (schema.type) {
    case 'string':
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date-time') return hostile.instant;
      if (schema.format === 'date') return hostile.date;
      return hostile.text;
    case 'integer':
    case 'number':
      return (schema.minimum as number | undefined) ?? 1;
    case 'boolean':
      return true;
    case 'array': {
      const count = Math.max(1, (schema.minItems as number | undefined) ?? 1);
      return Array.from({ length: count }, () => build(schema.items as Schema, hostile));
    }
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      return Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [name, build(property, hostile)]),
      );
    }
    default:
      return hostile.text;
  }
}

// A lone surrogate cannot be percent-encoded as UTF-8; send the bytes such a client would.
const encode = (value: string) =>
  encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '')).concat(
    /[\uD800-\uDFFF]/.test(value) ? '%ED%A0%80' : '',
  );

/** Whether a schema has any field the hostile set reaches (text, dates or instants). */
function reachable(schema: Schema): boolean {
  const json = JSON.stringify(build(schema, { text: '\u0001', date: '\u0001', instant: '\u0001' }));
  return json.includes('\\u0001');
}

describe('hostile input on every route of the OpenAPI document', () => {
  let h: SchedulingHarness;
  let callers: Actor[];
  let ids: Record<string, string>;
  let operations: Operation[];

  beforeAll(async () => {
    h = await startSchedulingApp();
    const practice = await h.practice();
    const therapist = await practice.person('Theo Therapist', ['therapist']);
    const client = await practice.person('Ada Client', ['client']);
    const course = await practice.coordinator.call(schedulingRoutes.createCourse, {
      body: courseBody({
        format: 'individual',
        therapistId: therapist.personId,
        members: [{ personId: client.personId, relation: 'member', status: 'active' }],
      }),
    });
    callers = [practice.coordinator, therapist, client];
    ids = {
      courseId: course.id,
      sessionId: course.sessions[0]!.id,
      personId: client.personId,
      practiceId: practice.coordinator.practiceId,
      memberId: course.members[0]!.id,
    };
    const doc = (await (await fetch(`${h.t.baseUrl}/api/docs/openapi.json`)).json()) as Json;
    operations = Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(
      ([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({
          method: method.toUpperCase(),
          path,
          parameters: op.parameters ?? [],
          body: op.requestBody?.content?.['application/json']?.schema,
        })),
    );
  });

  afterAll(async () => {
    await h?.close();
  });

  const pathOf = (op: Operation, hostileParam?: string) =>
    op.path.replace(/\{([A-Za-z]+)\}/g, (_, name: string) =>
      encode(hostileParam ?? ids[name] ?? randomUUID()),
    );

  it('answers every hostile body, query and path without a 5xx, and stores nothing', async () => {
    expect(operations.length).toBeGreaterThan(50);
    const before = await fingerprint(h.db);
    const failures: string[] = [];
    let sent = 0;
    const send = async (caller: Actor, method: string, path: string, body?: unknown) => {
      const reply = await caller.request(method, path, body, { 'x-forwarded-for': '10.9.9.9' });
      sent += 1;
      if (reply.status >= 500) failures.push(`${method} ${path} → ${reply.status}`);
    };
    for (const op of operations) {
      for (const caller of callers) {
        for (const [i, text] of hostileText.entries()) {
          const hostile = {
            text,
            date: hostileDates[i % hostileDates.length]!,
            instant: hostileInstants[i % hostileInstants.length]!,
          };
          if (op.body && reachable(op.body)) {
            await send(caller, op.method, pathOf(op), build(op.body, hostile));
          }
          const query = op.parameters.filter((p) => p.in === 'query' && reachable(p.schema));
          if (query.length > 0) {
            const search = new URLSearchParams(
              query.map((p): [string, string] => [p.name, String(build(p.schema, hostile))]),
            );
            await send(caller, op.method, `${pathOf(op)}?${search}`, op.body ? {} : undefined);
          }
          if (op.parameters.some((p) => p.in === 'path')) {
            await send(caller, op.method, pathOf(op, text), op.body ? {} : undefined);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(1_000);
    expect(await fingerprint(h.db)).toEqual(before);
  }, 600_000);

  it('refuses the reproduced cases with the field named, and every page still reads', async () => {
    const [coordinator] = callers;
    const reschedule = await coordinator!.request(
      'POST',
      `/api/sessions/${ids.sessionId}/reschedule`,
      { startsAt: '9999-12-31T23:59:59Z' },
    );
    expect(reschedule.status).toBe(400);
    expect(reschedule.body.error.details.issues[0].path).toBe('startsAt');
    const farCourse = await coordinator!.request('POST', '/api/courses', {
      ...courseBody({ therapistId: callers[1]!.personId }),
      startDate: '9999-12-20',
    });
    expect(farCourse.status).toBe(400);
    for (const name of ['Ann\u0000', 'Ann\r\nBcc: x@example.org', '\u202Enna', '\u200B\u200B']) {
      const invite = await coordinator!.request('POST', '/api/invitations', {
        email: `${randomUUID()}@example.org`,
        displayName: name,
        roles: ['client'],
      });
      expect({ name, status: invite.status }).toEqual({ name, status: 400 });
      const signUp = await coordinator!.request('POST', '/api/auth/sign-up', {
        practiceName: 'Practice',
        displayName: name,
        email: `${randomUUID()}@example.org`,
        password: 'a long enough passphrase',
        timeZone: 'Europe/London',
      });
      expect({ name, status: signUp.status }).toEqual({ name, status: 400 });
    }
    for (const path of [`/api/courses/${ids.courseId}`, `/api/sessions/${ids.sessionId}`]) {
      expect((await coordinator!.request('GET', path)).status).toBe(200);
    }
  });
});
