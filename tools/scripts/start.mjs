// `npm start`: builds what changed (Nx caches the rest) and runs Hearth on one URL: the API, its
// docs and the web app. With no DATABASE_URL it uses the embedded database in ./.hearth.
// On a fresh clone it installs the dependencies first (this part runs on any Node >= 20), then
// continues on the project's own Node 24 from node_modules.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const projectNode = join(root, 'node_modules/.bin/node');
const installed = join(root, 'node_modules/.package-lock.json');

const stale =
  !existsSync(projectNode) ||
  !existsSync(installed) ||
  statSync(join(root, 'package-lock.json')).mtimeMs > statSync(installed).mtimeMs;
if (stale) {
  console.log('Installing dependencies (npm ci)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const install = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (install.status !== 0) process.exit(install.status ?? 1);
}

if (Number(process.versions.node.split('.')[0]) < 24) {
  const again = spawnSync(projectNode, [fileURLToPath(import.meta.url)], {
    cwd: root,
    stdio: 'inherit',
  });
  process.exit(again.status ?? 1);
}

const build = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules/nx/dist/bin/nx.js'),
    'run-many',
    '-t',
    'build',
    '-p',
    'api',
    'web',
    '--outputStyle=static',
  ],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
);
if (build.status !== 0) {
  console.error('The build failed; see above.');
  process.exit(build.status ?? 1);
}

const server = spawn(process.execPath, [join(root, 'dist/api/apps/api/src/main.js')], {
  cwd: root,
  stdio: 'inherit',
  env: { NODE_ENV: 'production', ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
