import { randomUUID } from 'node:crypto';
import { apiRoutes, buildPath, type RouteContract, schedulingRoutes } from '@hearth/contracts';
import type { DataSource } from 'typeorm';
import {
  type Actor,
  courseBody,
  type SchedulingHarness,
  startSchedulingApp,
} from '../testing/scheduling-harness';

// A GET never changes anything: a link followed, prefetched or replayed by a proxy must be
// harmless. Every route of the contracts is swept, so a new route is covered the day it lands.
// Reads may append to the audit log (that is the point of auditing reads); nothing else moves.

const gets = apiRoutes.filter((route) => route.method === 'GET');
const writes = apiRoutes.filter((route) => route.method !== 'GET');
const patternOf = (path: string) => path.replace(/:[A-Za-z]+/g, ':');

/** A digest of every table but the audit log, to compare before and after. */
async function fingerprint(db: DataSource): Promise<Record<string, string>> {
  const tables = (await db.query(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
        AND table_name NOT IN ('audit_event', 'migrations')
      ORDER BY 1`,
  )) as { name: string }[];
  const digest: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = (await db.query(
      `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h FROM "${name}" t`,
    )) as { h: string }[];
    digest[name] = row!.h;
  }
  return digest;
}

describe('no state change through GET', () => {
  let h: SchedulingHarness;
  let callers: Actor[];
  let params: Record<string, string>;

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
    params = {
      courseId: course.id,
      sessionId: course.sessions[0]!.id,
      personId: client.personId,
      practiceId: practice.coordinator.practiceId,
      memberId: course.members[0]!.id,
      requestId: randomUUID(),
      invitationId: randomUUID(),
      alertId: randomUUID(),
      deviceId: randomUUID(),
      passkeyId: randomUUID(),
      mailId: randomUUID(),
      token: 'A'.repeat(43),
      file: `${'A'.repeat(43)}.ics`,
    };
  });

  afterAll(async () => {
    await h?.close();
  });

  const pathOf = (route: RouteContract) => {
    const path = buildPath(route.path, params);
    return route.path === '/api/sessions'
      ? `${path}?from=2027-01-01T00:00:00Z&to=2027-03-01T00:00:00Z`
      : path;
  };

  it('declares every GET route as a read: no body, no creation, no idempotency key, no conflicts', () => {
    expect(gets.length).toBeGreaterThan(20);
    const offenders = gets.filter(
      (route) =>
        route.body !== undefined ||
        (route.status ?? 200) !== 200 ||
        route.idempotent === true ||
        (route.errors ?? []).some((status) => status === 409 || status === 422),
    );
    expect(offenders.map((route) => route.path)).toEqual([]);
  });

  // The one write a read may make: the practice's default consent text is stored the first time
  // anyone reads the practice's consent (clinical/default-consent.ts). It happens once, so the
  // second sweep below must find nothing at all changed.
  const materialisedOnFirstRead = ['consent_version'];
  const without = (digest: Record<string, string>, tables: string[]) =>
    Object.fromEntries(Object.entries(digest).filter(([name]) => !tables.includes(name)));

  const sweep = async () => {
    let answered = 0;
    for (const caller of callers) {
      for (const route of gets) {
        const reply = await caller.request('GET', pathOf(route), undefined, {
          accept: 'application/json',
        });
        expect({ route: route.path, status: reply.status < 500 }).toEqual({
          route: route.path,
          status: true,
        });
        if (reply.status === 200) answered += 1;
      }
    }
    return answered;
  };

  it('changes nothing when every GET route is called by each role, twice', async () => {
    const before = await fingerprint(h.db);
    // Most reads really ran (each role is refused some routes), so the sweep proves something.
    expect(await sweep()).toBeGreaterThan(gets.length);
    const afterFirst = await fingerprint(h.db);
    expect(without(afterFirst, materialisedOnFirstRead)).toEqual(
      without(before, materialisedOnFirstRead),
    );
    await sweep();
    expect(await fingerprint(h.db)).toEqual(afterFirst);
  });

  it('refuses GET on every write route, and changes nothing', async () => {
    const readable = new Set(gets.map((route) => patternOf(route.path)));
    const writeOnly = writes.filter((route) => !readable.has(patternOf(route.path)));
    expect(writeOnly.length).toBeGreaterThan(20);
    const before = await fingerprint(h.db);
    const [coordinator] = callers;
    const answers: { route: string; status: number }[] = [];
    for (const route of writeOnly) {
      const reply = await coordinator!.request('GET', pathOf(route), undefined, {
        accept: 'application/json',
      });
      answers.push({ route: `${route.method} ${route.path}`, status: reply.status });
    }
    // 404 when nothing answers GET there; 400 when a read route's id pattern catches the path.
    expect(answers.filter(({ status }) => status !== 404 && status !== 400)).toEqual([]);
    expect(await fingerprint(h.db)).toEqual(before);
  });
});
