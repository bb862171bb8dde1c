import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A redis-server of the test's own on `port`, as deployed (compose runs it with an append-only
 * file): its data outlives a crash, so a test can stop it and start it again with the leases and
 * snapshots it held.
 */
export interface TestRedis {
  readonly url: string;
  /** Whether it runs now. */
  readonly running: boolean;
  /** Kills it (SIGKILL, as a crash or a lost host would); resolves once it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  close(): Promise<void>;
}

async function spawnRedis(port: number, dir: string): Promise<ChildProcess> {
  const redis = spawn(
    'redis-server',
    [
      ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''],
      ...['--appendonly', 'yes', '--appendfsync', 'always'],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    redis.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) resolve();
    });
    redis.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return redis;
}

export async function startTestRedis(port: number): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-redis-'));
  let process: ChildProcess | undefined = await spawnRedis(port, dir);
  const stop = async () => {
    const running = process;
    process = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = once(running, 'exit');
    running.kill('SIGKILL');
    await exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return process !== undefined;
    },
    stop,
    async start() {
      if (!process) process = await spawnRedis(port, dir);
    },
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
