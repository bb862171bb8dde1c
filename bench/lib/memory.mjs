// Peak resident memory of the processes a benchmark measures: a Node process (the API server
// the harness spawned, or the harness itself when it owns the WorkerPool) and the mediasoup
// workers that are its children. The kernel keeps each process's peak RSS (VmHWM in
// /proc/<pid>/status), so sampling only has to catch every process before it exits: a worker
// replaced during the run is still counted, and the last sample is taken just before the
// harness stops the process.
import { readdirSync, readFileSync } from 'node:fs';

const MiB = 1024 * 1024;
const round = (n) => Math.round(n * 10) / 10;

/** { rssKiB, hwmKiB, name } of a live process, or null when it is gone. */
function statusOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (key) => {
      const match = status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'));
      return match ? Number(match[1]) : 0;
    };
    const name = status.match(/^Name:\s+(.*)$/m)?.[1] ?? '';
    return { rssKiB: field('VmRSS'), hwmKiB: field('VmHWM'), name };
  } catch {
    return null;
  }
}

/** Direct children of a process, from /proc/<pid>/task/<tid>/children. */
export function childrenOf(pid) {
  const children = new Set();
  let tids = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  for (const tid of tids) {
    try {
      for (const child of readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .trim()
        .split(/\s+/)) {
        if (child) children.add(Number(child));
      }
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return [...children];
}

const isWorker = (name) => name.startsWith('mediasoup-work'); // comm is cut at 15 characters

/**
 * Samples the peak RSS of `pid` (labelled `label`) and of every mediasoup worker among its
 * children every `intervalMs` until {@link stop}. `pid` may be given later with `watch(pid)`.
 */
export function memorySampler({ label, pid, intervalMs = 250 } = {}) {
  let main = pid ? { pid, label, hwmKiB: 0, rssKiB: 0 } : null;
  const workers = new Map(); // pid -> { pid, hwmKiB, firstSeenMs, lastSeenMs }
  const started = performance.now();
  let samples = 0;

  function sample() {
    if (!main) return;
    samples += 1;
    const now = Math.round(performance.now() - started);
    const status = statusOf(main.pid);
    if (status) {
      main.hwmKiB = Math.max(main.hwmKiB, status.hwmKiB);
      main.rssKiB = status.rssKiB;
    }
    for (const child of childrenOf(main.pid)) {
      const s = statusOf(child);
      if (!s || !isWorker(s.name)) continue;
      const known = workers.get(child) ?? { pid: child, hwmKiB: 0, firstSeenMs: now };
      known.hwmKiB = Math.max(known.hwmKiB, s.hwmKiB);
      known.lastSeenMs = now;
      workers.set(child, known);
    }
  }

  const timer = setInterval(sample, intervalMs);
  timer.unref();
  sample();

  return {
    watch(newPid, newLabel = label) {
      main = { pid: newPid, label: newLabel, hwmKiB: 0, rssKiB: 0 };
      sample();
    },
    sample,
    /** Takes a last sample and returns the peaks in MiB. Call before the process is stopped. */
    stop() {
      sample();
      clearInterval(timer);
      if (!main) return null;
      const list = [...workers.values()].sort((a, b) => a.firstSeenMs - b.firstSeenMs);
      return {
        source: '/proc/<pid>/status VmHWM (peak resident set), sampled every ' + intervalMs + ' ms',
        process: {
          label: main.label,
          pid: main.pid,
          peakRssMiB: round((main.hwmKiB * 1024) / MiB),
        },
        mediasoupWorkers: list.map((w) => ({
          pid: w.pid,
          peakRssMiB: round((w.hwmKiB * 1024) / MiB),
        })),
        mediasoupWorkersPeakRssMiBMax: list.length
          ? round(Math.max(...list.map((w) => (w.hwmKiB * 1024) / MiB)))
          : null,
        samples,
      };
    },
  };
}

/** One line for a harness's console output. */
export function describeMemory(memory) {
  if (!memory) return 'memory: not sampled';
  const workers = memory.mediasoupWorkers.length
    ? memory.mediasoupWorkers.map((w) => `${w.peakRssMiB} MiB (pid ${w.pid})`).join(', ')
    : 'none';
  return `peak RSS: ${memory.process.label} ${memory.process.peakRssMiB} MiB; mediasoup workers: ${workers}`;
}

/** Peak RSS so far (MiB) of one live process, or null when it is gone. */
export function peakRssMiB(pid) {
  const status = statusOf(pid);
  return status ? round((status.hwmKiB * 1024) / MiB) : null;
}
