// `npm run dev` (API half): rebuilds the API when its sources or the libraries change and
// restarts it. The web half is Vite's dev server, which proxies /api and /health here.
import { spawn, spawnSync } from 'node:child_process';
import { watch } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
let server;
let timer;

function build() {
  return (
    spawnSync(process.execPath, [join(root, 'tools/scripts/build-api.mjs')], {
      cwd: root,
      stdio: 'inherit',
    }).status === 0
  );
}

function restart() {
  const launch = () => {
    server = spawn(
      process.execPath,
      ['--enable-source-maps', join(root, 'dist/api/apps/api/src/main.js')],
      {
        cwd: root,
        stdio: 'inherit',
        env: { LOG_LEVEL: 'debug', ...process.env },
      },
    );
  };
  if (!build()) {
    console.error('[dev] build failed; waiting for the next change');
    return;
  }
  if (server && server.exitCode === null) {
    server.once('exit', launch);
    server.kill('SIGTERM');
  } else {
    launch();
  }
}

for (const dir of ['apps/api/src', 'libs']) {
  watch(join(root, dir), { recursive: true }, (_event, file) => {
    if (!file || !/\.ts$/.test(file) || /\.(int-)?spec\.ts$/.test(file)) return;
    clearTimeout(timer);
    timer = setTimeout(restart, 200);
  });
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server?.kill(signal);
    process.exit(0);
  });
}
restart();
