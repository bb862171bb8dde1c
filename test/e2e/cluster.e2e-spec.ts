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

// Two API processes on loopback with one PostgreSQL and one Redis. Clients reach different nodes;
// the node that does not host their session sends them to the one that does; chat, the live
// agenda and an agenda edit made through the other node reach everyone; when the hosting node
// gets SIGTERM, its clients reconnect to the other node and carry on — nobody waits again.

// A Redis database of its own, so the test's keys never meet anything else's.
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/7';
const password = 'granite willow lantern';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

describe('two API nodes sharing live sessions through Redis', () => {
  let database: TestDatabase;
  let nodeA: ServerProcess;
  let nodeB: ServerProcess;
  let smtp: TestSmtpServer;
  let sessionId: string;
  let therapist: Participant;
  let ana: Participant;

  beforeAll(async () => {
    const redis = createClient({ url: redisUrl });
    await redis.connect();
    await redis.flushDb();
    await redis.quit();
    database = await createTestDatabase();
    smtp = await startSmtpServer();
    const env = {
      DATABASE_URL: database.url,
      SMTP_URL: smtp.url,
      REDIS_URL: redisUrl,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      REMINDER_INTERVAL_SECONDS: '0',
      THERAPY_REQUEST_SWEEP_SECONDS: '0',
    };
    nodeA = await startServer(env);
    nodeB = await startServer(env);

    const coordinator: Json = await signUpCoordinator(nodeA.url, smtp, {
      practiceName: 'Two Rivers IPT',
      displayName: 'Cora Coordinator',
      email: 'cora@cluster.example',
      password,
      timeZone: 'UTC',
    });
    const people: Record<string, Json> = {};
    for (const [key, roles] of [
      ['therapist', ['therapist']],
      ['ana', ['client']],
    ] as const) {
      const { acceptPath } = await api<Json>(
        nodeA.url,
        'POST',
        '/api/invitations',
        { email: `${key}@cluster.example`, displayName: key, roles },
        coordinator.accessToken,
      );
      people[key] = await api<Json>(
        nodeB.url,
        'POST',
        `/api/invitations/${acceptPath.split('/').pop()}/accept`,
        { password, timeZone: 'UTC' },
      );
      if (key === 'ana') {
        const token = people[key].accessToken;
        const { version } = await api<Json>(nodeA.url, 'GET', '/api/consent', undefined, token);
        await api<Json>(nodeA.url, 'POST', '/api/consent/accept', { version }, token);
      }
    }
    const start = new Date(Date.now() - 60_000);
    const course = await api<Json>(
      nodeB.url,
      'POST',
      '/api/courses',
      {
        title: 'Cluster course',
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
    const nodes = [nodeA.url, nodeB.url];
    therapist = new Participant('therapist', people['therapist'].accessToken, nodes);
    ana = new Participant('ana', people['ana'].accessToken, [nodeB.url, nodeA.url]);
  }, 120_000);

  afterAll(async () => {
    therapist?.close();
    ana?.close();
    await nodeA?.stop();
    await nodeB?.stop();
    await smtp?.stop();
    await database?.drop();
  });

  it('sends a client who reached the other node to the hosting node, where everyone meets', async () => {
    const joined = await therapist.join(sessionId);
    expect(therapist.socket?.io.opts.hostname).toBe(new URL(nodeA.url).hostname);
    expect(joined.view.participants).toHaveLength(1);

    // Ana reaches node B first; node A hosts the session.
    const waiting = await ana.join(sessionId);
    expect(waiting.view.participants.find((p: Json) => p.id === waiting.view.selfId).presence).toBe(
      'waiting',
    );
    expect((ana.socket?.io as unknown as { uri: string }).uri).toBe(nodeA.url);

    const anaId = waiting.view.selfId;
    await therapist.request('lobby:admit', { participantId: anaId });
    await ana.waitFor(
      'session:view',
      (v) => v.participants.find((p: Json) => p.id === anaId)?.presence === 'admitted',
    );

    await ana.request('chat:send', { text: 'Hello from Ana' });
    await therapist.waitFor('chat:message', (m) => m.text === 'Hello from Ana');
    await therapist.request('agenda:start');
    await ana.waitFor('agenda:progress', (a) => a.progress.startedAt !== null);
  });

  it('delivers an agenda edit made through the other node', async () => {
    const agenda = await api<Json>(
      nodeB.url,
      'GET',
      `/api/sessions/${sessionId}/agenda`,
      undefined,
      therapist.token,
    );
    const items = agenda.items.map((item: Json, index: number) =>
      index === agenda.items.length - 1 ? { ...item, title: 'Edited on node B' } : item,
    );
    await api<Json>(
      nodeB.url,
      'PUT',
      `/api/sessions/${sessionId}/agenda`,
      { items },
      therapist.token,
    );
    for (const person of [therapist, ana]) {
      await person.waitFor('agenda:state', (a) =>
        a.items.some((item: Json) => item.title === 'Edited on node B'),
      );
    }
  });

  it('carries on through the other node when the hosting node gets SIGTERM', async () => {
    const anaId = ana.received.find((r) => r.event === 'session:view')!.payload.selfId;
    expect(await nodeA.stop('SIGTERM')).toBe(0);
    const [forTherapist, forAna] = await Promise.all([
      (async () => {
        for (let i = 0; i < 100 && !therapist.rejoined; i += 1)
          await new Promise((r) => setTimeout(r, 50));
        return therapist.rejoined;
      })(),
      (async () => {
        for (let i = 0; i < 100 && !ana.rejoined; i += 1)
          await new Promise((r) => setTimeout(r, 50));
        return ana.rejoined;
      })(),
    ]);
    const therapistBack = await forTherapist;
    const anaBack = await forAna;
    // Node B hosts the session now; Ana was let in before and does not wait again.
    expect((ana.socket?.io as unknown as { uri: string }).uri).toBe(nodeB.url);
    expect((therapist.socket?.io as unknown as { uri: string }).uri).toBe(nodeB.url);
    expect(therapistBack.agenda.progress.startedAt).not.toBeNull();
    const anaSelf = anaBack.view.participants.find((p: Json) => p.id === anaId);
    expect(anaSelf.presence).toBe('admitted');

    await therapist.request('agenda:next');
    await ana.waitFor('agenda:progress', (a) => a.progress.currentItemId === 'i2');
    await therapist.request('chat:send', { text: 'Still here' });
    await ana.waitFor('chat:message', (m) => m.text === 'Still here');
  });
});
