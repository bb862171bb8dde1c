// Building mediasoup-worker from the sources in node_modules/mediasoup/worker without any
// download: Debian packages instead of meson wraps, in a scratch copy under the cache.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { ensurePackages } from './debian.mjs';
import { StepError, formatDuration, log } from './log.mjs';
import { capture, runLogged } from './run.mjs';
import { flatbuffersFromDebianSource, systemMeson, venvMeson } from './toolchain.mjs';
import { checkWorker } from './worker-bin.mjs';

// Libraries the worker links against (shared, from Debian) plus the build tools.
const COMMON_PACKAGES = [
  'g++',
  'pkg-config',
  'patch',
  'libuv1-dev',
  'libssl-dev',
  'libsrtp2-dev',
  'libabsl-dev',
];

const PROFILES = {
  // Debian 13 packages everything at a usable version.
  system: [
    ...COMMON_PACKAGES,
    'meson',
    'ninja-build',
    'flatbuffers-compiler',
    'libflatbuffers-dev',
  ],
  // Debian 12: meson comes from pip (python3-venv), flatbuffers from Debian 13's source package
  // (dpkg-dev unpacks it, cmake builds flatc).
  bookworm: [...COMMON_PACKAGES, 'python3-venv', 'dpkg-dev', 'cmake'],
};

export function profileFor(release) {
  return release.id === 'debian' && release.major <= 12 ? 'bookworm' : 'system';
}

// mediasoup's wraps (worker/subprojects/<name>.wrap) that the build never reaches on Linux
// with default options: catch2 only with -Dms_build_tests, wingetopt only on Windows.
const WRAPS_NOT_NEEDED = new Set(['catch2', 'wingetopt']);

/**
 * Copies subprojects/<wrap name>/ of this folder to worker/subprojects/<the wrap's directory>/.
 * Meson uses an existing directory instead of downloading the wrap; keeping our folders named
 * after the wrap (not its versioned directory) lets a mediasoup upgrade that only bumps a
 * wrap's version work unchanged.
 */
function installSubprojects(workerDir, recipeSubprojects) {
  const wrapsDir = path.join(workerDir, 'subprojects');
  const problems = [];

  for (const file of fs
    .readdirSync(wrapsDir)
    .filter((f) => f.endsWith('.wrap'))
    .sort()) {
    const name = file.slice(0, -'.wrap'.length);

    if (WRAPS_NOT_NEEDED.has(name)) {
      continue;
    }

    const directory = /^directory\s*=\s*(\S+)\s*$/m.exec(
      fs.readFileSync(path.join(wrapsDir, file), 'utf8'),
    )?.[1];
    const ours = path.join(recipeSubprojects, name);

    if (!directory) {
      problems.push(`${file} has no "directory =" line`);
    } else if (!fs.existsSync(path.join(ours, 'meson.build'))) {
      problems.push(
        `mediasoup needs wrap "${name}" (${directory}) but tools/mediasoup-worker/subprojects/${name}/ does not exist`,
      );
    } else {
      fs.cpSync(ours, path.join(wrapsDir, directory), { recursive: true });
    }
  }

  if (problems.length > 0) {
    throw new StepError(
      `worker subprojects:\n  ${problems.join('\n  ')}\n(see README.md, "Upgrading mediasoup")`,
    );
  }
}

function applyPatches(workerDir, patchesDir, logFile) {
  for (const patch of fs
    .readdirSync(patchesDir)
    .filter((f) => f.endsWith('.patch'))
    .sort()) {
    const result = capture(
      'patch',
      [
        '-p1',
        '--forward',
        '--batch',
        '--no-backup-if-mismatch',
        '-i',
        path.join(patchesDir, patch),
      ],
      {
        cwd: workerDir,
      },
    );

    fs.appendFileSync(logFile, `\n$ patch -p1 < ${patch}\n${result.stdout}${result.stderr}`);

    if (!result.ok) {
      throw new StepError(
        `patch ${patch} does not apply to this mediasoup:\n${result.stdout}${result.stderr}` +
          'If upstream fixed the bug, delete the patch (README.md, "Upgrading mediasoup"); otherwise refresh it.',
      );
    }

    log(`applied ${patch}`);
  }
}

/**
 * Builds the worker; returns the path of the stripped binary inside `buildRoot`. `buildRoot` is
 * wiped first and left in place on failure (logs inside) for inspection.
 */
export async function buildWorker({ mediasoupDir, recipeDir, cache, release }) {
  const started = Date.now();
  const profile = profileFor(release);
  const buildRoot = path.join(cache, 'build');
  const toolchainDir = path.join(cache, 'toolchain');
  const logFile = path.join(buildRoot, 'build.log');

  log(
    `building mediasoup-worker from source for Debian ${release.text} (profile "${profile}"); ` +
      '11-12 min on 2 idle cores the first time (longer if the machine is busy), ' +
      '8 once the tools are cached',
  );

  fs.rmSync(buildRoot, { recursive: true, force: true });
  fs.mkdirSync(buildRoot, { recursive: true });

  ensurePackages(PROFILES[profile]);

  const meson = profile === 'system' ? systemMeson() : await venvMeson(toolchainDir, logFile);
  const mesonOptions = [];

  if (profile === 'bookworm') {
    const flatbuffers = await flatbuffersFromDebianSource(toolchainDir, meson, logFile);

    mesonOptions.push(
      `-Dflatbuffers:source_dir=${flatbuffers.sourceDir}`,
      `-Dflatbuffers:flatc=${flatbuffers.flatc}`,
    );
  }

  // A scratch copy: node_modules/mediasoup stays as npm left it, and the ~300 MB of objects
  // live (and die) under the cache.
  const workerDir = path.join(buildRoot, 'worker');
  const workerSource = path.join(mediasoupDir, 'worker');
  // Outputs of earlier builds and leftovers of mediasoup's own postinstall, where it ran.
  const notSources = new Set(
    ['out', 'prebuild', 'pip_invoke'].map((name) => path.join(workerSource, name)),
  );

  fs.cpSync(workerSource, workerDir, {
    recursive: true,
    filter: (source) => !notSources.has(source),
  });
  installSubprojects(workerDir, path.join(recipeDir, 'subprojects'));
  applyPatches(workerDir, path.join(recipeDir, 'patches'), logFile);

  const mesonBuildDir = path.join(workerDir, 'out', 'Release', 'build');

  // Same release options as mediasoup's tasks.py; nodownload turns any wrap we failed to
  // replace into a configure error instead of a hanging download.
  await runLogged(
    'meson setup',
    meson.command,
    [
      ...meson.args,
      'setup',
      '--wrap-mode=nodownload',
      '--buildtype',
      'release',
      '-Db_ndebug=true',
      ...mesonOptions,
      mesonBuildDir,
    ],
    { cwd: workerDir, env: meson.env, logFile },
  );

  log('compiling mediasoup-worker (about 8 min on 2 idle cores); progress follows…');
  await runLogged(
    'compiling mediasoup-worker',
    'ninja',
    ['-C', mesonBuildDir, 'mediasoup-worker'],
    {
      cwd: workerDir,
      env: meson.env,
      logFile,
    },
  );

  const stripped = path.join(buildRoot, 'mediasoup-worker');
  const strip = capture('strip', ['-o', stripped, path.join(mesonBuildDir, 'mediasoup-worker')]);

  if (!strip.ok) {
    throw new StepError(`strip failed: ${strip.stderr}`);
  }

  const check = checkWorker(stripped);

  if (!check.ok) {
    throw new StepError(
      `the freshly built worker does not run (${check.reason}); build dir kept: ${buildRoot}`,
    );
  }

  const size = (fs.statSync(stripped).size / 1024 / 1024).toFixed(1);

  log(
    `built mediasoup-worker (${size} MB, ${os.arch()}) in ${formatDuration(Date.now() - started)}`,
  );

  return { binary: stripped, buildRoot };
}
