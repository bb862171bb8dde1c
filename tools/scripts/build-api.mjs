// Compiles the API and the libraries it uses to CommonJS with SWC (decorator metadata included,
// which Nest's dependency injection needs). Type checking is the separate `typecheck` target.
// The output keeps the repository layout, so the rewritten `@hearth/*` imports stay valid.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(root, 'dist/api');
const swc = join(root, 'node_modules/@swc/cli/bin/swc.js');

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
const embeddedServer = join(out, 'apps/api/src/database/embedded-server.js');
execFileSync(
  process.execPath,
  [
    '--liftoff-only',
    embeddedServer,
    '--initial-datadir',
    join(dirname(embeddedServer), 'initial-datadir'),
  ],
  { cwd: root, stdio: 'inherit' },
);
console.log('api built into dist/api (entry: dist/api/apps/api/src/main.js)');
