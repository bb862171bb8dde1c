// Which Debian this is, installing missing packages, and fetching from Debian 13 (trixie) without
// touching the system's apt sources.

import fs from 'node:fs';
import path from 'node:path';

import { StepError, log } from './log.mjs';
import { capture, runVisible } from './run.mjs';

function readOsRelease() {
  const fields = {};

  try {
    for (const line of fs.readFileSync('/etc/os-release', 'utf8').split('\n')) {
      const match = /^([A-Z_]+)=(.*)$/.exec(line);

      if (match) {
        fields[match[1]] = match[2].replace(/^"(.*)"$/, '$1');
      }
    }
  } catch {
    // No os-release: judged from /etc/debian_version alone.
  }

  return fields;
}

const CODENAME_MAJOR = { bookworm: 12, trixie: 13, forky: 14 };

/**
 * { id: 'debian', major: 12, text: '12.11' }. Testing/unstable ("trixie/sid") count by codename.
 * Returns null where there is no /etc/debian_version (no apt to install from).
 */
export function detectRelease() {
  let text;

  try {
    text = fs.readFileSync('/etc/debian_version', 'utf8').trim();
  } catch {
    return null;
  }

  const osRelease = readOsRelease();
  const id = osRelease.ID || 'debian';
  let major = id === 'debian' ? Number.parseInt(text, 10) : Number.NaN;

  if (Number.isNaN(major)) {
    major =
      CODENAME_MAJOR[osRelease.VERSION_CODENAME] ??
      CODENAME_MAJOR[text.split('/')[0]] ??
      Number.NaN;
  }

  return { id, major, text };
}

export function isInstalled(pkg) {
  const result = capture('dpkg-query', ['-W', '-f=${db:Status-Status}', pkg]);

  return result.ok && result.stdout.trim() === 'installed';
}

function asRoot(command, args) {
  if (process.getuid?.() === 0) {
    return [command, args];
  }

  if (capture('sudo', ['-n', 'true']).ok) {
    return ['sudo', ['-n', command, ...args]];
  }

  throw new StepError(
    `need root to run: ${command} ${args.join(' ')}\n` +
      'Run that yourself (as root), then run npm install again.',
  );
}

let aptListsUpdated = false;

const APT_ENV = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
// Wait for a concurrent apt/dpkg (for example unattended-upgrades) instead of failing at once.
const APT_LOCK_WAIT = ['-o', 'DPkg::Lock::Timeout=300'];

/** apt-get installs whatever of `packages` is missing; `apt-get update` runs once, only then. */
export function ensurePackages(packages) {
  const missing = packages.filter((pkg) => !isInstalled(pkg));

  if (missing.length === 0) {
    return;
  }

  log(`installing Debian packages: ${missing.join(' ')}`);

  if (!aptListsUpdated) {
    runVisible(...asRoot('apt-get', [...APT_LOCK_WAIT, 'update']), { env: APT_ENV });
    aptListsUpdated = true;
  }

  runVisible(
    ...asRoot('apt-get', [
      ...APT_LOCK_WAIT,
      'install',
      '-y',
      '--no-install-recommends',
      ...missing,
    ]),
    {
      env: APT_ENV,
    },
  );
}

/**
 * A private apt setup that reads Debian 13's index from `dir` only: its own sources.list, lists,
 * and package cache, so the system's sources, lists and caches stay as they were. Returns a
 * function running `apt-get <args>` against it. Needs no root (downloads only).
 */
export function trixieApt(dir) {
  const sourcesList = path.join(dir, 'sources.list');
  const lists = path.join(dir, 'lists');
  const cache = path.join(dir, 'cache');

  fs.mkdirSync(path.join(lists, 'partial'), { recursive: true });
  fs.mkdirSync(path.join(cache, 'archives', 'partial'), { recursive: true });
  fs.writeFileSync(
    sourcesList,
    [
      'deb-src http://deb.debian.org/debian trixie main',
      'deb http://deb.debian.org/debian trixie main',
      '',
    ].join('\n'),
  );

  const options = [
    `-oDir::Etc::SourceList=${sourcesList}`,
    '-oDir::Etc::SourceParts=/dev/null',
    `-oDir::State::Lists=${lists}`,
    `-oDir::Cache=${cache}`,
    // Downloads land in directories that apt's unprivileged _apt user may not enter.
    '-oAPT::Sandbox::User=root',
  ];

  let updated = false;

  return function aptGet(args, { cwd } = {}) {
    if (!updated) {
      runVisible('apt-get', [...options, '-q', 'update'], { env: APT_ENV, cwd: dir });
      updated = true;
    }

    runVisible('apt-get', [...options, ...args], { env: APT_ENV, cwd: cwd ?? dir });
  };
}
