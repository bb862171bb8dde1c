import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Fault injection for ONE browser's network, without netem (this kernel has none) and without
// touching anyone else's traffic: the browser runs in a cgroup v2 group of its own (a wrapper
// executable moves itself there, then execs Chromium, so every Chromium process inherits it), and
// iptables rules match that group: `-t mangle OUTPUT -m cgroup --path` marks every connection the
// browser opens (CONNMARK), and a chain of our own in INPUT drops packets of marked connections,
// both ways. Dropping at INPUT rather than OUTPUT makes the packets vanish as on a real network:
// a drop in OUTPUT would fail the browser's sendto() with EPERM, which a real cut never does, and
// replies on loopback carry no socket of the group to match. Only the browser's UDP and its TCP
// to the SFU's port are cut while its socket.io connection (HTTP and WebSocket to the API port)
// carries on.
//
// Only node: imports, so the benchmarks (plain Node with type stripping) can load this file too.
//
// Delay, without netem: a user-space UDP relay in the path (test/support/udp-delay.ts forwards
// every datagram after a delay, both ways) and the browser's only route to the SFU through it
// ({@link NetFaults.routeThrough}: an iptables DNAT in `-t nat OUTPUT -m cgroup` from the SFU's
// port to the relay's, and its TCP to the SFU dropped).

/** Every rule, chain and group made by this process: removed on exit whatever happens. */
const live = new Set<NetFaults>();
let exitHookInstalled = false;

const CHAIN_PREFIX = 'HFLT';

function cgroup2Root(): string | null {
  let mounts: string;
  try {
    mounts = readFileSync('/proc/self/mounts', 'utf8');
  } catch {
    return null;
  }
  for (const line of mounts.split('\n')) {
    const [, mountPoint, type] = line.split(' ');
    if (type === 'cgroup2' && mountPoint) return mountPoint;
  }
  return null;
}

function findIptables(): string | null {
  for (const name of ['iptables', 'iptables-nft', 'iptables-legacy']) {
    for (const dir of ['/usr/sbin', '/sbin', '/usr/bin', '/bin']) {
      if (existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return null;
}

/**
 * Why fault injection cannot run here (not root, or no cgroup v2), or null when it can. A missing
 * iptables as root is not a reason to skip: that is a broken CI image and must fail.
 */
export function faultInjectionUnavailable(): string | null {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    return 'not running as root (iptables and cgroups need it)';
  }
  if (!cgroup2Root()) return 'no cgroup v2 hierarchy is mounted';
  return null;
}

/** Logs loudly why a fault-injection suite is skipped; returns whether it may run. */
export function faultInjectionAvailableOrWarn(suite: string): boolean {
  const reason = faultInjectionUnavailable();
  if (!reason) return true;
  const bar = '!'.repeat(100);
  console.error(`${bar}\nSKIPPED: ${suite}: ${reason}. These tests did NOT run.\n${bar}`);
  return false;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface MediaCut {
  /** The SFU's port (UDP and TCP): the browser's TCP to it is dropped. */
  readonly sfuPort: number;
  /** Drop only this fraction of the packets at random (`-m statistic`); all of them when unset. */
  readonly probability?: number;
  /** Also drop the browser's TCP to these ports (e.g. a TURN listener). */
  readonly tcpPorts?: readonly number[];
  /** Drop UDP only (leave TCP to the SFU alone). */
  readonly udpOnly?: boolean;
}

/**
 * One browser's network, in its own cgroup, with a chain of its own (jumped to from INPUT). Create, launch the browser with {@link executablePath}, then {@link cut} and
 * {@link restore}; {@link dispose} removes everything (also run from an exit hook).
 */
export class NetFaults {
  readonly #ipt: string;
  readonly #cgroupDir: string;
  readonly #wrapperDir: string;
  readonly #chain: string;
  readonly #mark: string;
  /** The NAT rule of {@link routeThrough} while it is in force (without its -A/-D). */
  #natRule: string[] | null = null;
  #disposed = false;

  /** The group's path as iptables' `--path` wants it (relative to the cgroup v2 root). */
  readonly cgroupPath: string;
  /** A Chromium to launch: moves itself into the group, then execs the real one. */
  readonly executablePath: string;

  private constructor(label: string, chromiumPath: string) {
    const root = cgroup2Root();
    const ipt = findIptables();
    if (!root) throw new Error('fault injection needs a cgroup v2 hierarchy');
    if (!ipt) throw new Error('fault injection needs iptables (Debian package iptables)');
    this.#ipt = ipt;
    const n = NetFaults.#counter++;
    const id = `${process.pid}-${n}`;
    this.cgroupPath = `/hearth-faults-${id}`;
    this.#cgroupDir = join(root, this.cgroupPath);
    this.#chain = `${CHAIN_PREFIX}-${id}`;
    // A connmark of our own per instance (high bits set so nothing else's marks collide).
    this.#mark = `0x${(0x48000000 + ((process.pid % 0x10000) << 8) + n).toString(16)}`;
    mkdirSync(this.#cgroupDir);
    this.#wrapperDir = mkdtempSync(join(tmpdir(), `hearth-faults-${label}-`));
    this.executablePath = join(this.#wrapperDir, 'chromium-in-cgroup');
    writeFileSync(
      this.executablePath,
      [
        '#!/bin/sh',
        `echo $$ > '${join(this.#cgroupDir, 'cgroup.procs')}' || exit 97`,
        `exec '${chromiumPath}' "$@"`,
        '',
      ].join('\n'),
    );
    chmodSync(this.executablePath, 0o755);
    live.add(this);
    try {
      this.#iptables('-N', this.#chain);
      this.#iptables('-I', 'INPUT', '1', '-j', this.#chain);
      this.#iptables(...this.#markRule('-A'));
    } catch (error) {
      this.dispose();
      throw error;
    }
  }

  static #counter = 0;

  /** Makes a group and chains for one browser (`label` only names the temporary directory). */
  static create(label: string, chromiumPath: string): NetFaults {
    const reason = faultInjectionUnavailable();
    if (reason) throw new Error(`fault injection unavailable: ${reason}`);
    removeStale();
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      const disposeAll = () => {
        for (const faults of live) faults.dispose();
      };
      process.on('exit', disposeAll);
      // A signal skips 'exit' hooks: clean up, then die of the same signal.
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
        process.once(signal, () => {
          disposeAll();
          process.kill(process.pid, signal);
        });
      }
    }
    return new NetFaults(label, chromiumPath);
  }

  #markRule(op: '-A' | '-D'): string[] {
    return [
      '-t',
      'mangle',
      op,
      'OUTPUT',
      '-m',
      'cgroup',
      '--path',
      this.cgroupPath,
      '-j',
      'CONNMARK',
      '--set-mark',
      this.#mark,
    ];
  }

  #iptables(...args: string[]): void {
    execFileSync(this.#ipt, ['-w', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  }

  #tryIptables(...args: string[]): void {
    try {
      this.#iptables(...args);
    } catch {
      // already gone
    }
  }

  /** Pids of the processes in the group (the browser's, once launched through the wrapper). */
  pids(): number[] {
    try {
      return readFileSync(join(this.#cgroupDir, 'cgroup.procs'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  }

  /** The rules now in force, as `iptables -S` prints them (for logs and assertions). */
  rules(): string {
    return execFileSync(this.#ipt, ['-w', '-S', this.#chain]).toString();
  }

  /** Drops the browser's media (all of it, or a random fraction): UDP, and TCP to the SFU's port. */
  cut(cut: MediaCut): void {
    this.restore();
    const random =
      cut.probability === undefined
        ? []
        : ['-m', 'statistic', '--mode', 'random', '--probability', String(cut.probability)];
    const drop = (...match: string[]) =>
      this.#iptables(
        '-A',
        this.#chain,
        '-m',
        'connmark',
        '--mark',
        this.#mark,
        ...match,
        ...random,
        '-j',
        'DROP',
      );
    drop('-p', 'udp');
    const tcpPorts = [...(cut.udpOnly ? [] : [cut.sfuPort]), ...(cut.tcpPorts ?? [])];
    for (const port of tcpPorts) {
      // Both ways: the browser's segments to the port and the port's segments to the browser.
      drop('-p', 'tcp', '--dport', String(port));
      drop('-p', 'tcp', '--sport', String(port));
    }
  }

  /**
   * Sends the browser's UDP to the SFU's port to `relayPort` on this host instead (`-t nat OUTPUT
   * -m cgroup` DNAT; replies come back as if from the SFU) and drops its TCP to the SFU, so that
   * all its media crosses the relay (e.g. test/support/udp-delay.ts). NAT is decided when a flow
   * starts: only flows the browser opens afterwards are redirected.
   */
  routeThrough(sfuPort: number, relayPort: number): void {
    this.restore();
    const rule = [
      'OUTPUT',
      '-m',
      'cgroup',
      '--path',
      this.cgroupPath,
      '-p',
      'udp',
      '--dport',
      String(sfuPort),
      '-j',
      'DNAT',
      '--to-destination',
      `127.0.0.1:${relayPort}`,
    ];
    this.#iptables('-t', 'nat', '-A', ...rule);
    this.#natRule = rule;
    for (const direction of ['--dport', '--sport']) {
      this.#iptables(
        '-A',
        this.#chain,
        '-m',
        'connmark',
        '--mark',
        this.#mark,
        '-p',
        'tcp',
        direction,
        String(sfuPort),
        '-j',
        'DROP',
      );
    }
  }

  /** Lets every packet through again, straight to where it was going. */
  restore(): void {
    if (this.#disposed) return;
    this.#iptables('-F', this.#chain);
    this.#removeNatRule();
  }

  #removeNatRule(): void {
    if (this.#natRule) this.#tryIptables('-t', 'nat', '-D', ...this.#natRule);
    this.#natRule = null;
  }

  /**
   * Removes the rules, the chains, the mark rule, the group (killing what is left in it) and the
   * wrapper. Safe to call twice; synchronous so that the exit hook can run it.
   */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    live.delete(this);
    this.#removeNatRule();
    this.#tryIptables('-D', 'INPUT', '-j', this.#chain);
    this.#tryIptables(...this.#markRule('-D'));
    this.#tryIptables('-F', this.#chain);
    this.#tryIptables('-X', this.#chain);
    removeGroup(this.#cgroupDir);
    rmSync(this.#wrapperDir, { recursive: true, force: true });
  }
}

/** Kills whatever is left in a group and removes it. */
function removeGroup(dir: string): void {
  if (!existsSync(dir)) return;
  const procs = () =>
    readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const left = procs();
    if (left.length === 0) break;
    if (existsSync(join(dir, 'cgroup.kill'))) writeFileSync(join(dir, 'cgroup.kill'), '1');
    else
      for (const pid of left) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    sleepSync(100);
  }
  try {
    rmdirSync(dir);
  } catch (error) {
    console.error(`could not remove cgroup ${dir}: ${(error as Error).message}`);
  }
}

/** Rules and groups left by a process that died without cleaning up (SIGKILLed test runner). */
function removeStale(): void {
  const ipt = findIptables();
  const root = cgroup2Root();
  if (!ipt || !root) return;
  const dead = (pid: number) => pid !== process.pid && !pidAlive(pid);
  for (const table of ['filter', 'mangle', 'nat']) {
    let rules: string;
    try {
      rules = execFileSync(ipt, ['-w', '-t', table, '-S']).toString();
    } catch {
      continue;
    }
    for (const line of rules.split('\n')) {
      const owner =
        line.match(new RegExp(`-j ${CHAIN_PREFIX}-(\\d+)-\\d+\\b`))?.[1] ??
        line.match(/--path "?\/hearth-faults-(\d+)-\d+"?/)?.[1];
      if (!owner || !line.startsWith('-A ') || !dead(Number(owner))) continue;
      const args = line
        .slice(3)
        .split(' ')
        .map((a) => a.replace(/^"|"$/g, ''));
      try {
        execFileSync(ipt, ['-w', '-t', table, '-D', ...args], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
    for (const line of rules.split('\n')) {
      const chain = line.match(new RegExp(`^-N (${CHAIN_PREFIX}-(\\d+)-\\d+)$`));
      if (!chain || !dead(Number(chain[2]))) continue;
      for (const op of ['-F', '-X']) {
        try {
          execFileSync(ipt, ['-w', '-t', table, op, chain[1]!], { stdio: 'ignore' });
        } catch {
          // already gone
        }
      }
    }
  }
  for (const name of readdirSync(root)) {
    const owner = name.match(/^hearth-faults-(\d+)-\d+$/)?.[1];
    if (owner && dead(Number(owner))) removeGroup(join(root, name));
  }
}
