// Where finished workers and the build tools are kept between installs, and the lock that keeps
// two concurrent installs (two checkouts, an IDE and a terminal) from building at once.

import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { StepError, log } from './log.mjs';

/** <HEARTH_CACHE_DIR | $XDG_CACHE_HOME/hearth | ~/.cache/hearth>/mediasoup-worker */
export function cacheBase() {
  const hearthCache =
    process.env.HEARTH_CACHE_DIR ||
    path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'hearth');

  return path.join(path.resolve(hearthCache), 'mediasoup-worker');
}

// Files that do not change the binary: editing them must not cost an 11-minute rebuild.
const NOT_PART_OF_RECIPE = new Set(['README.md', 'verify-worker.mjs']);

function listRecipeFiles(dir, relative = '') {
  const files = [];

  for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
    const rel = path.posix.join(relative, entry.name);

    if (
      entry.name.startsWith('.') ||
      entry.name === 'node_modules' ||
      NOT_PART_OF_RECIPE.has(rel)
    ) {
      continue;
    }

    if (entry.isDirectory()) {
      files.push(...listRecipeFiles(dir, rel));
    } else if (entry.isFile()) {
      files.push(rel);
    }
  }

  return files.sort();
}

/**
 * `<mediasoup version>-<12 hex>`: the hash covers every recipe file in this folder (scripts,
 * subprojects, compat headers, patches), the Debian release and the CPU architecture, so a
 * changed recipe or an upgraded OS builds anew instead of reusing a binary made differently.
 */
export function cacheKey(recipeDir, mediasoupVersion, release) {
  const hash = crypto.createHash('sha256');

  hash.update(`os=${release.id}-${release.major} arch=${os.arch()}\n`);

  for (const file of listRecipeFiles(recipeDir)) {
    hash.update(`${file}\n`);
    hash.update(fs.readFileSync(path.join(recipeDir, file)));
    hash.update('\n');
  }

  return `${mediasoupVersion}-${hash.digest('hex').slice(0, 12)}`;
}

function processIsAlive(pid) {
  try {
    process.kill(pid, 0);

    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

const LOCK_WAIT_LIMIT_MS = 60 * 60_000;

/** A directory lock (mkdir is atomic); a lock left by a dead process is taken over. */
export async function withLock(base, fn) {
  fs.mkdirSync(base, { recursive: true });

  const lockDir = path.join(base, '.lock');
  const ownerFile = path.join(lockDir, 'owner');
  const started = Date.now();
  let lastNote = 0;

  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(ownerFile, `${process.pid} ${os.hostname()}\n`);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') {
        throw error;
      }
    }

    let owner = '';

    try {
      owner = fs.readFileSync(ownerFile, 'utf8').trim();
    } catch {
      // Being created right now (or left empty by a crash): judged on the next round.
    }

    const [pid, host] = owner.split(' ');
    const stale = owner !== '' && host === os.hostname() && !processIsAlive(Number(pid));

    if (stale) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }

    if (Date.now() - started > LOCK_WAIT_LIMIT_MS) {
      throw new StepError(
        `gave up waiting for ${lockDir} (held by "${owner}"); remove it if no build is running`,
      );
    }

    if (Date.now() - lastNote > 30_000) {
      lastNote = Date.now();
      log(`another install is building the worker (lock ${lockDir}, owner "${owner}"); waiting…`);
    }

    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }

  const release = () => fs.rmSync(lockDir, { recursive: true, force: true });

  // Ctrl-C during `npm ci` must not leave a lock that blocks the next install until it is
  // recognised as stale.
  const onSignal = (signal) => {
    release();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };

  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    return await fn();
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    release();
  }
}
