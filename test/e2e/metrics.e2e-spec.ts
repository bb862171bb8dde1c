import { createServer } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  createTestDatabase,
  signUpCoordinator,
  startSmtpServer,
  type TestDatabase,
  type TestSmtpServer,
} from '@hearth/testing';
import { launchBrowser } from '../support/browser';
import { startServer, type ServerProcess } from '../support/server';
import { api } from '../support/api';
import { showPanel } from '@hearth/testing';

// The operators' Prometheus endpoint during a real call: a therapist and a client in Chromium
// with fake camera and microphone, one API node on PostgreSQL and Redis. The series move (sockets,
// joins and their durations, media workers' transports, tracks, bitrate, scores, CPU, a
// reconnect), they live on their own port only, and no label names a person or a session.

const password = 'velvet quarry trumpet';
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/12';

interface Person {
  readonly name: string;
  readonly email: string;
  personId: string;
}
const therapist: Person = { name: 'Dr Imani Clarke', email: 'imani@metrics.example', personId: '' };
const ana: Person = { name: 'Ana Reyes', email: 'ana@metrics.example', personId: '' };
const ben: Person = { name: 'Ben Reyes', email: 'ben@metrics.example', personId: '' };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** One Prometheus sample: name, labels, value. */
interface Sample {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly value: number;
}

function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]!] = pair[2]!;
    }
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of a series' samples whose labels include `labels`. */
function sum(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name)
    .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((total, s) => total + s.value, 0);
}

function has(samples: Sample[], name: string, labels: Record<string, string> = {}): boolean {
  return samples.some(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
}

async function until(
  what: string,
  check: () => Promise<boolean>,
  seen: () => string = () => '',
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting until ${what}\n${seen()}`);
}

/** The live and media series of a scrape, to show what was there when a wait fails. */
const shown = (samples: Sample[]) =>
  samples
    .filter((s) => /^hearth_(sfu|live|cluster)_/.test(s.name) && !s.name.endsWith('_bucket'))
    .map((s) => `${s.name}${JSON.stringify(s.labels)} ${s.value}`)
    .join('\n');

function sessionStartingNow(): { weekday: number; localTime: string; startDate: string } {
  const start = new Date(Date.now() - 2 * 60_000);
  return {
    weekday: start.getUTCDay() === 0 ? 7 : start.getUTCDay(),
    localTime: start.toISOString().slice(11, 16),
    startDate: start.toISOString().slice(0, 10),
  };
}

describe('Prometheus metrics during a real call', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let smtp: TestSmtpServer;
  let metricsUrl: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pages = new Map<Person, Page>();
  let sessionId: string;

  const scrape = async (): Promise<Sample[]> => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parse(await response.text());
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    smtp = await startSmtpServer();
    server = await startServer({
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      METRICS_PORT: String(metricsPort),
      SFU_WORKERS: '2',
      SMTP_URL: smtp.url,
    });
    const coordinator = await signUpCoordinator(server.url, smtp, {
      practiceName: 'Harbour IPT',
      displayName: 'Cleo Coordinator',
      email: 'cleo@metrics.example',
      password,
      timeZone: 'Europe/London',
    });
    for (const [person, roles] of [
      [therapist, ['therapist']],
      [ana, ['client']],
      [ben, ['client']],
    ] as const) {
      const { acceptPath } = await api<{ acceptPath: string }>(
        server,
        'POST',
        '/api/invitations',
        { email: person.email, displayName: person.name, roles },
        coordinator.accessToken,
      );
      const accepted = await api<{ person: { id: string }; accessToken: string }>(
        server,
        'POST',
        `/api/invitations/${acceptPath.split('/').pop()}/accept`,
        { password, timeZone: 'Europe/London' },
      );
      person.personId = accepted.person.id;
      if (roles[0] === 'client') {
        const consent = await fetch(`${server.url}/api/consent`, {
          headers: { authorization: `Bearer ${accepted.accessToken}` },
        }).then((r) => r.json() as Promise<{ version: number }>);
        await api(
          server,
          'POST',
          '/api/consent/accept',
          { version: consent.version },
          accepted.accessToken,
        );
      }
    }
    const course = await api<{ sessions: { id: string }[] }>(
      server,
      'POST',
      '/api/courses',
      {
        title: 'Reyes couple',
        format: 'couple',
        focusAreas: ['disputes'],
        therapistId: therapist.personId,
        timeZone: 'UTC',
        ...sessionStartingNow(),
        members: [
          { personId: ana.personId, relation: 'partner', status: 'active' },
          { personId: ben.personId, relation: 'partner', status: 'active' },
        ],
      },
      coordinator.accessToken,
    );
    sessionId = course.sessions[0]!.id;
    browser = await launchBrowser();
    for (const person of [therapist, ana]) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.grantPermissions(['camera', 'microphone']);
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${server.url}/sign-in`);
      await page.getByLabel('Email address').fill(person.email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: `Hello, ${person.name}` }).waitFor();
      pages.set(person, page);
    }
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
    await database?.drop();
  });

  const page = (person: Person) => pages.get(person)!;

  async function enter(person: Person): Promise<void> {
    const p = page(person);
    await p.goto(`${server.url}/sessions/${sessionId}/join`);
    await p.getByRole('heading', { level: 1, name: 'Get ready to join' }).waitFor();
    await p.getByRole('button', { name: 'Join', exact: true }).click();
  }

  it('are served on their own port only, not by the public server', async () => {
    const samples = await scrape();
    expect(has(samples, 'process_cpu_seconds_total')).toBe(true);
    expect(sum(samples, 'hearth_sfu_worker_up')).toBe(2);
    expect(sum(samples, 'hearth_redis_up')).toBe(1);
    const publicAnswer = await fetch(`${server.url}/metrics`);
    expect(await publicAnswer.text()).not.toContain('hearth_');
  });

  it('move with a call: sockets, joins, transports, tracks, bitrate, scores and worker CPU', async () => {
    const before = await scrape();
    await enter(therapist);
    await page(therapist).getByRole('toolbar', { name: 'Call controls' }).waitFor();
    await enter(ana);
    await page(ana).getByRole('heading', { level: 1, name: 'Waiting room' }).waitFor();
    await showPanel(page(therapist), 'People');
    await page(therapist)
      .getByRole('button', { name: `Admit ${ana.name}` })
      .click();
    await page(ana).getByRole('toolbar', { name: 'Call controls' }).waitFor();

    // Media flows both ways: two senders of audio and video, each received by the other.
    let during: Sample[] = [];
    await until(
      'the media series show the call',
      async () => {
        during = await scrape();
        return (
          sum(during, 'hearth_sfu_producers', { kind: 'video' }) >= 2 &&
          sum(during, 'hearth_sfu_producers', { kind: 'audio' }) >= 2 &&
          sum(during, 'hearth_sfu_consumers', { kind: 'video' }) >= 2 &&
          sum(during, 'hearth_sfu_bitrate_bits_per_second', { direction: 'in' }) > 0 &&
          sum(during, 'hearth_sfu_bitrate_bits_per_second', { direction: 'out' }) > 0 &&
          has(during, 'hearth_sfu_score', { side: 'consumer', stat: 'mean' }) &&
          has(during, 'hearth_sfu_round_trip_seconds', { stat: 'mean' })
        );
      },
      () => shown(during),
      60_000,
    );
    expect(sum(during, 'hearth_live_sockets')).toBeGreaterThanOrEqual(2);
    expect(sum(during, 'hearth_sfu_sessions')).toBe(1);
    expect(sum(during, 'hearth_sfu_peers')).toBe(2);
    expect(sum(during, 'hearth_sfu_transports')).toBeGreaterThanOrEqual(4);
    expect(sum(during, 'hearth_cluster_hosted_sessions')).toBe(1);
    expect(
      sum(during, 'hearth_live_joins_total', { outcome: 'joined' }) -
        sum(before, 'hearth_live_joins_total', { outcome: 'joined' }),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sum(during, 'hearth_live_join_duration_seconds_count', { outcome: 'joined' }),
    ).toBeGreaterThanOrEqual(2);
    expect(sum(during, 'hearth_sfu_score', { side: 'consumer', stat: 'mean' })).toBeGreaterThan(0);
    expect(sum(during, 'hearth_sfu_worker_cpu_seconds_total')).toBeGreaterThan(
      sum(before, 'hearth_sfu_worker_cpu_seconds_total'),
    );
    // HTTP latency by route pattern (parameters as their names), and the database pool behind it.
    expect(
      sum(during, 'hearth_http_request_duration_seconds_count', {
        route: '/api/auth/login',
        method: 'POST',
        status: '2xx',
      }),
    ).toBeGreaterThanOrEqual(2);
    const routes = new Set(
      during
        .filter((s) => s.name === 'hearth_http_request_duration_seconds_count')
        .map((s) => s.labels['route']!),
    );
    expect([...routes].some((route) => /\/:[a-zA-Z]+/.test(route))).toBe(true);
    expect(sum(during, 'hearth_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
  });

  it('count a reconnect when a person comes back into the same session', async () => {
    const before = sum(await scrape(), 'hearth_live_reconnects_total');
    await enter(ana);
    let samples: Sample[] = [];
    await until(
      'the client is back in the call',
      async () => {
        samples = await scrape();
        return sum(samples, 'hearth_live_reconnects_total') > before;
      },
      () => shown(samples),
    );
  });

  it('name no person, session or id in any label', async () => {
    const text = await fetch(metricsUrl).then((r) => r.text());
    const labelValues = parse(text).flatMap((s) => Object.values(s.labels));
    for (const secret of [sessionId, therapist.personId, ana.personId, ana.email, ana.name]) {
      expect(text).not.toContain(secret);
    }
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
    expect(labelValues.filter((value) => uuid.test(value))).toEqual([]);
  });
});
