// Hearth's benchmark suite: builds once, runs every harness in turn (each against a baseline
// measured in the same run), prints one table of every figure with its baseline, ratio, target
// and whether the target is met, and writes bench/results/latest.json. Each figure is compared
// with the last committed bench/results/latest.json; one more than 20% worse is a REGRESSION.
//
// Usage: npm run bench                      every harness
//        npm run bench -- sfu join          some of them (scheduling, sfu, join, agenda, resilience,
//                                           processing, failover, uplink, footprint,
//                                           firstpage, e2ee)
//        npm run bench -- --no-build agenda  without building first (BENCH_SKIP_BUILD=1 too)
// Knobs: BENCH_TIMEOUT_SECONDS (per harness, 600), BENCH_REGRESSION_PERCENT (20), and each
// harness's own (BENCH_JOINS, BENCH_ROUNDS, BENCH_SECONDS… see the top of each harness).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectFigures } from './lib/figures.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = join(root, 'bench/results');
const latestPath = join(resultsDir, 'latest.json');
const timeoutSeconds = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 600);
const regressionPercent = Number(process.env.BENCH_REGRESSION_PERCENT ?? 20);

const HARNESSES = {
  scheduling: { script: 'bench/scheduling.bench.mjs', result: 'scheduling.json' },
  sfu: { script: 'bench/sfu.bench.mjs', result: 'sfu.json' },
  join: { script: 'bench/join.bench.mjs', result: 'join.json' },
  agenda: { script: 'bench/agenda-fanout.bench.mjs', result: 'agenda-fanout.json' },
  resilience: { script: 'bench/resilience.bench.mjs', result: 'resilience.json' },
  processing: { script: 'bench/processing.bench.mjs', result: 'processing.json' },
  failover: { script: 'bench/failover.bench.mjs', result: 'failover.json' },
  uplink: { script: 'bench/uplink.bench.mjs', result: 'uplink.json' },
  footprint: { script: 'bench/footprint.bench.mjs', result: 'footprint.json' },
  firstpage: { script: 'bench/firstpage.bench.mjs', result: 'firstpage.json' },
  e2ee: { script: 'bench/e2ee.bench.mjs', result: 'e2ee.json' },
};
const ALIASES = {
  'agenda-fanout': 'agenda',
  schedule: 'scheduling',
  forwarding: 'sfu',
  faults: 'resilience',
  crash: 'failover',
  blur: 'processing',
  embedded: 'footprint',
  'first-page': 'firstpage',
  lighthouse: 'firstpage',
  encryption: 'e2ee',
};

const args = process.argv.slice(2);
const skipBuild = args.includes('--no-build') || process.env.BENCH_SKIP_BUILD === '1';
const named = args.filter((a) => !a.startsWith('--')).map((a) => ALIASES[a] ?? a);
const unknown = named.filter((name) => !HARNESSES[name]);
if (unknown.length) {
  console.error(
    `unknown harness ${unknown.join(', ')}; choose from ${Object.keys(HARNESSES).join(', ')}`,
  );
  process.exit(2);
}
const selected = named.length
  ? Object.keys(HARNESSES).filter((n) => named.includes(n))
  : Object.keys(HARNESSES);

const round = (n, digits = 2) =>
  Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n;
const loadAverage = () => os.loadavg().map((n) => round(n));
const git = (...gitArgs) => {
  try {
    return execFileSync('git', gitArgs, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
};

function machine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim(),
    cores: os.availableParallelism(),
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    kernel: `${os.type()} ${os.release()}`,
  };
}

function mediasoupVersion() {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules/mediasoup/package.json'), 'utf8'))
      .version;
  } catch {
    return null;
  }
}

/** Runs a command in its own process group, echoing its output; kills the group on timeout. */
function run(command, commandArgs, { timeout } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit', detached: true });
    let timedOut = false;
    const timer = timeout
      ? setTimeout(() => {
          timedOut = true;
          console.error(`\n${commandArgs.join(' ')}: over ${timeout} s, stopping it`);
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }, timeout * 1000)
      : null;
    const forward = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve({ code, signal, timedOut });
    });
  });
}

/** The last committed latest.json (what a regression is measured against), or null. */
function previousCommitted() {
  const text = git('show', 'HEAD:bench/results/latest.json');
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Figures more than `percent` worse than the same figure in `previous`, direction-aware. */
function regressions(figures, previous, percent) {
  if (!previous?.figures) return [];
  const before = new Map(previous.figures.map((f) => [f.id, f]));
  const found = [];
  for (const figure of figures) {
    const old = before.get(figure.id);
    if (!old || !Number.isFinite(old.value) || !Number.isFinite(figure.value) || old.value === 0) {
      continue;
    }
    // Positive when worse: a lower rate, or a higher time, CPU, memory or cost.
    const change = (figure.value - old.value) / Math.abs(old.value);
    const worse = figure.better === 'higher' ? -change : change;
    if (worse * 100 > percent) {
      found.push({
        id: figure.id,
        name: figure.name,
        unit: figure.unit,
        better: figure.better,
        previous: old.value,
        current: figure.value,
        worsePercent: round(worse * 100, 1),
        previousRatio: old.ratio ?? null,
        currentRatio: figure.ratio ?? null,
        previousDate: previous.date,
        previousCommit: previous.git?.commit ?? null,
      });
    }
  }
  return found;
}

const fmt = (n) => {
  if (n === null || n === undefined) return '—';
  if (typeof n !== 'number') return String(n);
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-GB');
  return String(round(n, Math.abs(n) < 10 ? 2 : 1));
};

function printTable(figures) {
  const rows = figures.map((f) => [
    f.name,
    `${f.lowerBound ? '≥ ' : ''}${fmt(f.value)} ${f.unit}`,
    f.baseline ? `${fmt(f.baseline.value)} ${f.unit} (${f.baseline.name})` : '—',
    f.ratio === null || f.ratio === undefined
      ? '—'
      : `${fmt(f.ratio)}×${f.ratioIsBetweenLowerBounds ? ' (bounds)' : ''}`,
    f.target?.text ?? '—',
    f.lowerBound
      ? 'not reached'
      : f.met === null || f.met === undefined
        ? '—'
        : f.met
          ? 'met'
          : 'NOT met',
  ]);
  const header = ['figure', 'Hearth', 'baseline (same run)', 'ratio', 'target', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

// ---------------------------------------------------------------------------------------------
const started = new Date();
const runInfo = {
  date: started.toISOString(),
  machine: { ...machine(), loadAverageAtStart: loadAverage() },
  node: process.version,
  mediasoup: mediasoupVersion(),
  chromium: null,
  git: {
    commit: git('rev-parse', 'HEAD'),
    // Uncommitted changes in the code under test are part of the build and of these figures.
    uncommittedChangesInCode: (
      git('status', '--porcelain', '--', 'apps', 'libs', 'bench', 'tools') ?? ''
    )
      .split('\n')
      .filter(Boolean).length,
  },
  harnessesRun: selected,
};
console.log(
  `Hearth benchmarks: ${selected.join(', ')} on ${runInfo.machine.cores} cores (${runInfo.machine.cpuModel}), Node ${runInfo.node}, mediasoup ${runInfo.mediasoup}; load average ${runInfo.machine.loadAverageAtStart.join(' ')}`,
);
if (runInfo.machine.loadAverageAtStart[0] > runInfo.machine.cores * 0.5) {
  console.log(
    `NOTE: the machine is busy (1-minute load average ${runInfo.machine.loadAverageAtStart[0]} on ${runInfo.machine.cores} cores): figures will be skewed; compare the ratios, which share the noise.`,
  );
}

if (!skipBuild) {
  const t0 = performance.now();
  console.log('\n== build (npm run build: api + web)');
  const build = await run('npm', ['run', 'build']);
  if (build.code !== 0) {
    console.error('the build failed; no benchmark was run');
    process.exit(1);
  }
  runInfo.buildSeconds = round((performance.now() - t0) / 1000, 1);
} else if (!existsSync(join(root, 'dist/api/apps/api/src/main.js'))) {
  console.error('--no-build, but dist/api is not built: run `npm run build` first');
  process.exit(1);
}

const harnesses = {};
for (const name of selected) {
  const { script, result: resultFile } = HARNESSES[name];
  console.log(`\n== ${name} (node ${script})`);
  const t0 = performance.now();
  const loadAtStart = loadAverage();
  const outcome = await run(process.execPath, [script], { timeout: timeoutSeconds });
  const durationSeconds = round((performance.now() - t0) / 1000, 1);
  const entry = {
    script,
    durationSeconds,
    loadAverageAtStart: loadAtStart,
    loadAverageAtEnd: loadAverage(),
    ok: outcome.code === 0,
  };
  if (!entry.ok) {
    entry.error = outcome.timedOut
      ? `timed out after ${timeoutSeconds} s`
      : `exited with ${outcome.code ?? outcome.signal}`;
  } else {
    const path = join(resultsDir, resultFile);
    const result = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
    if (!result || new Date(result.date) < started) {
      entry.ok = false;
      entry.error = `${resultFile} was not written by this run`;
    } else {
      entry.result = result;
      if (result.chromium) runInfo.chromium = result.chromium;
    }
  }
  if (durationSeconds > 300) entry.note = 'over the ~5 minute budget of a harness';
  harnesses[name] = entry;
  console.log(
    `== ${name}: ${entry.ok ? 'done' : `FAILED (${entry.error})`} in ${durationSeconds} s`,
  );
}

// Harnesses not run this time keep their last figures in latest.json, marked as carried over.
const existing = existsSync(latestPath) ? JSON.parse(readFileSync(latestPath, 'utf8')) : null;
for (const name of Object.keys(HARNESSES)) {
  if (harnesses[name] || !existing?.harnesses?.[name]) continue;
  harnesses[name] = {
    ...existing.harnesses[name],
    carriedOverFrom: existing.harnesses[name].carriedOverFrom ?? existing.date,
  };
}
if (!runInfo.chromium && harnesses.join?.result?.chromium)
  runInfo.chromium = harnesses.join.result.chromium;

const figures = Object.entries(harnesses).flatMap(([name, entry]) =>
  entry.result
    ? collectFigures(name, entry.result).map((f) =>
        entry.carriedOverFrom ? { ...f, carriedOverFrom: entry.carriedOverFrom } : f,
      )
    : [],
);
const previous = previousCommitted();
const found = regressions(
  figures.filter((f) => !f.carriedOverFrom),
  previous,
  regressionPercent,
);

const latest = {
  ...runInfo,
  machine: { ...runInfo.machine, loadAverageAtEnd: loadAverage() },
  durationSeconds: round((Date.now() - started.getTime()) / 1000, 0),
  figureFormat:
    'value: Hearth (lowerBound: the load generator, not the system, ended the ramp); baseline.value: the same metric of the baseline measured in the same run; ratio: value / baseline.value; better: which direction is better; target.on: whether the target applies to value or ratio; met: target met (null: no target)',
  figures,
  regressionCheck: {
    thresholdPercent: regressionPercent,
    against: previous
      ? { date: previous.date, commit: previous.git?.commit ?? null }
      : 'no committed bench/results/latest.json yet',
    regressions: found,
  },
  harnesses,
};
mkdirSync(resultsDir, { recursive: true });
writeFileSync(latestPath, `${JSON.stringify(latest, null, 2)}\n`);
// The result files are committed: keep them as `npm run format` would leave them.
try {
  const prettier = await import('prettier');
  for (const file of [latestPath, ...selected.map((n) => join(resultsDir, HARNESSES[n].result))]) {
    if (!existsSync(file)) continue;
    writeFileSync(file, await prettier.format(readFileSync(file, 'utf8'), { filepath: file }));
  }
} catch (error) {
  console.log(`(results left unformatted: ${error.message})`);
}

console.log(
  `\nHearth benchmarks — ${latest.date}, ${latest.machine.cores} cores ${latest.machine.cpuModel}, ${latest.machine.memoryGiB} GiB; Node ${latest.node}, mediasoup ${latest.mediasoup}${latest.chromium ? `, Chromium ${latest.chromium}` : ''}; commit ${latest.git.commit?.slice(0, 10)}${latest.git.uncommittedChangesInCode ? ` + ${latest.git.uncommittedChangesInCode} uncommitted change(s) in the code` : ''}\n`,
);
printTable(figures);
for (const f of figures.filter((x) => x.note)) console.log(`note — ${f.name}: ${f.note}`);
for (const [name, entry] of Object.entries(harnesses)) {
  const when = entry.carriedOverFrom ? ` — carried over from ${entry.carriedOverFrom}` : '';
  console.log(
    `${name}: ${entry.ok ? 'ok' : `FAILED (${entry.error})`}, ${entry.durationSeconds} s, load average ${entry.loadAverageAtStart?.join(' ')} → ${entry.loadAverageAtEnd?.join(' ')}${entry.note ? ` (${entry.note})` : ''}${when}`,
  );
}
if (!previous) console.log('\nno committed bench/results/latest.json to compare with yet');
for (const r of found) {
  console.log(
    `REGRESSION: ${r.name} ${fmt(r.current)} ${r.unit} vs ${fmt(r.previous)} ${r.unit} committed (${r.worsePercent}% worse, ${r.better} is better; ratio to baseline ${fmt(r.currentRatio)} vs ${fmt(r.previousRatio)} — a steady ratio points at the machine, not the code)`,
  );
}
if (previous && found.length === 0) {
  console.log(
    `\nno figure is more than ${regressionPercent}% worse than the committed result (${previous.date})`,
  );
}
console.log(`\nwrote ${join('bench/results', 'latest.json')} in ${latest.durationSeconds} s`);
process.exit(Object.values(harnesses).every((h) => h.ok || h.carriedOverFrom) ? 0 : 1);
