// `npm test`: every project's tests through Nx, then one closing line that adds up what the
// test runners reported (Jest and Vitest), so a reader of a long CI log sees the total at once.
// On a fresh clone it installs the dependencies first, as `npm start` does.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureInstalled, root } from './ensure-installed.mjs';

ensureInstalled(import.meta.url);
// On CI (two cores) one project at a time: the browser tests of e2e and api time real calls, and
// running them beside another project's test workers made their timing flaky; alone, each runs
// as on a quiet machine. Locally two at a time, for a quicker answer.
const parallel = process.env['CI'] ? 1 : 2;
const args = [
  'run-many',
  '-t',
  'test',
  `--parallel=${parallel}`,
  '--outputStyle=stream',
  ...process.argv.slice(2),
];
const child = spawn(process.execPath, [join(root, 'node_modules/nx/dist/bin/nx.js'), ...args], {
  cwd: root,
  stdio: ['inherit', 'pipe', 'pipe'],
});

const totals = { passed: 0, failed: 0, skipped: 0 };
// eslint-disable-next-line no-control-regex
const ansi = /\x1b\[[0-9;]*m/g;
// Jest: "Tests:       1 failed, 2 skipped, 26 passed, 29 total"
const jest =
  /Tests:\s+(?:(\d+) failed, )?(?:(\d+) skipped, )?(?:(\d+) todo, )?(?:(\d+) passed, )?\d+ total/;
// Vitest: "Tests  2 failed | 17 passed | 1 skipped (20)"
const vitest = /^\s*Tests\s+(?:(\d+) failed \| )?(?:(\d+) passed)?(?: \| (\d+) skipped)?.*\(\d+\)/;

// What failed, and what passed only when run again (see test/support/ci-retry.ts), listed again
// at the very end: a CI log may keep only its tail, and the tail is where a reader looks.
const failures = new Set();
const retried = new Set();
const failedFile = /^\s*FAIL\s+(.+)$/; // Jest "FAIL test/x.e2e-spec.ts", Vitest " FAIL  src/x > y"
const failedTest = /^\s*● (?!Console$)(.+)$/; // Jest's heading over each failure
const retriedTest = /LOGGING RETRY ERRORS\s+(.+)$/;

// Each stream keeps its own unfinished line, so stdout and stderr never splice into one.
const pending = { out: '', err: '' };
function scan(stream, chunk) {
  const text = pending[stream] + chunk.toString();
  const lines = text.split('\n');
  pending[stream] = lines.pop() ?? '';
  for (const raw of lines) {
    const plain = raw.replace(ansi, '');
    const project = /^([\w-]+):\s/.exec(plain)?.[1];
    const line = plain.replace(/^[\w-]+:\s/, '');
    const named = (text) => (project ? `${project}: ${text.trim()}` : text.trim());
    const failed = failedFile.exec(line) ?? failedTest.exec(line);
    if (failed) failures.add(named(failed[1]));
    const again = retriedTest.exec(line);
    if (again) retried.add(named(again[1]));
    let m = jest.exec(line);
    if (m) {
      totals.failed += Number(m[1] ?? 0);
      totals.skipped += Number(m[2] ?? 0) + Number(m[3] ?? 0);
      totals.passed += Number(m[4] ?? 0);
      continue;
    }
    m = vitest.exec(line);
    if (m) {
      totals.failed += Number(m[1] ?? 0);
      totals.passed += Number(m[2] ?? 0);
      totals.skipped += Number(m[3] ?? 0);
    }
  }
}
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  scan('out', chunk);
});
child.stderr.on('data', (chunk) => {
  process.stderr.write(chunk);
  scan('err', chunk);
});
child.on('exit', (code, signal) => {
  scan('out', '\n');
  scan('err', '\n');
  const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
  if (retried.size) {
    console.log('\nFailed once, then run again (its first failure is printed above):');
    for (const name of retried) console.log(`  ${name}`);
  }
  if (failures.size) {
    console.log('\nFailed:');
    for (const name of failures) console.log(`  ${name}`);
  }
  console.log(`\nAll projects: ${totals.passed} passed, ${totals.failed} failed${skipped}`);
  process.exit(code ?? (signal ? 1 : 0));
});
