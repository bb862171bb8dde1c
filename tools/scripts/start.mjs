// `npm start`: builds what changed (Nx caches the rest) and runs Hearth on one URL: the API, its
// docs and the web app. With no DATABASE_URL it uses the embedded database in ./.hearth.
// On a fresh clone it installs the dependencies first (this part runs on any Node >= 20), then
// continues on the project's own Node 24 from node_modules.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureInstalled, root } from './ensure-installed.mjs';

ensureInstalled(import.meta.url);

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
