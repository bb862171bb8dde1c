// Build tools that Debian 12 lacks in a usable version, built or installed once per machine into
// the cache (<cache>/toolchain/) and reused by every later build:
//   - meson >= 1.1 (mediasoup's minimum; Debian 12 has 1.0.1) and ninja, in a Python venv;
//   - flatc + sources of flatbuffers 23.5.26 (Debian 12 has 2.0.8, too old for mediasoup's
//     schemas), from Debian 13's source package.
// Debian 13 packages all of these (see PROFILES in build.mjs), so none of this runs there.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { trixieApt, ensurePackages } from './debian.mjs';
import { StepError, log, warn } from './log.mjs';
import { capture, runLogged } from './run.mjs';

export const FLATBUFFERS_UPSTREAM_VERSION = '23.5.26';

const MIN_MESON = [1, 1, 0];

function versionAtLeast(text, minimum) {
  const parts = (/(\d+)\.(\d+)(?:\.(\d+))?/.exec(text) ?? []).slice(1).map((p) => Number(p ?? 0));

  for (let i = 0; i < minimum.length; i++) {
    if ((parts[i] ?? 0) !== minimum[i]) {
      return (parts[i] ?? 0) > minimum[i];
    }
  }

  return parts.length > 0;
}

/**
 * How to run meson: { command, args, env }. `env` puts the matching ninja first on PATH,
 * which is where meson looks for it.
 */
function mesonTool(command, args, binDir, extraEnv = {}) {
  return {
    command,
    args,
    env: { ...process.env, ...extraEnv, PATH: `${binDir}${path.delimiter}${process.env.PATH}` },
  };
}

function mesonWorks(tool) {
  const result = capture(tool.command, [...tool.args, '--version'], { env: tool.env });

  return (
    result.ok &&
    versionAtLeast(result.stdout, MIN_MESON) &&
    capture('ninja', ['--version'], { env: tool.env }).ok
  );
}

/** Debian 13+: its own meson (1.7) and ninja. */
export function systemMeson() {
  const tool = mesonTool('meson', [], '/usr/bin');

  if (!mesonWorks(tool)) {
    throw new StepError('the system meson is missing or older than 1.1 (Debian package "meson")');
  }

  return tool;
}

/**
 * Debian 12: meson + ninja from pip into a venv (pip reaches a package index: PyPI or the
 * machine's own mirror). Without any index, falls back to Debian 13's meson package (pure
 * Python, runs on Debian 12's Python) plus Debian 12's ninja-build.
 */
export async function venvMeson(toolchainDir, logFile) {
  const venv = path.join(toolchainDir, 'meson-venv');
  const fromVenv = mesonTool(path.join(venv, 'bin', 'meson'), [], path.join(venv, 'bin'));

  if (process.env.HEARTH_MEDIASOUP_MESON_FROM !== 'debian') {
    if (mesonWorks(fromVenv)) {
      return fromVenv;
    }

    log('installing meson and ninja into a Python venv (about 30 s, once per machine)…');
    fs.rmSync(venv, { recursive: true, force: true });

    try {
      // Debian's python3 (python3-venv), not whatever python3 comes first on PATH (pyenv…),
      // so the venv does not break when a per-user Python is removed.
      await runLogged('python venv', '/usr/bin/python3', ['-m', 'venv', venv], { logFile });
      // One retry only: with no route to the index pip would otherwise back off for minutes.
      await runLogged(
        'pip install meson ninja',
        path.join(venv, 'bin', 'pip'),
        ['install', '--retries', '1', 'meson>=1.1', 'ninja'],
        {
          logFile,
        },
      );
    } catch (error) {
      warn(
        `pip could not install meson/ninja (${error.message}); trying Debian 13's meson package instead`,
      );
    }

    if (mesonWorks(fromVenv)) {
      return fromVenv;
    }
  }

  return debianMeson(toolchainDir);
}

function debianMeson(toolchainDir) {
  const root = path.join(toolchainDir, 'meson-deb');
  const pythonPath = path.join(root, 'usr', 'lib', 'python3', 'dist-packages');
  const tool = mesonTool('/usr/bin/python3', [path.join(root, 'usr', 'bin', 'meson')], '/usr/bin', {
    PYTHONPATH: pythonPath,
  });

  ensurePackages(['ninja-build']);

  if (mesonWorks(tool)) {
    return tool;
  }

  const download = path.join(toolchainDir, 'meson-deb-download');

  fs.rmSync(download, { recursive: true, force: true });
  fs.mkdirSync(download, { recursive: true });
  trixieApt(path.join(download, 'apt'))(['download', 'meson'], { cwd: download });

  const deb = fs.readdirSync(download).find((name) => /^meson_.*_all\.deb$/.test(name));

  if (!deb) {
    throw new StepError(
      `apt-get download meson (Debian 13) left no meson_*_all.deb in ${download}`,
    );
  }

  fs.rmSync(root, { recursive: true, force: true });

  const unpack = capture('dpkg-deb', ['-x', path.join(download, deb), root]);

  if (!unpack.ok) {
    throw new StepError(`dpkg-deb -x ${deb} failed: ${unpack.stderr}`);
  }

  fs.rmSync(download, { recursive: true, force: true });

  if (!mesonWorks(tool)) {
    throw new StepError(`meson from ${deb} does not run: check ${root}`);
  }

  log(`using meson from Debian 13's ${deb}`);

  return tool;
}

/**
 * Debian 12: returns { sourceDir, flatc } for flatbuffers 23.5.26, fetched as Debian 13's source
 * package and built once (flatc takes 2-4 minutes on 2 cores).
 */
export async function flatbuffersFromDebianSource(toolchainDir, meson, logFile) {
  const home = path.join(toolchainDir, `flatbuffers-${FLATBUFFERS_UPSTREAM_VERSION}`);
  const sourceDir = path.join(home, 'source');
  const flatc = path.join(home, 'flatc');
  const stamp = path.join(home, '.complete');

  if (
    fs.existsSync(stamp) &&
    capture(flatc, ['--version']).stdout.includes(FLATBUFFERS_UPSTREAM_VERSION)
  ) {
    return { sourceDir, flatc };
  }

  fs.rmSync(home, { recursive: true, force: true });
  fs.mkdirSync(home, { recursive: true });

  log(`fetching flatbuffers ${FLATBUFFERS_UPSTREAM_VERSION} as Debian 13's source package…`);

  const download = path.join(home, 'download');

  fs.mkdirSync(download);
  trixieApt(path.join(home, 'apt'))(['source', '--download-only', 'flatbuffers'], {
    cwd: download,
  });

  const dsc = fs.readdirSync(download).find((name) => /^flatbuffers_.*\.dsc$/.test(name));

  if (!dsc || !dsc.startsWith(`flatbuffers_${FLATBUFFERS_UPSTREAM_VERSION}`)) {
    throw new StepError(
      `Debian 13 now ships ${dsc ?? 'no flatbuffers source'}, not flatbuffers ${FLATBUFFERS_UPSTREAM_VERSION}; ` +
        'check that version with the worker and update FLATBUFFERS_UPSTREAM_VERSION in lib/toolchain.mjs',
    );
  }

  await runLogged('unpacking flatbuffers source', 'dpkg-source', ['-x', dsc, sourceDir], {
    cwd: download,
    logFile,
  });

  log('building flatc (2-4 min on 2 cores, once per machine)…');

  const build = path.join(home, 'build');

  await runLogged(
    'flatc: cmake',
    'cmake',
    [
      '-S',
      sourceDir,
      '-B',
      build,
      '-G',
      'Ninja',
      '-DCMAKE_BUILD_TYPE=Release',
      '-DFLATBUFFERS_BUILD_TESTS=OFF',
      '-DFLATBUFFERS_BUILD_FLATHASH=OFF',
      '-DFLATBUFFERS_BUILD_FLATLIB=OFF',
    ],
    { env: meson.env, logFile },
  );
  await runLogged(
    'building flatc',
    'cmake',
    [
      '--build',
      build,
      '--target',
      'flatc',
      '--parallel',
      String(os.availableParallelism?.() ?? os.cpus().length),
    ],
    {
      env: meson.env,
      logFile,
    },
  );

  fs.copyFileSync(path.join(build, 'flatc'), flatc);
  fs.chmodSync(flatc, 0o755);

  // Only the sources (compiled again by the worker's meson) and flatc stay.
  fs.rmSync(build, { recursive: true, force: true });
  fs.rmSync(download, { recursive: true, force: true });
  fs.rmSync(path.join(home, 'apt'), { recursive: true, force: true });
  fs.writeFileSync(stamp, `${dsc}\n`);

  return { sourceDir, flatc };
}
