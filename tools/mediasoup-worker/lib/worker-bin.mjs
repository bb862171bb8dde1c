// Deciding whether a mediasoup-worker binary is usable, and putting one in place.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// mediasoup's main.cpp exits with 41 when MEDIASOUP_VERSION is missing from its environment,
// before it touches any channel or socket (mediasoup's own postinstall checks prebuilt binaries
// the same way). Getting 41 back proves the binary loads: right architecture, every shared
// library (libuv, libssl, libsrtp2, abseil) found.
const EXIT_CODE_NOT_SPAWNED_BY_MEDIASOUP = 41;

/** Returns { ok: true } or { ok: false, reason }. Takes milliseconds; never hangs (timeout). */
export function checkWorker(binPath) {
  try {
    if (!fs.statSync(binPath).isFile()) {
      return { ok: false, reason: 'not a file' };
    }

    fs.accessSync(binPath, fs.constants.X_OK);
  } catch (error) {
    return { ok: false, reason: error.code === 'ENOENT' ? 'missing' : error.message };
  }

  const result = spawnSync(binPath, [], {
    env: {},
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: 10_000,
  });

  if (result.status === EXIT_CODE_NOT_SPAWNED_BY_MEDIASOUP) {
    return { ok: true };
  }

  if (result.error) {
    return { ok: false, reason: result.error.message };
  }

  const stderr = (result.stderr || '').trim().split('\n').slice(-2).join(' | ');
  const how = result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`;

  return {
    ok: false,
    reason: `${how} instead of ${EXIT_CODE_NOT_SPAWNED_BY_MEDIASOUP}${stderr ? `: ${stderr}` : ''}`,
  };
}

/** Copies `from` to `to` through a temporary name, so `to` is never a half-written file. */
export function installFile(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });

  const temporary = `${to}.tmp-${process.pid}`;

  fs.copyFileSync(from, temporary);
  fs.chmodSync(temporary, 0o755);
  fs.renameSync(temporary, to);
}
