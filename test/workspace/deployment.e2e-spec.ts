import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { healthRoutes, LIVE_SOCKET_PATH } from '@hearth/contracts';
import { repoRoot } from '../support/paths';

// Docker cannot run where Hearth is developed, so the deployment files are kept honest by
// reading them: they may name only variables the API reads, build with the same commands the
// tests exercise, and keep coturn from relaying into private networks. Renaming a variable in
// config.ts, or a script in package.json, fails here until docker/ follows.

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');

/** Every variable `loadConfig` reads: the keys of its env schema. */
function configVariables(): Set<string> {
  const source = read('apps/api/src/config/config.ts');
  const schema = /const envSchema = z\.object\(\{\n([\s\S]*?)\n\}\);/.exec(source)?.[1] ?? '';
  return new Set([...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!));
}

// Variables docker/.env holds for compose itself (interpolation), never handed to the API whole.
const composeOnly = new Set(['POSTGRES_PASSWORD']);

/** `KEY=value` lines of an env file, and the `# KEY=value` ones that document a default. */
function envFileKeys(text: string): { set: string[]; documented: string[] } {
  const set = [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
  const documented = [...text.matchAll(/^# ([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
  return { set, documented };
}

/** The lines of one top-level service of compose.yaml. */
function composeService(compose: string, name: string): string {
  const start = compose.indexOf(`\n  ${name}:\n`);
  if (start < 0) throw new Error(`compose.yaml has no service ${name}`);
  const rest = compose.slice(start + 1);
  const end = rest.slice(1).search(/\n {2}[a-z][a-z0-9-]*:\n|\n[a-z]/);
  return end < 0 ? rest : rest.slice(0, end + 1);
}

/** Keys of a `<indent>environment:` mapping inside a service block. */
function environmentKeys(service: string): string[] {
  const block = /\n {4}environment:\n((?: {6}.*\n)+)/.exec(`${service}\n`)?.[1] ?? '';
  return [...block.matchAll(/^ {6}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);
}

function ipv4(text: string): bigint {
  return text.split('.').reduce((n, part) => (n << 8n) + BigInt(Number(part)), 0n);
}

function ipv6(text: string): bigint {
  const [head = '', tail] = text.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const missing = 8 - groups(head).length - groups(tail ?? '').length;
  const all =
    tail === undefined
      ? groups(head)
      : [...groups(head), ...Array<string>(missing).fill('0'), ...groups(tail)];
  return all.reduce((n, group) => (n << 16n) + BigInt(parseInt(group, 16)), 0n);
}

const toNumber = (address: string) => (address.includes(':') ? ipv6(address) : ipv4(address));
const family = (address: string) => (address.includes(':') ? 6 : 4);

describe('deployment files', () => {
  const known = configVariables();
  const envExample = read('docker/api.env.example');
  const composeEnvExample = read('docker/.env.example');
  const compose = read('docker/compose.yaml');
  const dockerfile = read('docker/api.Dockerfile');
  const packageJson = JSON.parse(read('package.json')) as { scripts: Record<string, string> };

  it('read the variables out of config.ts', () => {
    // A guard for the parser above: if it finds nothing, every other check would pass vacuously.
    for (const name of ['DATABASE_URL', 'PUBLIC_URL', 'SFU_ANNOUNCED_ADDRESS', 'TURN_SECRET']) {
      expect(known).toContain(name);
    }
    expect(known.size).toBeGreaterThan(25);
  });

  describe('docker/api.env.example', () => {
    const { set, documented } = envFileKeys(envExample);

    it('names only variables the API reads', () => {
      const unknown = [...set, ...documented].filter((k) => !known.has(k));
      expect(unknown).toEqual([]);
    });

    it('lists every variable the API reads, set or commented with its default', () => {
      const listed = new Set([...set, ...documented]);
      expect([...known].filter((name) => !listed.has(name))).toEqual([]);
    });

    it('holds no real secret', () => {
      expect(envExample).toMatch(/^JWT_SECRET=$/m);
      for (const name of ['TURN_SECRET', 'POSTGRES_PASSWORD']) {
        expect(composeEnvExample).toMatch(new RegExp(`^${name}=$`, 'm'));
      }
    });
  });

  describe('docker/compose.yaml', () => {
    it('gives the API only variables it reads', () => {
      const keys = environmentKeys(composeService(compose, 'api'));
      expect(keys).toEqual(expect.arrayContaining(['DATABASE_URL', 'HOST', 'SFU_LISTEN_IP']));
      expect(keys.filter((key) => !known.has(key))).toEqual([]);
      // compose's own .env holds the database password; the API gets only its own settings file.
      expect(composeService(compose, 'api')).toContain('env_file: api.env');
      expect(composeService(compose, 'api')).not.toMatch(/env_file: \.env|^ +POSTGRES_PASSWORD:/m);
    });

    it('interpolates only variables of docker/.env.example', () => {
      const interpolated = [...compose.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)].map((m) => m[1]!);
      expect(interpolated.length).toBeGreaterThan(0);
      const { set } = envFileKeys(composeEnvExample);
      expect(interpolated.filter((name) => !set.includes(name))).toEqual([]);
      for (const name of composeOnly) expect(interpolated).toContain(name);
    });

    it('publishes the media ports the API is told to use, one per worker', () => {
      const api = composeService(compose, 'api');
      const port = Number(/SFU_PORT: (\d+)/.exec(api)?.[1]);
      const workers = Number(/SFU_WORKERS: (\d+)/.exec(api)?.[1]);
      const range = `${port}-${port + workers - 1}:${port}-${port + workers - 1}`;
      expect(api).toContain(`'${range}/udp'`);
      expect(api).toContain(`'${range}/tcp'`);
    });

    it("checks the API's readiness, and starts it after PostgreSQL and Redis are healthy", () => {
      const api = composeService(compose, 'api');
      expect(api).toContain(healthRoutes.ready.path);
      expect(api).toMatch(/postgres:\n\s+condition: service_healthy/);
      expect(api).toMatch(/redis:\n\s+condition: service_healthy/);
      for (const service of ['postgres', 'redis']) {
        expect(composeService(compose, service)).toContain('healthcheck:');
      }
    });
  });

  describe('docker/api.Dockerfile', () => {
    const runtime = dockerfile.slice(dockerfile.indexOf(' AS runtime'));

    it('builds with the scripts the tests exercise', () => {
      const scripts = [...dockerfile.matchAll(/npm run ([a-z:-]+)/g)].map((m) => m[1]!);
      expect(scripts).toEqual(['build']);
      expect(packageJson.scripts['build']).toBe('nx run-many -t build -p api web');
      // `npm ci` runs the root postinstall, which builds or restores the mediasoup worker.
      expect(dockerfile).toMatch(/ npm ci --no-audit --no-fund\n/);
      // …restoring the worker `npm ci` built on the host (docker/seed-worker.mjs) into its cache.
      expect(dockerfile).toContain('--mount=type=bind,source=docker/worker-cache,target=/seed');
      expect(dockerfile).toContain('cp -R /seed/. /cache/hearth/mediasoup-worker/');
      expect(packageJson.scripts['postinstall']).toBe(
        'node tools/mediasoup-worker/ensure-worker.mjs',
      );
      expect(dockerfile).toContain('COPY tools/mediasoup-worker tools/mediasoup-worker');
    });

    it('copies what the builds produce and runs the entry `npm start` runs', () => {
      const api = JSON.parse(read('apps/api/project.json')) as {
        targets: { build: { outputs: string[] } };
      };
      const web = JSON.parse(read('apps/web/project.json')) as {
        targets: { build: { outputs: string[] } };
      };
      for (const output of [...api.targets.build.outputs, ...web.targets.build.outputs]) {
        const dir = output.replace('{workspaceRoot}/', '');
        expect(runtime).toContain(`COPY --from=build /src/${dir} ./${dir}`);
      }
      const entry = /join\(root, '(dist\/api\/[^']+)'\)/.exec(read('tools/scripts/start.mjs'))?.[1];
      expect(entry).toBe('dist/api/apps/api/src/main.js');
      expect(read('tools/scripts/build-api.mjs')).toContain(`entry: ${entry}`);
      // The pinned Node (the `node` package's binary, which the production install drops) is
      // carried into the runtime image; the entry and both healthchecks run it.
      expect(runtime).toContain(`CMD ["/usr/local/bin/node", "${entry}"]`);
      expect(dockerfile).toContain(
        'cp "$(readlink -f node_modules/node/bin/node)" /opt/hearth/bin/node',
      );
      expect(runtime).toContain('COPY --from=build /opt/hearth/bin/node /usr/local/bin/node');
      expect(runtime).toMatch(/HEALTHCHECK [^\n]*\\\n\s+CMD \["\/usr\/local\/bin\/node"/);
      expect(composeService(compose, 'api')).toContain('- /usr/local/bin/node');
      // The production install drops the worker; it goes back where mediasoup looks by default.
      expect(dockerfile).toContain(
        'mv .mediasoup-worker node_modules/mediasoup/worker/out/Release/mediasoup-worker',
      );
      expect(runtime).toContain('COPY --from=build /src/node_modules ./node_modules');
    });

    it('runs as a non-root user, sets only variables the API reads, and checks readiness', () => {
      expect(runtime).toMatch(/\nUSER hearth\n/);
      const envBlocks = [...runtime.matchAll(/\nENV ((?:.*\\\n)*.*)\n/g)].map((m) => m[1]!);
      const names = envBlocks.flatMap((block) =>
        [...block.matchAll(/([A-Z][A-Z0-9_]*)=/g)].map((m) => m[1]!),
      );
      expect(names.length).toBeGreaterThan(3);
      expect(names.filter((name) => !known.has(name) && name !== 'DEBIAN_FRONTEND')).toEqual([]);
      expect(runtime).toContain(`HEALTHCHECK`);
      expect(runtime).toContain(healthRoutes.ready.path);
      expect(runtime).not.toMatch(/\b(g\+\+|cmake|-dev)\b/);
    });
  });

  describe('coturn', () => {
    const conf = read('docker/coturn/turnserver.conf');
    const active = conf.split('\n').filter((line) => line.trim() && !line.startsWith('#'));
    const denied = active
      .filter((line) => line.startsWith('denied-peer-ip='))
      .map((line) => line.slice('denied-peer-ip='.length).split('-'))
      .map(([from, to = from]) => ({
        family: family(from!),
        from: toNumber(from!),
        to: toNumber(to!),
      }));
    const isDenied = (address: string) =>
      denied.some(
        (range) =>
          range.family === family(address) &&
          range.from <= toNumber(address) &&
          toNumber(address) <= range.to,
      );

    it('refuses to relay to loopback, private, link-local, shared and unspecified addresses', () => {
      for (const address of [
        '0.0.0.0',
        '127.0.0.1',
        '10.1.2.3',
        '172.16.0.1',
        '172.31.255.254',
        '192.168.1.10',
        '169.254.169.254',
        '100.100.100.200',
        '224.0.0.1',
        '255.255.255.255',
        '::',
        '::1',
        '::ffff:a00:1',
        'fc00::1',
        'fd12:3456::1',
        'fe80::1',
        'ff02::1',
      ]) {
        expect({ address, denied: isDenied(address) }).toEqual({ address, denied: true });
      }
      expect(active).toContain('no-multicast-peers');
      expect(active.some((line) => /^allow(ed)?-(loopback-)?peer/.test(line))).toBe(false);
    });

    it('still relays to public addresses, where the SFU is', () => {
      for (const address of ['8.8.8.8', '52.1.2.3', '172.32.0.1', '2a00:1450::1']) {
        expect({ address, denied: isDenied(address) }).toEqual({ address, denied: false });
      }
    });

    it("accepts only Hearth's time-limited credentials, with the secret from TURN_SECRET", () => {
      expect(active).toContain('use-auth-secret');
      expect(active.some((line) => line.startsWith('static-auth-secret'))).toBe(false);
      expect(composeService(compose, 'coturn')).toContain('--static-auth-secret=${TURN_SECRET:?');
      expect(known).toContain('TURN_SECRET');
    });
  });

  it('proxies the live-session socket with a WebSocket upgrade', () => {
    const nginx = read('docker/nginx/hearth.conf');
    const location = new RegExp(`location ${LIVE_SOCKET_PATH}/ \\{([^}]*)\\}`).exec(nginx)?.[1];
    expect(location).toContain('proxy_set_header Upgrade $http_upgrade');
    expect(location).toContain('proxy_set_header Connection $connection_upgrade');
  });
});
