// Agenda fan-out (QUALITY.md): an agenda update reaching 500 connected clients, p99 <= 30 ms,
// against a baseline measured in the same run:
//  - Hearth: the built server on a fresh PostgreSQL database with 40 group sessions on at once,
//    each with its therapist and 12 clients connected over socket.io (520 sockets). In each round
//    every therapist moves their agenda at the same moment (`agenda:next` / `agenda:back`); the
//    server validates, authorises, stores the progress and sends `agenda:progress` to the session's
//    clients. Latency: from a therapist's emit to each of their clients receiving the update.
//  - Baseline: a plain `ws` server in its own process with the same 520 connections and groups;
//    each "therapist" message is relayed to its group as the same JSON payload.
// Usage: node bench/agenda-fanout.bench.mjs (needs `npm run build`; BENCH_ROUNDS=n, default 30;
// writes bench/results/agenda-fanout.json)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { admin, freePort, percentile, postgresServerUrl } from './lib/common.mjs';
import { confirmedSignUp, startMailbox } from './lib/mailbox.mjs';
import { describeMemory, memorySampler } from './lib/memory.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const serverUrl = postgresServerUrl;
const sessions = Number(process.env.BENCH_SESSIONS ?? 40);
const clientsPerSession = 12;
const rounds = Number(process.env.BENCH_ROUNDS ?? 30);
// Not containing anyone's name or email (the password rule refuses those).
const password = 'copper meadow lantern harbour';

const round = (n) => Math.round(n * 100) / 100;
const summary = (values) => ({
  p50: round(percentile(values, 50)),
  p95: round(percentile(values, 95)),
  p99: round(percentile(values, 99)),
  max: round(Math.max(...values)),
  n: values.length,
});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let addressCounter = 0;
const nextAddress = () => {
  addressCounter += 1;
  return `10.9.${(addressCounter >> 8) & 255}.${addressCounter & 255}`;
};

function apiOf(base) {
  return async (method, path, body, token) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        // Sign-ups and acceptances are rate-limited per address; the bench is many people.
        'x-forwarded-for': nextAddress(),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    }
    return json;
  };
}

/** Many group sessions on right now, each with a therapist and a full roster, auto-admitted. */
async function setUp(api) {
  const coordinator = await confirmedSignUp(api, mailbox, {
    practiceName: 'Fan-out Practice',
    displayName: 'Bench Coordinator',
    email: 'coordinator@fanout.example',
    password,
    timeZone: 'UTC',
  });
  const invite = async (email, displayName, roles) => {
    const { acceptPath } = await api(
      'POST',
      '/api/invitations',
      { email, displayName, roles },
      coordinator.accessToken,
    );
    const accepted = await api('POST', `/api/invitations/${acceptPath.split('/').pop()}/accept`, {
      password,
      timeZone: 'UTC',
    });
    if (roles.includes('client')) {
      // Clients accept the practice's consent before their first session.
      const { version } = await api('GET', '/api/consent', undefined, accepted.accessToken);
      await api('POST', '/api/consent/accept', { version }, accepted.accessToken);
    }
    return accepted;
  };
  const start = new Date(Date.now() - 60_000);
  const groups = [];
  for (let s = 0; s < sessions; s += 1) {
    const therapist = await invite(`t${s}@fanout.example`, `Therapist ${s}`, ['therapist']);
    const clients = [];
    for (let c = 0; c < clientsPerSession; c += 4) {
      clients.push(
        ...(await Promise.all(
          [0, 1, 2, 3].map((k) =>
            invite(`c${s}-${c + k}@fanout.example`, `Client ${s}-${c + k}`, ['client']),
          ),
        )),
      );
    }
    const course = await api(
      'POST',
      '/api/courses',
      {
        title: `Group ${s}`,
        format: 'group',
        maxMembers: 12,
        focusAreas: ['role_transitions'],
        therapistId: therapist.person.id,
        timeZone: 'UTC',
        weekday: start.getUTCDay() === 0 ? 7 : start.getUTCDay(),
        localTime: start.toISOString().slice(11, 16),
        startDate: start.toISOString().slice(0, 10),
        members: clients.map((client) => ({
          personId: client.person.id,
          relation: 'member',
          status: 'active',
        })),
      },
      coordinator.accessToken,
    );
    await api(
      'PUT',
      `/api/courses/${course.id}/live-settings`,
      { autoAdmitMembers: true },
      coordinator.accessToken,
    );
    groups.push({ sessionId: course.sessions[0].id, therapist, clients });
  }
  return groups;
}

function connectSocket(base, token) {
  const socket = io(base, {
    path: '/api/live/socket.io',
    transports: ['websocket'],
    auth: { token },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function ask(socket, event, payload = {}) {
  return new Promise((resolve, reject) => {
    socket.emit(event, payload, (answer) =>
      'data' in answer ? resolve(answer.data) : reject(new Error(`${event}: ${answer.error.code}`)),
    );
  });
}

/** Hearth: every therapist moves their agenda at once; each client's delay is recorded. */
async function measureHearth(base, groups) {
  const rooms = [];
  for (const group of groups) {
    const therapist = await connectSocket(base, group.therapist.accessToken);
    await ask(therapist, 'session:join', { sessionId: group.sessionId });
    const clients = [];
    for (let i = 0; i < group.clients.length; i += 6) {
      clients.push(
        ...(await Promise.all(
          group.clients.slice(i, i + 6).map(async (client) => {
            const socket = await connectSocket(base, client.accessToken);
            await ask(socket, 'session:join', { sessionId: group.sessionId });
            return socket;
          }),
        )),
      );
    }
    rooms.push({ therapist, clients });
  }
  const latencies = [];
  for (let r = 0; r <= rounds; r += 1) {
    const command = r === 0 ? 'agenda:start' : r % 2 === 1 ? 'agenda:next' : 'agenda:back';
    await Promise.all(
      rooms.map(async ({ therapist, clients }) => {
        const arrivals = clients.map(
          (socket) =>
            new Promise((resolve) =>
              socket.once('agenda:progress', () => resolve(performance.now())),
            ),
        );
        const sent = performance.now();
        await ask(therapist, command);
        const times = await Promise.all(arrivals);
        // The first round starts the agenda and warms up; it is not counted.
        if (r > 0) for (const t of times) latencies.push(t - sent);
      }),
    );
    await sleep(50);
  }
  for (const { therapist, clients } of rooms) {
    for (const socket of [therapist, ...clients]) socket.disconnect();
  }
  return latencies;
}

/** The baseline: a plain ws relay process with the same groups and payload. */
async function measureBaseline(payload) {
  const port = await freePort();
  const relay = spawn(process.execPath, [join(root, 'bench/agenda/ws-relay.mjs'), String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await once(relay.stdout, 'data');
  const relayMemory = memorySampler({ label: 'ws relay', pid: relay.pid });
  const open = (group, role) =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/?group=${group}&role=${role}`);
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
  const rooms = [];
  for (let s = 0; s < sessions; s += 1) {
    const therapist = await open(s, 'therapist');
    const clients = await Promise.all(
      Array.from({ length: clientsPerSession }, () => open(s, 'client')),
    );
    rooms.push({ therapist, clients });
  }
  const latencies = [];
  for (let r = 0; r <= rounds; r += 1) {
    await Promise.all(
      rooms.map(async ({ therapist, clients }) => {
        const arrivals = clients.map(
          (socket) =>
            new Promise((resolve) =>
              socket.once('message', (data) => {
                JSON.parse(data.toString());
                resolve(performance.now());
              }),
            ),
        );
        const sent = performance.now();
        therapist.send(payload);
        const times = await Promise.all(arrivals);
        if (r > 0) for (const t of times) latencies.push(t - sent);
      }),
    );
    await sleep(50);
  }
  for (const { therapist, clients } of rooms) {
    for (const socket of [therapist, ...clients]) socket.close();
  }
  const memory = relayMemory.stop();
  relay.kill('SIGTERM');
  await once(relay, 'exit');
  return { latencies, memory };
}

const dbName = `hearth_bench_${randomBytes(4).toString('hex')}`;
await admin(`CREATE DATABASE ${dbName} TEMPLATE template0`);
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${dbName}`;
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
// Sign-ups are confirmed from the emailed link, so the server's mail comes here.
const mailbox = await startMailbox();
// BENCH_CPU_PROFILE=dir writes a V8 CPU profile of the server (open it in Chrome DevTools).
const profileArgs = process.env.BENCH_CPU_PROFILE
  ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
  : [];
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
      TRUST_PROXY: 'true',
      SFU_WORKERS: '1',
      SFU_PORT: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
// Peak RSS of the API server and its mediasoup worker (idle here: the fan-out is signalling).
const memory = memorySampler({ label: 'API server', pid: server.pid });

try {
  for (let i = 0; ; i += 1) {
    try {
      if ((await fetch(`${base}/health/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (server.exitCode !== null)
      throw new Error(`the server exited during start-up (${server.exitCode})`);
    if (i > 300) throw new Error('the server did not become ready');
    await sleep(100);
  }
  const setupStarted = performance.now();
  const groups = await setUp(apiOf(base));
  const setupSeconds = round((performance.now() - setupStarted) / 1000);
  const hearth = await measureHearth(base, groups);
  const serverMemory = memory.stop();
  // The same JSON the server sends when the agenda moves on: the session's progress, stamped.
  const agenda = await apiOf(base)(
    'GET',
    `/api/sessions/${groups[0].sessionId}/agenda`,
    undefined,
    groups[0].therapist.accessToken,
  );
  const payload = JSON.stringify({
    sessionId: agenda.sessionId,
    progress: agenda.progress,
    serverNow: agenda.serverNow,
  });
  const { latencies: baseline, memory: baselineMemory } = await measureBaseline(payload);
  const h = summary(hearth);
  const b = summary(baseline);
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model.trim(),
      memoryGiB: round(os.totalmem() / 2 ** 30),
    },
    node: process.version,
    connections: sessions * (clientsPerSession + 1),
    sessions,
    clientsPerSession,
    rounds,
    setupSeconds,
    payloadBytes: Buffer.byteLength(payload),
    agendaFanOut: {
      hearth: h,
      baselinePlainWs: b,
      target: 'p99 <= 30 ms',
      ratioP99: round(h.p99 / b.p99),
      met: h.p99 <= 30,
    },
    memory: serverMemory,
    baselineMemory: {
      label: baselineMemory.process.label,
      peakRssMiB: baselineMemory.process.peakRssMiB,
    },
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    join(root, 'bench/results/agenda-fanout.json'),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  console.log(
    `agenda update to ${result.connections} connections (${sessions} sessions × 1 + ${clientsPerSession}), ${rounds} rounds`,
  );
  console.log('latency (ms)                 p50     p95     p99     max      n');
  for (const [name, s] of [
    ['Hearth (socket.io, stored)', h],
    ['baseline: plain ws relay', b],
  ]) {
    console.log(
      `${name.padEnd(27)}${String(s.p50).padStart(6)}${String(s.p95).padStart(8)}${String(s.p99).padStart(8)}${String(s.max).padStart(8)}${String(s.n).padStart(7)}`,
    );
  }
  console.log(
    `p99 ratio to baseline: ${result.agendaFanOut.ratioP99}; target ${result.agendaFanOut.target}: ${result.agendaFanOut.met ? 'met' : 'NOT met'}`,
  );
  console.log(
    `${describeMemory(result.memory)}; baseline ws relay ${result.baselineMemory.peakRssMiB} MiB`,
  );
} finally {
  memory.stop();
  server.kill('SIGTERM');
  if (server.exitCode === null && server.signalCode === null) {
    await once(server, 'exit').catch(() => undefined);
  }
  await mailbox.stop().catch(() => undefined);
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
}
