// Compiles the API and the libraries it uses to CommonJS with SWC (decorator metadata included,
// which Nest's dependency injection needs). Type checking is the separate `typecheck` target.
// The output keeps the repository layout, so the rewritten `@hearth/*` imports stay valid.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(root, 'dist/api');
const swc = join(root, 'node_modules/@swc/cli/bin/swc.js');

// The embedded database's initial data directory (made below) depends only on the PGlite
// version: a rebuild (every change under `npm run dev`) keeps the one it made before.
const databaseDir = join(out, 'apps/api/src/database');
const initialDataDir = join(databaseDir, 'initial-datadir');
const initialStamp = join(databaseDir, 'initial-datadir.version');
const pgliteVersion = JSON.parse(
  readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
).version;
const keptDataDir = join(root, 'dist/.api-initial-datadir');
rmSync(keptDataDir, { recursive: true, force: true });
const keep =
  existsSync(join(initialDataDir, 'PG_VERSION')) &&
  existsSync(initialStamp) &&
  readFileSync(initialStamp, 'utf8').trim() === pgliteVersion;
if (keep) renameSync(initialDataDir, keptDataDir);

rmSync(out, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [
    swc,
    'apps/api/src',
    'libs/contracts/src',
    'libs/domain/src',
    'libs/sfu/src',
    '--out-dir',
    'dist/api',
    '--config-file',
    '.swcrc',
    '--copy-files',
    '--ignore',
    '**/*.spec.ts,**/*.int-spec.ts,**/testing/**',
    '--quiet',
  ],
  { cwd: root, stdio: 'inherit' },
);
// The compiled files are CommonJS even though the workspace root is not typed as a module.
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n');
// A freshly initialised embedded database, which a first start copies instead of running initdb
// (see apps/api/src/database/embedded-server.ts).
if (keep) {
  renameSync(keptDataDir, initialDataDir);
} else {
  execFileSync(
    process.execPath,
    [
      '--liftoff-only',
      join(databaseDir, 'embedded-server.js'),
      '--initial-datadir',
      initialDataDir,
    ],
    { cwd: root, stdio: 'inherit' },
  );
}
writeFileSync(initialStamp, `${pgliteVersion}\n`);
console.log('api built into dist/api (entry: dist/api/apps/api/src/main.js)');
