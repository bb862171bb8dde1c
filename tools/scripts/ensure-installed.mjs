// The part of `npm start`, `npm test` and `npm run check` that runs on any Node >= 20: on a fresh
// clone (or after package-lock.json changed) it installs the dependencies with `npm ci`, then
// runs the calling script again on the project's own Node 24 from node_modules.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const projectNode = join(root, 'node_modules/.bin/node');
const installed = join(root, 'node_modules/.package-lock.json');

/**
 * Whether node_modules holds every package of package-lock.json at its locked version (npm's own
 * record of what it installed, node_modules/.package-lock.json, says so). File dates are not
 * used: a fresh checkout or a second worktree has a newer lock file than a good install.
 */
function installedAsLocked() {
  if (!existsSync(projectNode) || !existsSync(installed)) return false;
  try {
    const locked = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages;
    const present = JSON.parse(readFileSync(installed, 'utf8')).packages;
    return Object.entries(locked).every(
      ([path, entry]) =>
        path === '' || entry.optional || entry.link || present[path]?.version === entry.version,
    );
  } catch {
    return false;
  }
}

/** Returns only when the dependencies are installed and this process runs on Node >= 24. */
export function ensureInstalled(scriptUrl) {
  if (!installedAsLocked()) {
    console.log('Installing dependencies (npm ci)…');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const install = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], {
      cwd: root,
      stdio: 'inherit',
    });
    if (install.status !== 0) process.exit(install.status ?? 1);
  }
  if (Number(process.versions.node.split('.')[0]) < 24) {
    const again = spawnSync(projectNode, [fileURLToPath(scriptUrl), ...process.argv.slice(2)], {
      cwd: root,
      stdio: 'inherit',
    });
    process.exit(again.status ?? 1);
  }
}
