// `npm run check`, and what CI runs (.ci/run): the whole gate a change must pass, over the whole
// repository — formatting, lint with zero warnings (the module-boundary rule included), the
// typecheck of every project — and then the tests, exactly as `npm test` runs them. The three
// static checks all run and report before the tests start; any failure fails the gate.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureInstalled, root } from './ensure-installed.mjs';

ensureInstalled(import.meta.url);

const bin = (path) => join(root, 'node_modules', path);
const steps = [
  ['format', [bin('prettier/bin/prettier.cjs'), '--check', '--log-level=warn', '.']],
  // The module-boundary rule reads Nx's project graph and silently skips itself when none is
  // cached (a fresh clone); computing the graph first makes it run over the real code.
  ['project graph', [bin('nx/dist/bin/nx.js'), 'show', 'projects'], { quiet: true }],
  [
    'lint',
    [bin('eslint/bin/eslint.js'), '--max-warnings', '0', '.'],
    { refuse: /No cached ProjectGraph/ },
  ],
  ['typecheck', [bin('nx/dist/bin/nx.js'), 'run-many', '-t', 'typecheck', '--outputStyle=static']],
];

const failed = [];
for (const [name, args, { quiet = false, refuse } = {}] of steps) {
  console.log(`\n== ${name}`);
  const started = Date.now();
  const run = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${run.stdout}${run.stderr}`;
  if (!quiet || run.status !== 0) process.stdout.write(output);
  const refused = refuse?.test(output) ?? false;
  if (refused) console.log(`${name}: its output shows a check was skipped (${refuse})`);
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (run.status === 0 && !refused) console.log(`${name}: ok (${seconds} s)`);
  else {
    console.log(`${name}: FAILED (${seconds} s)`);
    failed.push(name);
  }
}
if (failed.length > 0) {
  console.error(`\nThe gate failed: ${failed.join(', ')}. The tests did not run.`);
  process.exit(1);
}

console.log('\n== test');
const tests = spawnSync(
  process.execPath,
  [join(root, 'tools/scripts/test.mjs'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
process.exit(tests.status ?? 1);
