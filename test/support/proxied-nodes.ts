import { createServer } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { createClient } from 'redis';
import {
  createTestDatabase,
  signUpCoordinator,
  startSmtpServer,
  type TestDatabase,
  type TestSmtpServer,
} from '@hearth/testing';
import { installFrameWatch } from '../reliability/media-call';
import { api } from './api';
import { startNginx, type Nginx } from './nginx';
import { startServer, type ServerProcess } from './server';

// Several API nodes behind Debian's nginx (docker/nginx/hearth-nodes.conf) on loopback, a course
// with a therapist and clients, and their Chromium pages, all through the proxy's one address:
// what the tests of nodes behind one address share.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
export const password = 'cobalt finch lantern';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** One figure of a node's metrics (summed over labels that match). */
export async function metric(url: string, name: string, labels = ''): Promise<number> {
  const text = await fetch(url, { signal: AbortSignal.timeout(3000) }).then((r) => r.text());
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => line.includes(labels))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

/** One API node behind the proxy; it keeps its ports across restarts (the upstreams are fixed). */
export interface ProxiedNode {
  readonly name: string;
  readonly port: number;
  /** Its metrics endpoint. */
  readonly metrics: string;
  server: ServerProcess;
  stopped: boolean;
  /** SIGTERM: stopped on purpose (a rolling restart); SIGKILL: a crash. Resolves to the exit code. */
  stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<number | null>;
  /** Starts it again on the same ports. */
  start(): Promise<void>;
}

export interface ProxiedNodes {
  readonly proxy: Nginx;
  readonly nodes: readonly ProxiedNode[];
  readonly smtp: TestSmtpServer;
  readonly database: TestDatabase;
  /** The nodes running now. */
  live(): ProxiedNode[];
  /** The node with at least `sockets` live sockets (everyone of the one session), if any. */
  hostingNode(sockets: number): Promise<ProxiedNode | undefined>;
  /** Sessions hosted on each node now (a node not answering counts none). */
  hosted(): Promise<number[]>;
  close(): Promise<void>;
}

/** Starts `count` nodes on a fresh database and Redis database, and nginx in front of them. */
export async function startProxiedNodes(redisUrl: string, count = 3): Promise<ProxiedNodes> {
  const redis = createClient({ url: redisUrl });
  await redis.connect();
  await redis.flushDb();
  await redis.quit();
  const database = await createTestDatabase();
  const smtp = await startSmtpServer();
  const proxyPort = await freePort();
  const nodes: ProxiedNode[] = [];
  for (let i = 0; i < count; i += 1) {
    const [port, metricsPort] = [await freePort(), await freePort()];
    const env = {
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: database.url,
      SMTP_URL: smtp.url,
      REDIS_URL: redisUrl,
      // The nodes' own addresses are known only to the proxy.
      PUBLIC_URL: `http://127.0.0.1:${proxyPort}`,
      TRUST_PROXY: 'true',
      METRICS_PORT: String(metricsPort),
      REMINDER_INTERVAL_SECONDS: '0',
      THERAPY_REQUEST_SWEEP_SECONDS: '0',
    };
    const node: ProxiedNode = {
      name: `node ${i + 1}`,
      port,
      metrics: `http://127.0.0.1:${metricsPort}/metrics`,
      server: await startServer(env),
      stopped: false,
      async stop(signal) {
        node.stopped = true;
        return node.server.stop(signal);
      },
      async start() {
        node.server = await startServer(env);
        node.stopped = false;
      },
    };
    nodes.push(node);
  }
  const proxy = await startNginx(
    proxyPort,
    nodes.map((node) => `http://127.0.0.1:${node.port}`),
  );
  const live = () => nodes.filter((node) => !node.stopped);
  return {
    proxy,
    nodes,
    smtp,
    database,
    live,
    async hostingNode(sockets) {
      for (const node of live()) {
        if ((await metric(node.metrics, 'hearth_live_sockets')) >= sockets) return node;
      }
      return undefined;
    },
    hosted: () =>
      Promise.all(
        nodes.map((node) =>
          node.stopped ? 0 : metric(node.metrics, 'hearth_cluster_hosted_sessions').catch(() => 0),
        ),
      ),
    async close() {
      await proxy.stop();
      for (const node of nodes) await node.server.stop('SIGTERM');
      await smtp.stop();
      await database.drop();
    },
  };
}

export interface ProxiedPerson {
  readonly key: string;
  readonly name: string;
  readonly email: string;
  readonly id: string;
}

/**
 * A practice with a therapist and clients (`clients`), and a course whose first session is on
 * now, made through the proxy's address. Clients wait in the waiting room unless `autoAdmit`.
 */
export async function setUpSession(
  url: string,
  smtp: TestSmtpServer,
  clients: readonly string[],
  options: { readonly autoAdmit?: boolean } = {},
): Promise<{ sessionId: string; people: Record<string, ProxiedPerson> }> {
  const coordinator: Json = await signUpCoordinator(url, smtp, {
    practiceName: 'One Address IPT',
    displayName: 'Cora Coordinator',
    email: 'cora@proxy.example',
    password,
    timeZone: 'UTC',
  });
  const people: Record<string, ProxiedPerson> = {};
  for (const key of ['therapist', ...clients]) {
    const email = `${key}@proxy.example`;
    const name = `Person ${key}`;
    const roles = key === 'therapist' ? ['therapist'] : ['client'];
    const { acceptPath } = await api<Json>(
      url,
      'POST',
      '/api/invitations',
      { email, displayName: name, roles },
      coordinator.accessToken,
    );
    const accepted = await api<Json>(
      url,
      'POST',
      `/api/invitations/${acceptPath.split('/').pop()}/accept`,
      { password, timeZone: 'UTC' },
    );
    if (key !== 'therapist') {
      const token = accepted.accessToken;
      const { version } = await api<Json>(url, 'GET', '/api/consent', undefined, token);
      await api<Json>(url, 'POST', '/api/consent/accept', { version }, token);
    }
    people[key] = { key, name, email, id: accepted.person.id };
  }
  const start = new Date(Date.now() - 60_000);
  const course = await api<Json>(
    url,
    'POST',
    '/api/courses',
    {
      title: 'Proxy course',
      format: clients.length === 1 ? 'individual' : 'group',
      focusAreas: ['grief'],
      therapistId: people['therapist']!.id,
      timeZone: 'UTC',
      weekday: start.getUTCDay() === 0 ? 7 : start.getUTCDay(),
      localTime: start.toISOString().slice(11, 16),
      startDate: start.toISOString().slice(0, 10),
      durationMinutes: 120,
      members: clients.map((key) => ({
        personId: people[key]!.id,
        relation: 'member',
        status: 'active',
      })),
    },
    coordinator.accessToken,
  );
  if (options.autoAdmit) {
    await api<Json>(
      url,
      'PUT',
      `/api/courses/${course.id}/live-settings`,
      { autoAdmitMembers: true },
      coordinator.accessToken,
    );
  }
  return { sessionId: course.sessions[0].id, people };
}

/** A signed-in page of its own for `person`, whose remote video frames are counted. */
export async function signIn(browser: Browser, url: string, person: ProxiedPerson): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['camera', 'microphone']);
  await context.addInitScript(installFrameWatch);
  const page = await context.newPage();
  await page.goto(`${url}/sign-in`);
  await page.getByLabel('Email address').fill(person.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: `Hello, ${person.name}` }).waitFor();
  return page;
}

/** Opens the session's join page and presses Join. */
export async function enterSession(page: Page, url: string, sessionId: string): Promise<void> {
  await page.goto(`${url}/sessions/${sessionId}/join`);
  await page.getByRole('heading', { level: 1, name: 'Get ready to join' }).waitFor();
  await page.getByRole('button', { name: 'Join', exact: true }).click();
}
