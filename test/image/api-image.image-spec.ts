import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import { repoRoot } from '../support/paths';
import { baseImages, type BaseImages } from './base-images';
import { docker, dockerCli, must, run, stream } from './docker';

// The API image built from docker/api.Dockerfile and run the way an operator runs it: against
// the host's PostgreSQL and Redis (host network: nothing leaves loopback), two media workers, the
// web app served from the same origin. What it proves is what broke before: the process starts
// (Node is in the image), the healthcheck passes (it runs that Node), every process is the
// unprivileged user, and `docker stop` ends it cleanly and quickly.

const image = process.env.HEARTH_TEST_IMAGE ?? 'hearth-api:image-test';
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/11';
const caBundle = '/etc/ssl/certs/ca-certificates.crt';
const log = (line: string) => process.stdout.write(`[test:image] ${line}\n`);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined>, ms: number) {
  const until = Date.now() + ms;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} within ${ms / 1000} s${last ? `: ${String(last)}` : ''}`);
}

describe('the API image', () => {
  let bases: BaseImages;
  let database: TestDatabase | undefined;
  let container: string | undefined;

  beforeAll(async () => {
    const version = await run(dockerCli, ['version', '--format', '{{.Server.Version}}']);
    if (version.code !== 0) {
      throw new Error(
        `no Docker daemon answers (${dockerCli}): ${version.stderr.trim()}\n` +
          'Start one as root (.ci/run shows how) before npm run test:image.',
      );
    }
    log(`Docker daemon ${version.stdout.trim()} through ${dockerCli}`);
  });

  afterAll(async () => {
    if (container) await run(dockerCli, ['rm', '-f', container]);
    await database?.drop();
  });

  it(
    'builds, reusing the mediasoup worker npm ci built on this machine',
    async () => {
      const seed = await must(process.execPath, ['docker/seed-worker.mjs'], { cwd: repoRoot });
      log(seed.trim());
      bases = await baseImages(log);

      const started = Date.now();
      const output = await stream(
        dockerCli,
        [
          'build',
          '--progress=plain',
          '--network',
          'host',
          '-f',
          `${repoRoot}/docker/api.Dockerfile`,
          '--build-arg',
          `NODE_IMAGE=${bases.node}`,
          '--build-arg',
          `RUNTIME_IMAGE=${bases.runtime}`,
          ...(existsSync(caBundle) ? ['--secret', `id=ca-certificates,src=${caBundle}`] : []),
          '-t',
          image,
          repoRoot,
        ],
        { ...process.env, DOCKER_BUILDKIT: '1' },
      );
      const seconds = Math.round((Date.now() - started) / 1000);
      const size = Number(await docker(['image', 'inspect', '-f', '{{.Size}}', image]));
      log(`built ${image} in ${seconds} s, ${Math.round(size / 1e6)} MB`);

      // Seeded: the worker is restored (or the whole step came from the layer cache); never compiled.
      expect(output).not.toContain('compiling mediasoup-worker');
      if (seed.includes('docker/worker-cache/')) {
        expect(output).toMatch(/restored the worker from the cache|#\d+ CACHED/);
      }
    },
    50 * 60_000,
  );

  it(
    'starts against PostgreSQL and Redis, ready with its media workers, as the hearth user',
    async () => {
      database = await createTestDatabase();
      const port = await freePort();
      const sfuPort = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const name = `hearth-image-test-${process.pid}`;
      container = name;
      await docker([
        'run',
        '--detach',
        '--name',
        name,
        '--network',
        'host',
        // The image's own HEALTHCHECK command, probed more often so the test need not wait 15 s.
        '--health-interval',
        '2s',
        '--health-start-period',
        '60s',
        ...Object.entries({
          PORT: String(port),
          HOST: '127.0.0.1',
          PUBLIC_URL: base,
          COOKIE_SECURE: 'false',
          DATABASE_URL: database.url,
          REDIS_URL: redisUrl,
          JWT_SECRET: randomBytes(32).toString('base64'),
          SFU_LISTEN_IP: '127.0.0.1',
          SFU_ANNOUNCED_ADDRESS: '127.0.0.1',
          SFU_WORKERS: '2',
          SFU_PORT: String(sfuPort),
        }).flatMap(([key, value]) => ['--env', `${key}=${value}`]),
        image,
      ]);

      const started = Date.now();
      const readiness = await waitFor(
        'the container answers /health/ready with 200',
        async () => {
          const response = await fetch(`${base}/health/ready`);
          return response.status === 200
            ? ((await response.json()) as Record<string, unknown>)
            : undefined;
        },
        90_000,
      ).catch(async (error: Error) => {
        const logs = await run(dockerCli, ['logs', '--tail', '60', name]);
        throw new Error(`${error.message}\n${logs.stdout}${logs.stderr}`);
      });
      log(`ready ${Date.now() - started} ms after docker run`);
      expect(readiness).toMatchObject({
        status: 'ready',
        checks: { database: { status: 'up' }, media: { status: 'up', workers: 2, configured: 2 } },
      });

      // Docker's own view: the HEALTHCHECK (the image's Node) says healthy.
      await waitFor(
        'docker reports the container healthy',
        async () =>
          (await docker(['inspect', '-f', '{{.State.Health.Status}}', name])).trim() === 'healthy'
            ? true
            : undefined,
        60_000,
      );

      // The web app, from the same origin, with its scripts.
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<div id="root">');
      const script = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
      expect(script).toBeDefined();
      const asset = await fetch(`${base}${script}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toMatch(/javascript/);

      // Every process — tini, Node, both media workers — runs as the unprivileged user.
      expect((await docker(['inspect', '-f', '{{.Config.User}}', name])).trim()).toBe('hearth');
      const hearthUid = (await docker(['exec', name, 'id', '-u'])).trim();
      expect(Number(hearthUid)).toBeGreaterThan(0);
      // `docker top` runs ps on the host: pid, uid, then the command line (Node names its
      // main thread, so its comm says MainThread).
      const processes = (await docker(['top', name, '-eo', 'pid,uid,args']))
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => {
          const [, uid = '', ...args] = line.trim().split(/\s+/);
          return { uid, command: args.join(' ') };
        });
      // A healthcheck probe (`node -e …`) may be running right now: checked for its user only.
      const serving = processes.filter(({ command }) => !command.includes(' -e '));
      const kinds = serving.map(({ command }) =>
        command.startsWith('/usr/bin/tini')
          ? 'tini'
          : command.startsWith('/usr/local/bin/node ')
            ? 'node'
            : command.includes('mediasoup-worker')
              ? 'worker'
              : command,
      );
      expect(kinds.sort()).toEqual(['node', 'tini', 'worker', 'worker']);
      expect(processes.filter(({ uid }) => uid !== hearthUid)).toEqual([]);

      // The project's pinned Node, carried into the image.
      const { engines } = (await import(`${repoRoot}/package.json`)) as {
        engines: { node: string };
      };
      const nodeVersion = (await docker(['exec', name, 'node', '--version'])).trim();
      log(`node in the image: ${nodeVersion} (package.json engines ${engines.node})`);
      expect(nodeVersion).toMatch(/^v24\./);
    },
    5 * 60_000,
  );

  it('stops cleanly within 10 s on docker stop', async () => {
    const started = Date.now();
    await docker(['stop', '--time', '10', container!], { timeoutMs: 30_000 });
    const ms = Date.now() - started;
    const exitCode = (await docker(['inspect', '-f', '{{.State.ExitCode}}', container!])).trim();
    log(`docker stop took ${ms} ms, exit code ${exitCode}`);
    expect(exitCode).toBe('0');
    expect(ms).toBeLessThan(10_000);
  });
});
