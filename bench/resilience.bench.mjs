// Media back after a fault (issue 13), against a baseline measured in the same run:
//  - Cut: the client's media alone is cut (her browser in a cgroup v2 group, iptables dropping its
//    UDP and its TCP to the SFU's port; test/support/net-faults.ts) for BENCH_CUT_SECONDS while
//    her socket stays up. Hearth: the time from the network's return until both ways decode video
//    again (the therapist a frame of hers, she a frame of the therapist's), by itself.
//  - Worker kill: SIGKILL of the mediasoup worker; the time until both ways decode video again.
//  - Baseline for each: the same fault, then the client reloads her page at the network's return
//    (or at the kill) and joins again, as a person would: the same time measured from then.
// Targets: p95 ≤ 3 s after a cut, ≤ 5 s after a worker kill. Runs the built server on a fresh
// PostgreSQL database, Debian's Chromium with fake devices, everything on loopback. Needs root
// and cgroup v2 (CI runs as root).
// Usage: node bench/resilience.bench.mjs  (BENCH_CUTS=10, BENCH_CUT_SECONDS=20,
//        BENCH_BASELINE_CUTS=5, BENCH_KILLS=5, BENCH_BASELINE_KILLS=3; writes
//        bench/results/resilience.json)
/* global window -- page.evaluate runs in the browser */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { faultInjectionUnavailable, NetFaults } from '../test/support/net-faults.ts';
import { admin, freePort, percentile, postgresServerUrl } from './lib/common.mjs';
import { installFrameWatch, oneToOneSessionNow } from './lib/live-course.mjs';
import { startMailbox } from './lib/mailbox.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cuts = Number(process.env.BENCH_CUTS ?? 10);
const cutSeconds = Number(process.env.BENCH_CUT_SECONDS ?? 20);
const baselineCuts = Number(process.env.BENCH_BASELINE_CUTS ?? 5);
const kills = Number(process.env.BENCH_KILLS ?? 5);
const baselineKills = Number(process.env.BENCH_BASELINE_KILLS ?? 3);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const password = 'quiet amber tidewater lantern';
const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

const unavailable = faultInjectionUnavailable();
if (unavailable) {
  console.error(`resilience benchmark cannot run: ${unavailable}`);
  process.exit(1);
}

const round = (n) => Math.round(n);
/** Percentiles of the rounds that recovered; a failed round (null) makes p95 and max null. */
const summary = (values) => {
  const ok = values.filter((v) => v !== null);
  const failed = values.length - ok.length;
  return {
    p50: ok.length ? round(percentile(ok, 50)) : null,
    p95: ok.length && !failed ? round(percentile(ok, 95)) : null,
    max: ok.length && !failed ? round(Math.max(...ok)) : null,
    n: values.length,
    failed,
    all: values.map((v) => (v === null ? null : round(v))),
  };
};
const met = (s, limit) => s.p95 !== null && s.p95 <= limit;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const dbName = `hearth_bench_${randomBytes(4).toString('hex')}`;
await admin(`CREATE DATABASE ${dbName} TEMPLATE template0`);
const dbUrl = new URL(postgresServerUrl);
dbUrl.pathname = `/${dbName}`;
const port = await freePort();
const sfuPort = await freePort();
const base = `http://127.0.0.1:${port}`;
// Sign-ups are confirmed from the emailed link, so the server's mail comes here.
const mailbox = await startMailbox();
const server = spawn(process.execPath, [join(root, 'dist/api/apps/api/src/main.js')], {
  cwd: root,
  env: {
    PATH: process.env.PATH,
    DATABASE_URL: dbUrl.toString(),
    SMTP_URL: mailbox.url,
    PORT: String(port),
    NODE_ENV: 'production',
    REMINDER_INTERVAL_SECONDS: '0',
    WEB_DIST_DIR: join(root, 'dist/apps/web'),
    SFU_PORT: String(sfuPort),
    SFU_WORKERS: '1',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const faults = NetFaults.create('bench', chromiumPath);
const browsers = [];

async function cleanUp() {
  for (const browser of browsers) await browser.close().catch(() => undefined);
  faults.dispose();
  server.kill('SIGTERM');
  if (server.exitCode === null && server.signalCode === null) {
    await once(server, 'exit').catch(() => undefined);
  }
  await mailbox.stop().catch(() => undefined);
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
}

async function api(method, path, body, token) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function waitReady() {
  for (let i = 0; i < 600; i += 1) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode})`);
    if (
      await fetch(`${base}/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await sleep(100);
  }
  throw new Error('the server did not become ready');
}

const setUp = () => oneToOneSessionNow(api, mailbox, password);

async function signedInPage(browser, email) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['camera', 'microphone']);
  await context.addInitScript(installFrameWatch);
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
  return page;
}

async function enter(page, joinPath) {
  await page.goto(`${base}${joinPath}`);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await page.getByRole('toolbar', { name: 'Call controls' }).waitFor({ timeout: 60_000 });
}

const frameState = (page, id) =>
  page.evaluate((i) => window.__frames?.[i] ?? { lastAt: 0, track: '', trackFirstAt: 0 }, id);

/**
 * Waits until `page` presents a frame of `id` newer than `after` (ms since epoch) — of another
 * video track than `oldTrack` when given (after a worker's death the frames still in flight
 * would otherwise count) — and returns its time.
 */
async function frameAfter(page, id, after, oldTrack, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await frameState(page, id);
    if (oldTrack === undefined && state.lastAt > after) return state.lastAt;
    if (oldTrack !== undefined && state.track !== oldTrack && state.trackFirstAt > after) {
      return state.trackFirstAt;
    }
    if (Date.now() > deadline) throw new Error(`no frame of ${id} within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** ms from `t0` until video flows both ways again. */
async function bothWays(ctx, t0, oldTracks) {
  const [a, b] = await Promise.all([
    frameAfter(ctx.therapist, ctx.people.client.id, t0, oldTracks?.therapist),
    frameAfter(ctx.client, ctx.people.therapist.id, t0, oldTracks?.client),
  ]);
  return Math.max(a, b) - t0;
}

/** The video tracks each side shows now. */
async function tracks(ctx) {
  return {
    therapist: (await frameState(ctx.therapist, ctx.people.client.id)).track,
    client: (await frameState(ctx.client, ctx.people.therapist.id)).track,
  };
}

async function settled(ctx) {
  const now = Date.now();
  await bothWays(ctx, now);
  await sleep(2000);
}

/**
 * ms until media flows both ways after `t0`; when it does not come back by itself within a
 * minute, the page is reloaded (so the run goes on) and the round counts as failed (null).
 */
async function recovered(ctx, t0, oldTracks) {
  try {
    return await bothWays(ctx, t0, oldTracks);
  } catch (error) {
    console.log(`media did not come back by itself: ${error.message}; reloading the page`);
    await enter(ctx.client, ctx.joinPath);
    await settled(ctx);
    return null;
  } finally {
    await settled(ctx).catch(() => undefined);
  }
}

async function oneCut(ctx, reload) {
  faults.cut({ sfuPort });
  await sleep(cutSeconds * 1000);
  const t0 = Date.now();
  faults.restore();
  if (reload) await enter(ctx.client, ctx.joinPath);
  return recovered(ctx, t0);
}

function workerPid() {
  return Number(
    execFileSync('pgrep', ['-P', String(server.pid), '-f', 'mediasoup-worker'])
      .toString()
      .trim()
      .split('\n')[0],
  );
}

async function oneKill(ctx, reload) {
  const oldTracks = await tracks(ctx);
  const t0 = Date.now();
  process.kill(workerPid(), 'SIGKILL');
  if (reload) {
    // The replacement worker must be up before a fresh join can get media.
    await sleep(200);
    await enter(ctx.client, ctx.joinPath);
  }
  return recovered(ctx, t0, oldTracks);
}

try {
  await waitReady();
  const { people, joinPath } = await setUp();
  const shared = await chromium.launch({ executablePath: chromiumPath, headless: true, args });
  browsers.push(shared);
  const own = await chromium.launch({
    executablePath: faults.executablePath,
    headless: true,
    args,
  });
  browsers.push(own);
  const therapist = await signedInPage(shared, people.therapist.email);
  const client = await signedInPage(own, people.client.email);
  const ctx = { people, joinPath, therapist, client };
  await enter(therapist, joinPath);
  await enter(client, joinPath);
  await settled(ctx);

  const cut = { hearth: [], baseline: [] };
  const kill = { hearth: [], baseline: [] };
  for (let i = 0; i < cuts; i += 1) {
    cut.hearth.push(await oneCut(ctx, false));
    console.log(`cut ${i + 1}/${cuts}: media back after ${cut.hearth.at(-1)} ms`);
  }
  for (let i = 0; i < baselineCuts; i += 1) {
    cut.baseline.push(await oneCut(ctx, true));
    console.log(`cut ${i + 1}/${baselineCuts}, page reloaded: ${cut.baseline.at(-1)} ms`);
  }
  for (let i = 0; i < kills; i += 1) {
    kill.hearth.push(await oneKill(ctx, false));
    console.log(`worker kill ${i + 1}/${kills}: media back after ${kill.hearth.at(-1)} ms`);
  }
  for (let i = 0; i < baselineKills; i += 1) {
    kill.baseline.push(await oneKill(ctx, true));
    console.log(`worker kill ${i + 1}/${baselineKills}, page reloaded: ${kill.baseline.at(-1)} ms`);
  }
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model.trim(),
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
    },
    node: process.version,
    chromium: shared.version(),
    cutSeconds,
    afterCut: {
      hearth: summary(cut.hearth),
      baselineReload: summary(cut.baseline),
      target: 'p95 <= 3000 ms',
      met: met(summary(cut.hearth), 3000),
    },
    afterWorkerKill: {
      hearth: summary(kill.hearth),
      baselineReload: summary(kill.baseline),
      target: 'p95 <= 5000 ms',
      met: met(summary(kill.hearth), 5000),
    },
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    join(root, 'bench/results/resilience.json'),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  console.log('media back, both ways (ms)                   p50     p95     max   n failed');
  for (const [name, s] of [
    [`after a ${cutSeconds} s media cut, by itself`, result.afterCut.hearth],
    ['  baseline: the page reloaded', result.afterCut.baselineReload],
    ['after a worker SIGKILL, by itself', result.afterWorkerKill.hearth],
    ['  baseline: the page reloaded', result.afterWorkerKill.baselineReload],
  ]) {
    console.log(
      `${name.padEnd(40)}${String(s.p50).padStart(8)}${String(s.p95).padStart(8)}${String(s.max).padStart(8)}${String(s.n).padStart(4)}${String(s.failed).padStart(7)}`,
    );
  }
  console.log(
    `targets: cut ${result.afterCut.target} ${result.afterCut.met ? 'met' : 'NOT met'}; worker kill ${result.afterWorkerKill.target} ${result.afterWorkerKill.met ? 'met' : 'NOT met'}`,
  );
} finally {
  await cleanUp();
}
