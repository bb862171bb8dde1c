import { createServer } from 'node:net';
import { createClient } from 'redis';
import {
  createTestDatabase,
  signUpCoordinator,
  startSmtpServer,
  type TestDatabase,
  type TestSmtpServer,
} from '@hearth/testing';
import { startServer, type ServerProcess } from '../support/server';
import { api } from '../support/api';
import { Participant } from '../support/live-participant';
import { startTestRedis, type TestRedis } from '../support/redis-server';

// No split brain: two API nodes on one Redis of the test's own, a session hosted by node A, then
// Redis stopped for 20 s. Node A cannot renew the session's lease, so it stops hosting before the
// lease lapses (its people are told to join again, and nobody hosts while Redis is away); when
// Redis returns, exactly one node hosts the session, and an agenda edit made through either node
// reaches everyone.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const password = 'slate heron lantern';
const outageMs = 20_000;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe('two nodes through a 20 s Redis outage', () => {
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  let redis: TestRedis | undefined;
  const nodes: { server: ServerProcess; metrics: string }[] = [];
  let sessionId: string;
  let therapist: Participant;
  let ana: Participant;

  /** Sessions whose lease each node holds, from its metrics. */
  const hosted = async () =>
    Promise.all(
      nodes.map(async ({ metrics }) =>
        Number(
          /^hearth_cluster_hosted_sessions (\d+)$/m.exec(
            await fetch(metrics).then((r) => r.text()),
          )?.[1],
        ),
      ),
    );

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startSmtpServer();
    redis = await startTestRedis(await freePort());
    for (let i = 0; i < 2; i += 1) {
      const metricsPort = await freePort();
      nodes.push({
        server: await startServer({
          DATABASE_URL: database.url,
          SMTP_URL: smtp.url,
          REDIS_URL: redis.url,
          NODE_ENV: 'production',
          REMINDER_INTERVAL_SECONDS: '0',
          THERAPY_REQUEST_SWEEP_SECONDS: '0',
          METRICS_PORT: String(metricsPort),
        }),
        metrics: `http://127.0.0.1:${metricsPort}/metrics`,
      });
    }
    const [a, b] = nodes.map((node) => node.server.url) as [string, string];
    const coordinator: Json = await signUpCoordinator(a, smtp, {
      practiceName: 'Outage IPT',
      displayName: 'Cora Coordinator',
      email: 'cora@outage.example',
      password,
      timeZone: 'UTC',
    });
    const people: Record<string, Json> = {};
    for (const [key, roles] of [
      ['therapist', ['therapist']],
      ['ana', ['client']],
    ] as const) {
      const { acceptPath } = await api<Json>(
        a,
        'POST',
        '/api/invitations',
        { email: `${key}@outage.example`, displayName: key, roles },
        coordinator.accessToken,
      );
      people[key] = await api<Json>(
        a,
        'POST',
        `/api/invitations/${acceptPath.split('/').pop()}/accept`,
        {
          password,
          timeZone: 'UTC',
        },
      );
      if (key === 'ana') {
        const token = people[key].accessToken;
        const { version } = await api<Json>(a, 'GET', '/api/consent', undefined, token);
        await api<Json>(a, 'POST', '/api/consent/accept', { version }, token);
      }
    }
    const start = new Date(Date.now() - 60_000);
    const course = await api<Json>(
      a,
      'POST',
      '/api/courses',
      {
        title: 'Outage course',
        format: 'individual',
        focusAreas: ['grief'],
        therapistId: people['therapist'].person.id,
        timeZone: 'UTC',
        weekday: start.getUTCDay() === 0 ? 7 : start.getUTCDay(),
        localTime: start.toISOString().slice(11, 16),
        startDate: start.toISOString().slice(0, 10),
        members: [{ personId: people['ana'].person.id, relation: 'member', status: 'active' }],
      },
      coordinator.accessToken,
    );
    sessionId = course.sessions[0].id;
    therapist = new Participant('therapist', people['therapist'].accessToken, [a, b]);
    ana = new Participant('ana', people['ana'].accessToken, [a, b]);
  }, 120_000);

  afterAll(async () => {
    therapist?.close();
    ana?.close();
    for (const { server } of nodes) await server.stop();
    await smtp?.stop();
    await redis?.close();
    await database?.drop();
  });

  it('stops hosting on the node that cannot renew its lease, and afterwards exactly one node hosts', async () => {
    await therapist.join(sessionId);
    const waiting = await ana.join(sessionId);
    const anaId = waiting.view.selfId;
    await therapist.request('lobby:admit', { participantId: anaId });
    await ana.waitFor(
      'session:view',
      (v) => v.participants.find((p: Json) => p.id === anaId)?.presence === 'admitted',
    );
    expect(await hosted()).toEqual([1, 0]);

    // Redis goes away. Within the lease (10 s) node A has stopped hosting: its people are told to
    // join again, and while Redis is away no node takes the session.
    const outageStarted = Date.now();
    await redis!.stop();
    await until('node A stops hosting', async () => (await hosted())[0] === 0, 12_000);
    const stoppedAfter = Date.now() - outageStarted;
    expect(stoppedAfter).toBeLessThan(10_000);
    process.stdout.write(`node A stopped hosting ${stoppedAfter} ms into the outage\n`);
    expect(await hosted()).toEqual([0, 0]);

    await new Promise((resolve) => setTimeout(resolve, outageMs - (Date.now() - outageStarted)));
    await redis!.start();

    // Both people rejoin by themselves; one node hosts the session, and Redis agrees.
    await until(
      'both people are back',
      async () => {
        const [t, a] = await Promise.all([therapist.rejoined, ana.rejoined]);
        return Boolean(t && a);
      },
      60_000,
    );
    await until(
      'exactly one node hosts',
      async () => {
        const counts = await hosted();
        return counts[0]! + counts[1]! === 1;
      },
      20_000,
    );
    // The new host restored the session from the snapshot: Ana is still admitted, not waiting.
    const back = (await ana.rejoined) as Json;
    expect(back.view.participants.find((p: Json) => p.id === anaId)?.presence).toBe('admitted');
    const check = createClient({ url: redis!.url });
    await check.connect();
    const lease = await check.get(`hearth:room:${sessionId}`);
    await check.quit();
    expect(lease).toMatch(/^[0-9a-f-]{36}:\d+$/);
  }, 180_000);

  // Edits published while a node's subscription was away are lost by Redis pub/sub; the node
  // reloads the agendas it hosts when its relay is back (ClusterService 'relayRestored'), and
  // readiness counts the relay, so this holds whatever the order of reconnections.
  it('afterwards an agenda edit through either node reaches both people', async () => {
    // Both nodes have their Redis connections back (readiness checks Redis) before the edits,
    // which travel between the nodes through it.
    await until(
      'both nodes ready',
      async () => {
        const answers = await Promise.all(
          nodes.map(({ server }) => fetch(`${server.url}/health/ready`).then((r) => r.status)),
        );
        return answers.every((status) => status === 200);
      },
      30_000,
    );
    // An agenda edit through each node reaches both people.
    for (const [index, { server }] of nodes.entries()) {
      const title = `Edited through node ${index}`;
      const agenda = await api<Json>(
        server.url,
        'GET',
        `/api/sessions/${sessionId}/agenda`,
        undefined,
        therapist.token,
      );
      const items = agenda.items.map((item: Json, i: number) =>
        i === agenda.items.length - 1 ? { ...item, title } : item,
      );
      await api<Json>(
        server.url,
        'PUT',
        `/api/sessions/${sessionId}/agenda`,
        { items },
        therapist.token,
      );
      for (const person of [therapist, ana]) {
        await person.waitFor('agenda:state', (a) =>
          a.items.some((item: Json) => item.title === title),
        );
      }
    }
  }, 60_000);
});
