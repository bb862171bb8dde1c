// mediasoup publishes prebuilt workers as GitHub release assets. Where the network allows it this
// takes seconds instead of a build; where it does not (our offline machines) it must give up
// within seconds, which is why mediasoup's own postinstall is not used (it also goes on to pip
// installs and source downloads that hang there).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { log } from './log.mjs';
import { capture } from './run.mjs';
import { checkWorker } from './worker-bin.mjs';

// Time allowed until the server answers (connect + TLS + response headers). An unreachable
// host fails faster (DNS error) or hits this.
const CONNECT_TIMEOUT_MS = Number(process.env.HEARTH_MEDIASOUP_PREBUILT_TIMEOUT_MS || 5_000);
// Once it answered, the archive (a few MB) may take a while on a slow link.
const DOWNLOAD_TIMEOUT_MS = 120_000;

/** Same name scheme as getWorkerPrebuildTarName() in mediasoup's npm-scripts.mjs. */
export function prebuiltTarName(version) {
  let name = `mediasoup-worker-${version}-${os.platform()}-${os.arch()}`;

  if (os.platform() === 'linux') {
    name += `-kernel${Number(os.release().split('.')[0])}`;
  }

  return `${name}.tgz`;
}

/** Same URL scheme as downloadPrebuiltWorker() in mediasoup's npm-scripts.mjs. */
export function prebuiltUrl(mediasoupPackage) {
  const releaseBase =
    process.env.MEDIASOUP_WORKER_PREBUILT_DOWNLOAD_BASE_URL ||
    `${mediasoupPackage.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')}/releases/download`;

  return `${releaseBase}/${mediasoupPackage.version}/${prebuiltTarName(mediasoupPackage.version)}`;
}

/**
 * Downloads and unpacks the prebuilt worker into `workDir`. Returns the binary's path if it runs
 * on this host, otherwise null (with the reason logged). Never throws for network problems.
 */
export async function tryPrebuilt(mediasoupPackage, workDir) {
  if (
    process.env.MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD ||
    process.env.HEARTH_MEDIASOUP_NO_PREBUILT === '1'
  ) {
    log(
      'prebuilt download skipped (MEDIASOUP_SKIP_WORKER_PREBUILT_DOWNLOAD / HEARTH_MEDIASOUP_NO_PREBUILT)',
    );

    return null;
  }

  const url = prebuiltUrl(mediasoupPackage);

  log(`trying mediasoup's prebuilt worker (${CONNECT_TIMEOUT_MS / 1000}s timeout): ${url}`);

  const started = Date.now();
  let archive;

  try {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), CONNECT_TIMEOUT_MS);
    let response;

    try {
      response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    } finally {
      clearTimeout(timer);
    }

    if (!response.ok) {
      log(`no prebuilt worker: HTTP ${response.status}`);

      return null;
    }

    const body = await Promise.race([
      response.arrayBuffer(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error('download too slow')), DOWNLOAD_TIMEOUT_MS).unref(),
      ),
    ]);

    archive = Buffer.from(body);
  } catch (error) {
    const cause = error.cause?.code || error.cause?.message || error.message;

    log(
      `no prebuilt worker (${error.name === 'AbortError' ? 'timed out' : cause}, after ${Date.now() - started} ms)`,
    );

    return null;
  }

  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });

  const tarPath = path.join(workDir, 'prebuilt.tgz');

  fs.writeFileSync(tarPath, archive);

  const untar = capture('tar', ['-xzf', tarPath, '-C', workDir]);

  if (!untar.ok) {
    log(`prebuilt archive could not be unpacked: ${untar.stderr.trim() || untar.error?.message}`);

    return null;
  }

  const binPath = path.join(workDir, 'mediasoup-worker');
  const check = checkWorker(binPath);

  if (!check.ok) {
    log(`prebuilt worker does not run on this host (${check.reason})`);

    return null;
  }

  log('got a working prebuilt worker');

  return binPath;
}
