// What the SFU benchmark reads from the operating system: a process's CPU time, per-socket UDP
// drops, and core pinning with taskset; plus a small request/reply wrapper around forked helpers.
import { execFileSync, fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let clockTicks;
/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, almost always 100). */
function ticksPerSecond() {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** CPU seconds (user + system, every thread) a process has used so far: /proc/<pid>/stat. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may itself contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
}

/**
 * Seconds a process's threads have spent runnable but waiting for a core (run_delay in
 * /proc/<pid>/task/<tid>/schedstat): how much a busy neighbour held the measured process back.
 */
export function waitingSeconds(pid) {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[1]);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return total / 1e9;
}

/** CPU seconds one core has been busy (anything but idle and iowait) so far: /proc/stat. */
export function coreBusySeconds(core) {
  const line = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`cpu${core} `));
  if (!line) return NaN;
  const [user, nice, system, , , irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return (user + nice + system + irq + softirq + steal) / ticksPerSecond();
}

/** Datagrams the kernel dropped per local UDP port (a full receive buffer), from /proc/net/udp. */
export function udpDrops() {
  const drops = new Map();
  const lines = readFileSync('/proc/net/udp', 'utf8').trim().split('\n').slice(1);
  for (const line of lines) {
    const columns = line.trim().split(/\s+/);
    const port = parseInt(columns[1].split(':')[1], 16);
    drops.set(port, (drops.get(port) ?? 0) + Number(columns[columns.length - 1]));
  }
  return drops;
}

/** Sum of drops over `ports` between two {@link udpDrops} snapshots. */
export function dropsBetween(before, after, ports) {
  let total = 0;
  for (const port of ports) total += (after.get(port) ?? 0) - (before.get(port) ?? 0);
  return total;
}

let tasksetAvailable;
export function hasTaskset() {
  if (tasksetAvailable === undefined) {
    try {
      execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
      tasksetAvailable = true;
    } catch {
      tasksetAvailable = false;
    }
  }
  return tasksetAvailable;
}

/** Pins every thread of a running process to `cores` (taskset list syntax, e.g. "1" or "0-2"). */
export function pin(pid, cores) {
  execFileSync('taskset', ['-a', '-p', '-c', cores, String(pid)], { stdio: 'ignore' });
}

/** Forks a helper that answers `{ id, type, ... }` messages with `{ id, ... }` (or `{ error }`). */
export function helper(script, args = []) {
  const child = fork(script, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map();
  let nextId = 0;
  child.on('message', (message) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error));
    else waiter.resolve(message);
  });
  child.on('exit', (code, signal) => {
    for (const waiter of pending.values()) {
      waiter.reject(new Error(`${script} exited (${code ?? signal})`));
    }
    pending.clear();
  });
  return {
    pid: child.pid,
    request(type, body = {}) {
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ id, type, ...body });
      });
    },
    async exit() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        await Promise.race([this.request('exit'), new Promise((r) => setTimeout(r, 1000))]);
      } catch {
        // Already gone.
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
