#!/usr/bin/env node
// Puts the mediasoup worker that `npm ci` built on this machine into docker/worker-cache/, under
// the key tools/mediasoup-worker gives it, so the image build restores it instead of compiling it
// again. The key covers the recipe, the mediasoup version, the Debian release and the CPU: inside
// the build stage (Debian 12) the same key is computed, and a worker built for anything else is
// simply not found there (the build then compiles its own).
//
// Usage: node docker/seed-worker.mjs        (plain node 20 or 24, from the repository root)
// Prints the key and what it copied; exits 0 with a note when there is nothing to seed.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { cacheBase, cacheKey } from '../tools/mediasoup-worker/lib/cache.mjs';
import { detectRelease } from '../tools/mediasoup-worker/lib/debian.mjs';
import { checkWorker, installFile } from '../tools/mediasoup-worker/lib/worker-bin.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const recipeDir = path.join(root, 'tools', 'mediasoup-worker');
const seedDir = path.join(root, 'docker', 'worker-cache');
const mediasoupPackage = JSON.parse(
  fs.readFileSync(path.join(root, 'node_modules', 'mediasoup', 'package.json'), 'utf8'),
);
const release = detectRelease();

if (!release) {
  console.log('[seed-worker] not Debian: nothing to seed (the image build compiles the worker)');
  process.exit(0);
}

const key = cacheKey(recipeDir, mediasoupPackage.version, release);
// The helper's cache first; the copy in node_modules is the same file when the cache was used.
const candidates = [
  path.join(cacheBase(), key, 'mediasoup-worker'),
  path.join(root, 'node_modules', 'mediasoup', 'worker', 'out', 'Release', 'mediasoup-worker'),
];
const source = candidates.find((file) => checkWorker(file).ok);

// Keys of other recipes would only grow the build context.
for (const entry of fs.readdirSync(seedDir, { withFileTypes: true })) {
  if (entry.isDirectory() && entry.name !== key) {
    fs.rmSync(path.join(seedDir, entry.name), { recursive: true, force: true });
  }
}

if (!source || process.env.MEDIASOUP_WORKER_BIN) {
  console.log(
    `[seed-worker] no worker built from this recipe here (${key}); the build compiles one`,
  );
  process.exit(0);
}

const target = path.join(seedDir, key, 'mediasoup-worker');
const same =
  fs.existsSync(target) &&
  fs.statSync(target).size === fs.statSync(source).size &&
  fs.readFileSync(target).equals(fs.readFileSync(source));

if (!same) installFile(source, target);
console.log(`[seed-worker] ${key}: ${path.relative(root, target)} (from ${source})`);
