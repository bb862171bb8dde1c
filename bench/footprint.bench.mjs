// Memory and start-up of `npm start` on the embedded database, against a baseline measured in
// the same run:
//  - Hearth embedded: the built server with no DATABASE_URL (PGlite in a fresh data directory),
//    started twice: the first start (which creates the database and runs every migration) and a
//    restart on the same directory.
//  - Baseline: the same server on the real PostgreSQL (a fresh database on 127.0.0.1:5432).
// For each start: the resident memory of the server's whole process tree (the API, the embedded
// database's process, the mediasoup workers) is sampled from /proc every 100 ms from the spawn
// until /health/ready answers and then for BENCH_IDLE_SECONDS (20) of idling. Figures:
//  - time to ready: from the spawn to the first 200 of /health/ready;
//  - peak: the sum of every process's VmHWM (each process's own peak; they need not coincide,
//    so this bounds the tree's peak from above), and the highest sampled sum of VmRSS;
//  - idle: the median sampled sum of VmRSS over the second half of the idle window (beside it,
//    the sum of PSS at its end, which counts the pages two processes share, such as the node
//    binary's, once).
// The PostgreSQL server's own memory is not counted: it is a separate service, shared by others.
// Usage: node bench/footprint.bench.mjs  (needs `npm run build`; writes bench/results/footprint.json)
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { admin, freePort, percentile, postgresServerUrl } from './lib/common.mjs';
import { childrenOf } from './lib/memory.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 20);
const MiB = 1024;
const round = (n) => Math.round(n * 10) / 10;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** { rssKiB, hwmKiB, name, cmdline } of a live process, or null when it is gone. */
function statusOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (key) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    return {
      rssKiB: field('VmRSS'),
      hwmKiB: field('VmHWM'),
      name: status.match(/^Name:\s+(.*)$/m)?.[1] ?? '',
      cmdline,
    };
  } catch {
    return null;
  }
}

function roleOf(pid, rootPid, status) {
  if (pid === rootPid) return 'api';
  if (status.name.startsWith('mediasoup-work')) return 'mediasoup';
  if (status.cmdline.includes('embedded-server')) return 'embedded database';
  return status.name;
}

/** Proportional set size (KiB): shared pages (the node binary) divided among their users. */
function pssOf(pid) {
  try {
    return Number(
      readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(/^Pss:\s+(\d+) kB/m)?.[1] ?? 0,
    );
  } catch {
    return 0;
  }
}

/** The process and all its descendants. */
function treeOf(pid) {
  const all = [pid];
  for (let i = 0; i < all.length; i += 1) all.push(...childrenOf(all[i]));
  return all;
}

/** Starts the built server with `env`, samples its tree until ready and while idle, stops it. */
async function measure(label, env) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const t0 = performance.now();
  const server = spawn(process.execPath, [join(root, 'dist/api/apps/api/src/main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      SFU_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const processes = new Map(); // pid -> { role, hwmKiB, rssKiB }
  const samples = []; // { ms, rssKiB, byRole }
  const sample = () => {
    const ms = performance.now() - t0;
    let rssKiB = 0;
    const byRole = {};
    for (const pid of treeOf(server.pid)) {
      const status = statusOf(pid);
      if (!status) continue;
      const role = roleOf(pid, server.pid, status);
      const known = processes.get(pid) ?? { role, hwmKiB: 0, rssKiB: 0 };
      // A mediasoup worker is first seen as the forked Node thread, before its exec.
      known.role = role;
      known.hwmKiB = Math.max(known.hwmKiB, status.hwmKiB);
      known.rssKiB = status.rssKiB;
      processes.set(pid, known);
      rssKiB += status.rssKiB;
      byRole[role] = (byRole[role] ?? 0) + status.rssKiB;
    }
    samples.push({ ms, rssKiB, byRole });
  };
  const pssOfTree = () => treeOf(server.pid).reduce((sum, pid) => sum + pssOf(pid), 0);
  const timer = setInterval(sample, 100);
  let readyMs;
  let idlePssKiB;
  try {
    while (readyMs === undefined) {
      try {
        if ((await fetch(`${base}/health/ready`)).ok) readyMs = performance.now() - t0;
      } catch {
        // not listening yet
      }
      if (server.exitCode !== null) throw new Error(`${label}: the server exited during start-up`);
      if (performance.now() - t0 > 180_000) throw new Error(`${label}: not ready after 180 s`);
      if (readyMs === undefined) await sleep(50);
    }
    await sleep(idleSeconds * 1000);
    sample();
    idlePssKiB = pssOfTree();
  } finally {
    clearInterval(timer);
    const exited = once(server, 'exit');
    server.kill('SIGTERM');
    await exited;
  }
  // Every process of the tree must be gone with the server (the embedded database closes).
  let leftOver = [];
  for (let i = 0; i < 50; i += 1) {
    leftOver = [...processes.keys()].filter((pid) => statusOf(pid) !== null);
    if (leftOver.length === 0) break;
    await sleep(100);
  }

  const idle = samples.filter((s) => s.ms >= readyMs + (idleSeconds * 1000) / 2);
  const median = (values) => percentile(values, 50);
  const roles = [...new Set([...processes.values()].map((p) => p.role))];
  const result = {
    readyMs: Math.round(readyMs),
    peakMiB: {
      sumOfProcessPeaks: round([...processes.values()].reduce((sum, p) => sum + p.hwmKiB, 0) / MiB),
      highestSampledTree: round(Math.max(...samples.map((s) => s.rssKiB)) / MiB),
      byRole: Object.fromEntries(
        roles.map((role) => [
          role,
          round(
            [...processes.values()]
              .filter((p) => p.role === role)
              .reduce((sum, p) => sum + p.hwmKiB, 0) / MiB,
          ),
        ]),
      ),
    },
    idleMiB: {
      tree: round(median(idle.map((s) => s.rssKiB)) / MiB),
      byRole: Object.fromEntries(
        roles.map((role) => [role, round(median(idle.map((s) => s.byRole[role] ?? 0)) / MiB)]),
      ),
      treeProportional: round(idlePssKiB / MiB),
    },
    processes: processes.size,
    samples: samples.length,
    processesLeftAfterStop: leftOver.map((pid) => processes.get(pid).role),
  };
  console.log(
    `${label.padEnd(28)} ready ${String(result.readyMs).padStart(6)} ms  peak ${String(result.peakMiB.sumOfProcessPeaks).padStart(7)} MiB (sampled ${result.peakMiB.highestSampledTree})  idle ${String(result.idleMiB.tree).padStart(6)} MiB (PSS ${result.idleMiB.treeProportional})  ${JSON.stringify(result.idleMiB.byRole)}`,
  );
  if (leftOver.length) {
    console.log(`  still running 5 s after the stop: ${result.processesLeftAfterStop.join(', ')}`);
  }
  return result;
}

const loadAtStart = os.loadavg().map((n) => Math.round(n * 100) / 100);
const dbName = `hearth_bench_${randomBytes(4).toString('hex')}`;
const dataDir = mkdtempSync(join(os.tmpdir(), 'hearth-footprint-'));
await admin(`CREATE DATABASE ${dbName} TEMPLATE template0`);
try {
  const dbUrl = new URL(postgresServerUrl);
  dbUrl.pathname = `/${dbName}`;
  const postgres = await measure('PostgreSQL (baseline)', { DATABASE_URL: dbUrl.toString() });
  const firstStart = await measure('embedded, first start', { HEARTH_DATA_DIR: dataDir });
  const restart = await measure('embedded, restart', { HEARTH_DATA_DIR: dataDir });
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model.trim(),
      memoryGiB: round(os.totalmem() / 2 ** 30),
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: os.loadavg().map((n) => Math.round(n * 100) / 100),
    },
    node: process.version,
    idleSeconds,
    method:
      'process tree of the server (API, embedded database process, mediasoup workers) from /proc every 100 ms; peak = sum of each process VmHWM; idle = median tree VmRSS over the second half of the idle window; the PostgreSQL server itself is not counted',
    embeddedFirstStart: firstStart,
    embeddedRestart: restart,
    baselinePostgres: postgres,
    targets: {
      idle: 'embedded idle RSS <= 1.5x the same server on PostgreSQL',
      peak: 'embedded peak <= 500 MiB',
    },
  };
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(join(root, 'bench/results/footprint.json'), `${JSON.stringify(result, null, 2)}\n`);
  for (const [name, r] of [
    ['first start', firstStart],
    ['restart', restart],
  ]) {
    const ratio = round(r.idleMiB.tree / postgres.idleMiB.tree);
    console.log(
      `${name}: idle ${ratio}× PostgreSQL (target ≤ 1.5×: ${ratio <= 1.5 ? 'met' : 'NOT met'}); peak ${r.peakMiB.sumOfProcessPeaks} MiB (target ≤ 500: ${r.peakMiB.sumOfProcessPeaks <= 500 ? 'met' : 'NOT met'})`,
    );
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
}
