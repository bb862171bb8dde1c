// Scheduling benchmarks (QUALITY.md), each against a baseline measured in the same run:
//  1. POST /api/courses of a 16-session course with its conflict checks, among 10,000 existing
//     sessions — against the same work done as raw SQL through pg (overlap check + inserts).
//  2. GET /api/sessions/:id (session with roster and course, audited) — against a trivial route
//     (/health/live) of the same server.
// Runs the built server (`npm run build`) as its own process on a fresh PostgreSQL database.
// Usage: node bench/scheduling.bench.mjs   (writes bench/results/scheduling.json)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { admin, freePort, percentile, postgresServerUrl } from './lib/common.mjs';
import { confirmedSignUp, startMailbox } from './lib/mailbox.mjs';
import { describeMemory, memorySampler } from './lib/memory.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const serverUrl = postgresServerUrl;
const creates = Number(process.env.BENCH_CREATES ?? 100);
const readSeconds = Number(process.env.BENCH_READ_SECONDS ?? 10);

const round = (n) => Math.round(n * 100) / 100;

const dbName = `hearth_bench_${randomBytes(4).toString('hex')}`;
await admin(`CREATE DATABASE ${dbName} TEMPLATE template0`);
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${dbName}`;
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
// BENCH_CPU_PROFILE=dir writes a V8 CPU profile of the server (open it in Chrome DevTools).
const profileArgs = process.env.BENCH_CPU_PROFILE
  ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
  : [];
// Sign-ups are confirmed from the emailed link, so the server's mail comes here.
const mailbox = await startMailbox();
const server = spawn(
  process.execPath,
  [...profileArgs, join(root, 'dist/api/apps/api/src/main.js')],
  {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: dbUrl.toString(),
      SMTP_URL: mailbox.url,
      PORT: String(port),
      NODE_ENV: 'production',
      REMINDER_INTERVAL_SECONDS: '0',
      WEB_DIST_DIR: '/nonexistent',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
const memory = memorySampler({ label: 'API server', pid: server.pid });
const db = new pg.Client({ connectionString: dbUrl.toString() });

async function waitReady() {
  for (let i = 0; i < 200; i += 1) {
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    if (server.exitCode !== null)
      throw new Error(`the server exited during start-up (${server.exitCode})`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become ready');
}

async function api(method, path, body, token) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

try {
  await waitReady();
  await db.connect();
  const signUp = await confirmedSignUp(api, mailbox, {
    practiceName: 'Benchmark Practice',
    displayName: 'Bench Coordinator',
    email: 'bench@example.org',
    password: 'a long enough passphrase',
    timeZone: 'UTC',
  });
  const token = signUp.accessToken;
  const practiceId = signUp.person.practiceId;
  const coordinatorId = signUp.person.id;

  // 10,000 existing sessions: 625 sixteen-week courses over 25 therapists (each with a client),
  // every therapist busy at 25 different weekly hours.
  console.log('seeding 10,000 sessions…');
  await db.query(
    `
    WITH t AS (
      INSERT INTO person (practice_id, email, display_name, roles, time_zone)
      SELECT $1, 'therapist' || i || '@example.org', 'Therapist ' || i, ARRAY['therapist'], 'UTC'
        FROM generate_series(0, 24) i RETURNING id, display_name)
    SELECT count(*) FROM t`,
    [practiceId],
  );
  await db.query(
    `
    INSERT INTO person (practice_id, email, display_name, roles, time_zone)
    SELECT $1, 'client' || i || '@example.org', 'Client ' || i, ARRAY['client'], 'UTC'
      FROM generate_series(0, 624) i`,
    [practiceId],
  );
  await db.query(
    `
    WITH therapists AS (
      SELECT id, row_number() OVER (ORDER BY display_name) - 1 AS i FROM person
       WHERE practice_id = $1 AND 'therapist' = ANY (roles)),
    clients AS (
      SELECT id, (regexp_replace(display_name, '\\D', '', 'g'))::int AS c FROM person
       WHERE practice_id = $1 AND 'client' = ANY (roles)),
    plan AS (
      SELECT c.c, c.id AS client_id, t.id AS therapist_id, (c.c / 25) AS slot
        FROM clients c JOIN therapists t ON t.i = c.c % 25),
    courses AS (
      INSERT INTO course (practice_id, title, format, focus_areas, therapist_id, session_count,
                          duration_minutes, time_zone, weekday, local_time, start_date, max_members, created_by)
      SELECT $1, 'Seed ' || p.c, 'individual', ARRAY['grief'], p.therapist_id, 16, 50, 'UTC',
             1 + p.slot % 5, lpad((8 + p.slot / 5)::text, 2, '0') || ':00', date '2027-01-04' + (p.slot % 5),
             1, $2
        FROM plan p
      RETURNING id, therapist_id, weekday, local_time, start_date, title),
    sessions AS (
      INSERT INTO session (course_id, practice_id, number, starts_at, ends_at)
      SELECT c.id, $1, n, (c.start_date + (n - 1) * 7 + c.local_time::time) AT TIME ZONE 'UTC',
             (c.start_date + (n - 1) * 7 + c.local_time::time) AT TIME ZONE 'UTC' + interval '50 minutes'
        FROM courses c CROSS JOIN generate_series(1, 16) n
      RETURNING id, course_id, starts_at, ends_at)
    INSERT INTO booking (session_id, person_id, role, during)
    SELECT s.id, x.person_id, x.role, tstzrange(s.starts_at, s.ends_at)
      FROM sessions s JOIN courses c ON c.id = s.course_id
      JOIN plan p ON 'Seed ' || p.c = c.title
      CROSS JOIN LATERAL (VALUES (c.therapist_id, 'therapist'), (p.client_id, 'client')) AS x (person_id, role)`,
    [practiceId, coordinatorId],
  );
  await db.query('ANALYZE');
  const [{ n: existing }] = (await db.query('SELECT count(*)::int AS n FROM session')).rows;
  const [{ id: therapistId }] = (
    await db.query(
      `SELECT id FROM person WHERE display_name = 'Therapist 0' AND practice_id = $1`,
      [practiceId],
    )
  ).rows;

  // Free weekly slots for the same busy therapist: afternoons, then later start dates.
  const slot = (k) => ({
    weekday: 1 + (k % 7),
    localTime: `${String(13 + (Math.floor(k / 7) % 10)).padStart(2, '0')}:00`,
    startDate: `2027-${Math.floor(k / 70) === 0 ? '01-04' : '06-07'}`,
  });

  // Warm up both paths (connections, JIT of the code paths) before measuring.
  const body = (k, offset = 0) => ({
    title: `Bench ${k}`,
    format: 'individual',
    focusAreas: ['grief'],
    therapistId,
    sessionCount: 16,
    durationMinutes: 50,
    timeZone: 'UTC',
    ...slot(k + offset),
  });
  for (let k = 0; k < 5; k += 1) await api('POST', '/api/courses', body(k, 200), token);

  console.log(`creating ${creates} courses through the API…`);
  const apiTimes = [];
  for (let k = 0; k < creates; k += 1) {
    const started = performance.now();
    await api('POST', '/api/courses', body(k), token);
    apiTimes.push(performance.now() - started);
  }

  // Baseline: the same work as raw SQL — overlap check for 16 ranges, then course, sessions and
  // bookings — through pg, in one transaction.
  const rawCreate = async (k, weeksAhead = 60) => {
    const s = slot(k);
    const start = new Date(`${s.startDate}T${s.localTime}:00Z`);
    start.setUTCDate(
      start.getUTCDate() +
        ((s.weekday - 1 - ((start.getUTCDay() + 6) % 7) + 7) % 7) +
        7 * weeksAhead,
    );
    const starts = Array.from(
      { length: 16 },
      (_, i) => new Date(start.getTime() + i * 7 * 86_400_000),
    );
    const ends = starts.map((d) => new Date(d.getTime() + 50 * 60_000));
    await db.query('BEGIN');
    try {
      const clash = await db.query(
        `SELECT b.session_id FROM booking b, unnest($2::timestamptz[], $3::timestamptz[]) AS r (s, e)
          WHERE b.person_id = $1 AND NOT b.cancelled AND b.during && tstzrange(r.s, r.e) LIMIT 1`,
        [therapistId, starts, ends],
      );
      if (clash.rowCount) throw new Error('unexpected clash in baseline');
      const {
        rows: [course],
      } = await db.query(
        `INSERT INTO course (practice_id, title, format, focus_areas, therapist_id, session_count, duration_minutes,
                             time_zone, weekday, local_time, start_date, max_members, created_by)
         VALUES ($1, $2, 'individual', ARRAY['grief'], $3, 16, 50, 'UTC', $4, $5, $6, 1, $7) RETURNING id`,
        [
          practiceId,
          `Raw ${k}`,
          therapistId,
          s.weekday,
          s.localTime,
          starts[0].toISOString().slice(0, 10),
          coordinatorId,
        ],
      );
      await db.query(
        `WITH s AS (
           INSERT INTO session (course_id, practice_id, number, starts_at, ends_at)
           SELECT $1, $2, n, st, en FROM unnest($3::timestamptz[], $4::timestamptz[]) WITH ORDINALITY AS u (st, en, n)
           RETURNING id, starts_at, ends_at)
         INSERT INTO booking (session_id, person_id, role, during)
         SELECT id, $5, 'therapist', tstzrange(starts_at, ends_at) FROM s`,
        [course.id, practiceId, starts, ends, therapistId],
      );
      await db.query('COMMIT');
    } catch (error) {
      await db.query('ROLLBACK');
      throw error;
    }
  };
  for (let k = 0; k < 5; k += 1) await rawCreate(k, 120);
  const rawTimes = [];
  for (let k = 0; k < creates; k += 1) {
    const started = performance.now();
    await rawCreate(k);
    rawTimes.push(performance.now() - started);
  }

  // Reads: one session with its course and roster, as the coordinator.
  const { sessions } = await api(
    'GET',
    `/api/sessions?from=${encodeURIComponent('2027-01-04T00:00:00Z')}&to=${encodeURIComponent('2027-01-11T00:00:00Z')}`,
    undefined,
    token,
  );
  const sessionId = sessions[0].id;
  const load = (path, headers = {}) =>
    autocannon({ url: `${base}${path}`, connections: 10, duration: readSeconds, headers });
  await load('/health/live'); // warm-up
  const hello = await load('/health/live');
  const read = await load(`/api/sessions/${sessionId}`, { authorization: `Bearer ${token}` });
  if (read.non2xx > 0) throw new Error(`session reads failed: ${read.non2xx} non-2xx`);

  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      memoryGiB: round(os.totalmem() / 2 ** 30),
    },
    node: process.version,
    existingSessions: existing,
    schedule16: {
      api: {
        p50: round(percentile(apiTimes, 50)),
        p95: round(percentile(apiTimes, 95)),
        n: creates,
      },
      rawSql: {
        p50: round(percentile(rawTimes, 50)),
        p95: round(percentile(rawTimes, 95)),
        n: creates,
      },
      target: 'p95 <= 25 ms',
    },
    sessionRead: {
      api: { reqPerSec: round(read.requests.average), p99: read.latency.p99 },
      helloWorld: { reqPerSec: round(hello.requests.average), p99: hello.latency.p99 },
      target: '>= 3000 req/s at p99 <= 20 ms',
    },
    memory: memory.stop(),
  };
  result.schedule16.ratioP95 = round(result.schedule16.api.p95 / result.schedule16.rawSql.p95);
  result.schedule16.met = result.schedule16.api.p95 <= 25;
  result.sessionRead.met =
    result.sessionRead.api.reqPerSec >= 3000 && result.sessionRead.api.p99 <= 20;
  result.sessionRead.ratioThroughput = round(
    result.sessionRead.api.reqPerSec / result.sessionRead.helloWorld.reqPerSec,
  );

  console.log('\nScheduling benchmark (2 runs each against a baseline in the same run)');
  console.table({
    'schedule 16 sessions (API)': {
      p50_ms: result.schedule16.api.p50,
      p95_ms: result.schedule16.api.p95,
    },
    'schedule 16 sessions (raw SQL)': {
      p50_ms: result.schedule16.rawSql.p50,
      p95_ms: result.schedule16.rawSql.p95,
    },
  });
  console.log(`API / raw SQL p95: ${result.schedule16.ratioP95}× (target: API p95 <= 25 ms)`);
  console.table({
    'GET session (API)': result.sessionRead.api,
    'GET /health/live (hello world)': result.sessionRead.helloWorld,
  });
  console.log(
    `session read / hello world throughput: ${result.sessionRead.ratioThroughput}× (target >= 3000 req/s, p99 <= 20 ms)`,
  );
  console.log(describeMemory(result.memory));
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    join(root, 'bench/results/scheduling.json'),
    `${JSON.stringify(result, null, 2)}\n`,
  );
} finally {
  memory.stop();
  await db.end().catch(() => {});
  server.kill('SIGTERM');
  if (server.exitCode === null && server.signalCode === null) {
    await once(server, 'exit').catch(() => undefined);
  }
  await mailbox.stop().catch(() => undefined);
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
}
