import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';
import { startServer, type ServerProcess } from '../support/server';
import {
  api,
  signUpPractice,
  type Person,
  startSmtpServer,
  type TestSmtpServer,
} from './hearth-client';

// PostgreSQL goes away under load and comes back. The API process stays up throughout; its
// readiness probe turns red while the database is gone and green once it is back; requests in
// between are refused with a clean 503, never a 500 or a dropped connection; and every course
// the API created — during the outage too — has all 16 of its sessions and their bookings, with
// nothing half-written. The database is a private server of this test's own: the shared one is
// used by other test files at the same time and must never be restarted.

const SESSIONS = 16;

interface Outcome {
  readonly phase: Phase;
  readonly status: number;
  readonly courseId?: string;
  readonly body?: unknown;
}
type Phase = 'before' | 'outage' | 'recovering' | 'after';

describe('PostgreSQL restarted under load', () => {
  let pg: PrivatePostgres;
  let server: ServerProcess;
  let smtp: TestSmtpServer;
  let dataDir: string;
  let coordinator: Person;
  let therapists: Person[];
  let client: Person;
  let phase: Phase = 'before';
  let running = true;
  const outcomes: Outcome[] = [];
  const transportErrors: string[] = [];
  let slot = 0;
  let writes = 0;

  /** A course in a weekly slot of its own, so load never collides on bookings. */
  function nextCourseBody() {
    slot += 1;
    const therapist = therapists[slot % therapists.length]!;
    return {
      title: `Load course ${slot}`,
      format: 'individual',
      focusAreas: ['grief'],
      therapistId: therapist.personId,
      timeZone: 'UTC',
      // Slot n is a weekday, a half-hour between 06:00 and 19:30 and a year of its own: 392
      // courses a year, 16 weeks each, so no two courses ever overlap.
      weekday: (slot % 7) + 1,
      localTime: `${String(6 + (Math.floor(slot / 7) % 14)).padStart(2, '0')}:${Math.floor(slot / 98) % 2 ? '30' : '00'}`,
      startDate: `${2040 + Math.floor(slot / 196)}-01-01`,
      sessionCount: SESSIONS,
      durationMinutes: 30,
      members: [{ personId: client.personId, relation: 'member', status: 'active' }],
    };
  }

  async function writer(): Promise<void> {
    while (running) {
      const started = phase;
      writes += 1;
      try {
        const reply = await api(
          server.url,
          'POST',
          '/api/courses',
          nextCourseBody(),
          coordinator.token,
        );
        outcomes.push({
          phase: started,
          status: reply.status,
          ...(reply.status === 201 ? { courseId: reply.body.id as string } : {}),
          ...(reply.status === 503 ? { body: reply.body } : {}),
        });
      } catch (error) {
        transportErrors.push(`${started}: ${(error as Error).message}`);
      }
    }
  }

  async function reader(): Promise<void> {
    const paths = [
      '/api/courses',
      '/api/me',
      '/api/sessions?from=2040-01-01T00:00:00Z&to=2040-03-01T00:00:00Z',
    ];
    let i = 0;
    while (running) {
      const started = phase;
      try {
        const reply = await api(
          server.url,
          'GET',
          paths[i++ % paths.length]!,
          undefined,
          coordinator.token,
        );
        outcomes.push({ phase: started, status: reply.status });
      } catch (error) {
        transportErrors.push(`${started}: ${(error as Error).message}`);
      }
    }
  }

  async function readiness(): Promise<number> {
    return (await api(server.url, 'GET', '/health/ready')).status;
  }

  async function waitForReadiness(status: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await readiness()) === status) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`/health/ready did not answer ${status} within ${timeoutMs} ms`);
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    dataDir = mkdtempSync(join(tmpdir(), 'hearth-reliability-pg-'));
    smtp = await startSmtpServer();
    server = await startServer({
      SMTP_URL: smtp.url,
      DATABASE_URL: pg.url,
      HEARTH_DATA_DIR: dataDir,
      NODE_ENV: 'production',
      TRUST_PROXY: 'true',
      REMINDER_INTERVAL_SECONDS: '0',
    });
    const practice = await signUpPractice(server.url, smtp, 'Harbour IPT', 'Hana Coordinator');
    coordinator = practice.coordinator;
    therapists = [];
    for (const name of ['Dr Ines', 'Dr Jonas', 'Dr Kemi']) {
      therapists.push(await practice.person(name, ['therapist']));
    }
    client = await practice.person('Lior Client', ['client']);
  }, 60_000);

  afterAll(async () => {
    running = false;
    await server?.stop();
    await smtp?.stop();
    await pg?.remove();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('stays up, reports not-ready, answers 503 while the database is gone and recovers', async () => {
    expect(await readiness()).toBe(200);
    const load = [writer(), writer(), writer(), writer(), reader(), reader()];
    await sleep(1_500);

    // A crash-like stop: PostgreSQL aborts every open connection and transaction.
    await pg.stop('immediate');
    phase = 'outage';
    await waitForReadiness(503, 10_000);
    const ready = await api(server.url, 'GET', '/health/ready');
    expect(ready.body).toMatchObject({
      status: 'not_ready',
      checks: { database: { status: 'down' } },
    });
    expect((await api(server.url, 'GET', '/health/live')).status).toBe(200);
    await sleep(2_500);

    phase = 'recovering';
    await pg.start();
    await waitForReadiness(200, 20_000);
    phase = 'after';
    await sleep(2_000);
    running = false;
    await Promise.all(load);

    expect(server.child.exitCode).toBeNull();
    expect(transportErrors).toEqual([]);
    const statuses = new Set(outcomes.map((o) => o.status));
    // Only success or "try again shortly": never a 500, never another error.
    expect([...statuses].filter((s) => ![200, 201, 503].includes(s))).toEqual([]);
    const during = outcomes.filter((o) => o.phase === 'outage');
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((o) => o.status === 503)).toBe(true);
    // The refusal says to try again and reveals nothing of the cause.
    expect(during.find((o) => o.body)?.body).toEqual({
      error: {
        code: 'unavailable',
        message: 'The service is temporarily unavailable; try again shortly',
      },
    });
    const after = outcomes.filter((o) => o.phase === 'after');
    expect(after.filter((o) => o.status === 201).length).toBeGreaterThan(0);
    expect(after.filter((o) => o.status === 200).length).toBeGreaterThan(0);
    expect(after.every((o) => o.status !== 503)).toBe(true);
    expect(outcomes.filter((o) => o.phase === 'before' && o.status === 201).length).toBeGreaterThan(
      0,
    );
  }, 90_000);

  it('left no partial writes: every course has all its sessions and bookings', async () => {
    const db = new Client({ connectionString: pg.url });
    await db.connect();
    try {
      const courses = await db.query<{ id: string; sessions: number; bookings: number }>(
        `SELECT c.id,
                (SELECT count(*)::int FROM session s WHERE s.course_id = c.id) AS sessions,
                (SELECT count(*)::int FROM booking b JOIN session s ON s.id = b.session_id
                  WHERE s.course_id = c.id) AS bookings
           FROM course c`,
      );
      const created = outcomes.filter((o) => o.courseId).map((o) => o.courseId!);
      expect(created.length).toBeGreaterThan(0);
      const stored = new Map(courses.rows.map((row) => [row.id, row]));
      // Every course the API said it created is there…
      expect(created.filter((id) => !stored.has(id))).toEqual([]);
      // …and every course in the database (including any whose answer was lost in the outage)
      // is whole: 16 sessions, each booked for the therapist and the client.
      const broken = courses.rows.filter(
        (row) => row.sessions !== SESSIONS || row.bookings !== SESSIONS * 2,
      );
      expect(broken).toEqual([]);
      const orphans = await db.query<{ n: number }>(
        `SELECT (SELECT count(*)::int FROM session s
                  WHERE NOT EXISTS (SELECT 1 FROM course c WHERE c.id = s.course_id))
              + (SELECT count(*)::int FROM roster_member r
                  WHERE NOT EXISTS (SELECT 1 FROM course c WHERE c.id = r.course_id)) AS n`,
      );
      expect(orphans.rows[0]!.n).toBe(0);
      // A course has one roster row for its client, or none at all.
      const rosters = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM course c
          WHERE (SELECT count(*) FROM roster_member r WHERE r.course_id = c.id) <> 1`,
      );
      expect(rosters.rows[0]!.n).toBe(0);
      // At most one course per attempt: nothing was written twice.
      expect(courses.rows.length).toBeLessThanOrEqual(writes + 4);
    } finally {
      await db.end();
    }
  });
});
