// The cost of end-to-end encrypted sessions (LIVE_E2EE), against the same call without it (the
// baseline), both measured in the same run, side by side:
//  - join → first decoded remote frame: a client presses Join in the web app in headless Chromium
//    and the therapist's first frame is presented in the client's tile (with E2EE: after the key
//    exchange, decrypted). N joins into each call, alternating, so both share the machine's noise.
//    Target: p95 ≤ the baseline's p95 + 100 ms.
//  - CPU of the browser: the therapist and the client in the call, steady, for a window of
//    BENCH_E2EE_SECONDS (20); the utime + stime (/proc) of every process of that call's Chromium,
//    in CPU seconds per second. Target: ≤ 1.15× the baseline.
// Each call has its own server (the built one, `npm run build`) with its own database and its own
// Chromium, so the process trees are apart. Encryption is checked, not assumed: in the E2EE call
// both pages show the same safety code in the participants panel; the baseline's panel says
// nothing of encryption.
// Usage: npm run bench -- e2ee   or node bench/e2ee.bench.mjs
//        (BENCH_E2EE_JOINS=n, default 10; writes bench/results/e2ee.json)
/* global document -- page.evaluate runs in the browser */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  launchChromium,
  leaveCall,
  password,
  signedInPage,
  startServer,
  timeJoinToFirstFrame,
} from './lib/call-bench.mjs';
import { percentile } from './lib/common.mjs';
import { oneToOneSessionNow } from './lib/live-course.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const joins = Number(process.env.BENCH_E2EE_JOINS ?? 10);
const seconds = Number(process.env.BENCH_E2EE_SECONDS ?? 20);
const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

const round = (n, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const summary = (values) => ({
  p50: round(percentile(values, 50)),
  p95: round(percentile(values, 95)),
  max: round(Math.max(...values)),
  n: values.length,
});

/** pid → { ppid, comm, ticks (utime + stime) } of every process now. */
function processTable() {
  const table = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      // After the name: state(3) ppid(4) … utime(14) stime(15), counted from 1.
      table.set(Number(name), {
        ppid: Number(fields[1]),
        comm,
        ticks: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** Chromium processes started by this harness (its direct children). */
const ownChromiumRoots = () =>
  [...processTable()]
    .filter(([, p]) => p.ppid === process.pid && /chrom/i.test(p.comm))
    .map(([pid]) => pid);

/** CPU ticks of a process tree: `rootPid` and all its descendants, by pid. */
function treeTicks(rootPid) {
  const table = processTable();
  const inTree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, p] of table) {
      if (!inTree.has(pid) && inTree.has(p.ppid)) {
        inTree.add(pid);
        grew = true;
      }
    }
  }
  const ticks = new Map();
  for (const pid of inTree) if (table.has(pid)) ticks.set(pid, table.get(pid).ticks);
  return ticks;
}

/** One call under test: its server, its session, its Chromium and its two signed-in pages. */
async function openCall(name, env) {
  const server = await startServer(root, env);
  const call = { name, server, browser: null };
  try {
    await server.waitReady();
    const { people, joinPath } = await oneToOneSessionNow(server.api, server.mailbox, password);
    const before = new Set(ownChromiumRoots());
    call.browser = await launchChromium();
    const [browserPid] = ownChromiumRoots().filter((pid) => !before.has(pid));
    if (!browserPid) throw new Error(`${name}: cannot find its Chromium's process`);
    call.browserPid = browserPid;
    call.people = people;
    call.joinPath = joinPath;
    call.therapist = await signedInPage(call.browser, server.base, people.therapist.email);
    call.client = await signedInPage(call.browser, server.base, people.client.email);
    return call;
  } catch (error) {
    await closeCall(call);
    throw error;
  }
}

async function closeCall(call) {
  await call.browser?.close().catch(() => undefined);
  await call.server.stop();
}

async function therapistJoins(call) {
  await call.therapist.goto(`${call.server.base}${call.joinPath}`);
  await call.therapist.getByRole('button', { name: 'Join', exact: true }).click();
  await call.therapist.getByRole('toolbar', { name: 'Call controls' }).waitFor();
}

const clientJoin = (call) =>
  timeJoinToFirstFrame(call.client, call.server.base, call.joinPath, call.people.therapist.id);

/** What a page's participants panel says of encryption: its safety code words, or null. */
async function safetyWords(page) {
  const tab = page
    .getByRole('tablist', { name: 'Side panel' })
    .getByRole('tab', { name: /^People/ });
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  await page.getByRole('heading', { name: 'Participants' }).first().waitFor();
  // Give a key exchange time to finish before deciding there is none.
  const words = page.getByTestId('safety-words');
  await words.waitFor({ timeout: 10_000 }).catch(() => undefined);
  const encrypted = (await page.getByRole('heading', { name: 'End-to-end encrypted' }).count()) > 0;
  return encrypted && (await words.count()) ? String(await words.textContent()) : null;
}

/** Frames of the therapist's video the client's page presents per second over `ms`. */
function presentedFps(page, therapistId, ms) {
  return page.evaluate(
    ({ therapistId, ms }) =>
      new Promise((resolve) => {
        const video = document.querySelector(
          `[data-testid="video-tile"][data-participant-id="${therapistId}"] video`,
        );
        if (!video) return resolve(0);
        let frames = 0;
        let stopped = false;
        const count = () => {
          if (stopped) return;
          frames += 1;
          video.requestVideoFrameCallback(count);
        };
        video.requestVideoFrameCallback(count);
        setTimeout(() => {
          stopped = true;
          resolve(frames / (ms / 1000));
        }, ms);
      }),
    { therapistId, ms },
  );
}

/** The whole call, steady, for `seconds`: CPU of its Chromium and the frames the client shows. */
async function steadyCall(call) {
  await therapistJoins(call);
  await clientJoin(call);
  const words = {
    therapist: await safetyWords(call.therapist),
    client: await safetyWords(call.client),
  };
  // Let the call settle (bandwidth estimate, encoder ramp) before the window.
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  const t0 = performance.now();
  const before = treeTicks(call.browserPid);
  const fps = await presentedFps(call.client, call.people.therapist.id, seconds * 1000);
  const after = treeTicks(call.browserPid);
  const elapsed = (performance.now() - t0) / 1000;
  // Processes present at both ends of the window (a process started during it counts from 0).
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  await leaveCall(call.client);
  await leaveCall(call.therapist);
  return {
    cpuSecondsPerSecond: round(ticks / ticksPerSecond / elapsed, 3),
    processes: after.size,
    windowSeconds: round(elapsed),
    clientPresentedFps: round(fps),
    safetyWords: words,
  };
}

let e2ee;
let plain;
try {
  const loadAverageAtStart = os.loadavg().map((n) => round(n, 2));
  e2ee = await openCall('E2EE', { LIVE_E2EE: 'true' });
  plain = await openCall('baseline', { LIVE_E2EE: 'false' });
  const calls = [e2ee, plain];
  for (const call of calls) await therapistJoins(call);
  // One untimed round each warms up the browsers, the servers and the workers.
  for (const call of calls) {
    await clientJoin(call);
    await leaveCall(call.client);
  }
  const times = { E2EE: [], baseline: [] };
  for (let i = 0; i < joins; i += 1) {
    // Alternating which goes first, so neither always follows the other.
    for (const call of i % 2 ? [plain, e2ee] : [e2ee, plain]) {
      times[call.name].push(await clientJoin(call));
      await leaveCall(call.client);
    }
  }
  for (const call of calls) await leaveCall(call.therapist);
  const steady = { E2EE: await steadyCall(e2ee), baseline: await steadyCall(plain) };

  const s = steady.E2EE.safetyWords;
  const encryptionChecked =
    Boolean(s.therapist) &&
    s.therapist === s.client &&
    !steady.baseline.safetyWords.therapist &&
    !steady.baseline.safetyWords.client;
  const joinE2ee = summary(times.E2EE);
  const joinPlain = summary(times.baseline);
  const cpuRatio = round(steady.E2EE.cpuSecondsPerSecond / steady.baseline.cpuSecondsPerSecond, 2);
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model.trim(),
      memoryGiB: round(os.totalmem() / 2 ** 30),
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg().map((n) => round(n, 2)),
    },
    node: process.version,
    chromium: e2ee.browser.version(),
    encryptionChecked,
    joinToFirstRemoteFrame: {
      e2ee: joinE2ee,
      baseline: joinPlain,
      target: 'p95 <= baseline p95 + 100 ms',
      met: joinE2ee.p95 <= joinPlain.p95 + 100,
    },
    steadyCallCpu: {
      seconds,
      e2ee: steady.E2EE,
      baseline: steady.baseline,
      ratio: cpuRatio,
      target: '<= 1.15x the baseline',
      met: cpuRatio <= 1.15,
    },
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/e2ee.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log('join → first decoded remote frame (ms)   p50     p95     max   n');
  for (const [name, x] of [
    ['E2EE (LIVE_E2EE=true)', joinE2ee],
    ['baseline (LIVE_E2EE=false)', joinPlain],
  ]) {
    console.log(
      `${name.padEnd(38)}${String(x.p50).padStart(6)}${String(x.p95).padStart(8)}${String(x.max).padStart(8)}${String(x.n).padStart(4)}`,
    );
  }
  console.log(
    `target ${result.joinToFirstRemoteFrame.target}: ${result.joinToFirstRemoteFrame.met ? 'met' : 'NOT met'}`,
  );
  for (const [name, x] of Object.entries(steady)) {
    console.log(
      `${name}: Chromium ${x.cpuSecondsPerSecond} CPU s/s over ${x.windowSeconds} s (${x.processes} processes), client shows ${x.clientPresentedFps} fps; safety code ${x.safetyWords.client ?? 'none'}`,
    );
  }
  console.log(
    `CPU ratio ${cpuRatio}; target ${result.steadyCallCpu.target}: ${result.steadyCallCpu.met ? 'met' : 'NOT met'}`,
  );
  if (!encryptionChecked) {
    console.error('the E2EE call did not show one safety code on both pages (or the baseline did)');
    process.exitCode = 1;
  }
} finally {
  for (const call of [e2ee, plain]) if (call) await closeCall(call);
}
