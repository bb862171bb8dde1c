#!/usr/bin/env node
// Makes sure node_modules/mediasoup has a working mediasoup-worker binary. Run by the root
// package.json's postinstall, because npm 11 does not run mediasoup's own postinstall, and that
// one needs GitHub and PyPI anyway. Plain node (20 or 24), node: builtins only. README.md beside
// this file explains every step.
//
// Usage: node tools/mediasoup-worker/ensure-worker.mjs [--root DIR]
//   --root DIR / HEARTH_ROOT   project whose node_modules/mediasoup to serve (default: ../..)
//   HEARTH_SKIP_MEDIASOUP_WORKER=1   do nothing (exit 0)
//   MEDIASOUP_WORKER_BIN       a worker binary to use instead (must run)
//   HEARTH_CACHE_DIR / XDG_CACHE_HOME   cache location (default ~/.cache/hearth)

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildWorker } from './lib/build.mjs';
import { cacheBase, cacheKey, withLock } from './lib/cache.mjs';
import { detectRelease } from './lib/debian.mjs';
import { StepError, formatDuration, log } from './lib/log.mjs';
import { tryPrebuilt } from './lib/prebuilt.mjs';
import { checkWorker, installFile } from './lib/worker-bin.mjs';

const recipeDir = path.dirname(fileURLToPath(import.meta.url));

function projectRoot(argv) {
  const flag = argv.indexOf('--root');

  if (flag !== -1 && argv[flag + 1]) {
    return path.resolve(argv[flag + 1]);
  }

  return path.resolve(process.env.HEARTH_ROOT || path.join(recipeDir, '..', '..'));
}

async function ensureWorker() {
  const started = Date.now();
  const root = projectRoot(process.argv.slice(2));
  const mediasoupDir = path.join(root, 'node_modules', 'mediasoup');
  const packageFile = path.join(mediasoupDir, 'package.json');

  if (!fs.existsSync(packageFile)) {
    log(`mediasoup is not installed in ${root}/node_modules; nothing to do`);

    return;
  }

  const mediasoupPackage = JSON.parse(fs.readFileSync(packageFile, 'utf8'));
  const target = path.join(mediasoupDir, 'worker', 'out', 'Release', 'mediasoup-worker');

  // 1. An explicitly chosen binary wins: mediasoup itself will use it, so it must work.
  if (process.env.MEDIASOUP_WORKER_BIN) {
    const check = checkWorker(process.env.MEDIASOUP_WORKER_BIN);

    if (!check.ok) {
      throw new StepError(
        `MEDIASOUP_WORKER_BIN=${process.env.MEDIASOUP_WORKER_BIN} is not a working mediasoup-worker (${check.reason})`,
      );
    }

    log(`using MEDIASOUP_WORKER_BIN=${process.env.MEDIASOUP_WORKER_BIN}`);

    return;
  }

  // 2. Already there (an earlier install, or mediasoup's own postinstall where it may run).
  const existing = checkWorker(target);

  if (existing.ok) {
    log(`mediasoup ${mediasoupPackage.version} worker is in place: ${target}`);

    return;
  }

  if (existing.reason !== 'missing') {
    log(`the worker at ${target} does not work (${existing.reason}); replacing it`);
  }

  const release = detectRelease();
  const osKey = release ?? { id: 'unknown', major: 0, text: 'not Debian' };
  const cache = cacheBase();
  const key = cacheKey(recipeDir, mediasoupPackage.version, osKey);
  const cached = path.join(cache, key, 'mediasoup-worker');

  await withLock(cache, async () => {
    // 3. Built (or downloaded) before on this machine with this recipe.
    const fromCache = checkWorker(cached);

    if (fromCache.ok) {
      installFile(cached, target);
      log(
        `restored the worker from the cache (${cached}) in ${formatDuration(Date.now() - started)}`,
      );

      return;
    }

    if (fromCache.reason !== 'missing') {
      log(`cached worker ${cached} does not run (${fromCache.reason}); getting a new one`);
    }

    // 4. mediasoup's prebuilt binary, where GitHub is reachable.
    const prebuiltDir = path.join(cache, 'prebuilt-download');
    let binary = await tryPrebuilt(mediasoupPackage, prebuiltDir);
    let scratch = prebuiltDir;

    // 5. Build from source.
    if (!binary) {
      if (!release) {
        throw new StepError(
          'no prebuilt worker and this is not Debian, the only system the source build is automated for. ' +
            'Build mediasoup-worker yourself and set MEDIASOUP_WORKER_BIN, or set HEARTH_SKIP_MEDIASOUP_WORKER=1.',
        );
      }

      const built = await buildWorker({ mediasoupDir, recipeDir, cache, release });

      binary = built.binary;
      scratch = built.buildRoot;
    }

    // 6. Into the cache first, then where mediasoup looks by default.
    installFile(binary, cached);
    installFile(cached, target);
    fs.rmSync(scratch, { recursive: true, force: true });
    log(`installed ${target}`);
    log(`cached as ${cached} (total ${formatDuration(Date.now() - started)})`);
  });
}

if (process.env.HEARTH_SKIP_MEDIASOUP_WORKER === '1') {
  log('HEARTH_SKIP_MEDIASOUP_WORKER=1: not checking or building the mediasoup worker');
} else {
  try {
    await ensureWorker();
  } catch (error) {
    const detail = error instanceof StepError ? error.message : error.stack;

    console.error(`[mediasoup-worker] FAILED: ${detail}`);
    console.error(
      '[mediasoup-worker] The install has no working mediasoup worker. Fix the cause above and run npm install ' +
        'again, or set HEARTH_SKIP_MEDIASOUP_WORKER=1 to install without one (the media server will not start).',
    );
    process.exitCode = 1;
  }
}
