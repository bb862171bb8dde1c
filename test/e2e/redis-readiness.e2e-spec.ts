import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import { startServer, type ServerProcess } from '../support/server';

// A node linked to others through Redis cannot renew its session leases while Redis is away, so
// it must say it is not ready (a load balancer then stops sending it people) and say so on its
// metrics; when Redis is back, it is ready again by itself. A Redis server of the test's own, so
// that stopping it disturbs nobody else.

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
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

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting until ${what}`);
}

describe('readiness and metrics follow Redis when REDIS_URL is set', () => {
  let database: TestDatabase;
  let redisPort: number;
  let redis: ChildProcess | undefined;
  let server: ServerProcess;
  let metricsUrl: string;

  const ready = async () => {
    const response = await fetch(`${server.url}/health/ready`);
    return {
      status: response.status,
      body: (await response.json()) as { checks: { redis?: { status: string } } },
    };
  };
  const redisUp = async () =>
    /^hearth_redis_up (\d)$/m.exec(await fetch(metricsUrl).then((r) => r.text()))?.[1];

  beforeAll(async () => {
    database = await createTestDatabase();
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    server = await startServer({
      DATABASE_URL: database.url,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      METRICS_PORT: String(metricsPort),
    });
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    redis?.kill('SIGKILL');
    await database?.drop();
  });

  it('is ready with Redis up, not ready while it is down, and ready again when it returns', async () => {
    const before = await ready();
    expect(before.status).toBe(200);
    expect(before.body.checks.redis).toMatchObject({ status: 'up' });
    expect(await redisUp()).toBe('1');

    const exited = once(redis!, 'exit');
    redis!.kill('SIGKILL');
    await exited;
    await until('readiness reports Redis down', async () => (await ready()).status === 503);
    expect((await ready()).body.checks.redis).toEqual({ status: 'down' });
    expect(await redisUp()).toBe('0');

    redis = await startRedis(redisPort);
    await until('readiness recovers', async () => (await ready()).status === 200, 30_000);
    expect(await redisUp()).toBe('1');
  });
});
