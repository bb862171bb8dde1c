import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from '../support/paths';
import { docker, dockerCli, imageExists, must, run } from './docker';

/** The official base images docker/api.Dockerfile names by default. */
export const officialImages = {
  node: 'node:24-bookworm-slim',
  runtime: 'debian:bookworm-slim',
} as const;

const standInImages = {
  node: 'hearth-standin/node:24-bookworm-slim',
  runtime: 'hearth-standin/debian:bookworm-slim',
} as const;

export interface BaseImages {
  readonly node: string;
  readonly runtime: string;
  /** True when the official images could not be had and local stand-ins were built instead. */
  readonly standIns: boolean;
}

const mirror = process.env.DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';

// What debian:bookworm-slim lists: the release, its updates and its security fixes.
const aptSources = `Types: deb
URIs: ${mirror}
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${mirror.replace(/\/debian\/?$/, '/debian-security')}
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
`;

/** debian:bookworm-slim's stand-in: Debian 12 minbase from Debian's archive, imported. */
async function buildDebianStandIn(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'hearth-rootfs-'));
  const rootfs = join(work, 'rootfs');
  try {
    await must('debootstrap', ['--variant=minbase', 'bookworm', rootfs, mirror], {
      timeoutMs: 15 * 60_000,
    });
    rmSync(join(rootfs, 'etc/apt/sources.list'), { force: true });
    writeFileSync(join(rootfs, 'etc/apt/sources.list.d/debian.sources'), aptSources);
    // Like the official image: no package lists or downloaded packages left in the layer.
    for (const dir of ['var/lib/apt/lists', 'var/cache/apt/archives']) {
      execFileSync('find', [join(rootfs, dir), '-mindepth', '1', '-type', 'f', '-delete']);
    }
    const tarball = join(work, 'rootfs.tar');
    execFileSync('tar', ['-C', rootfs, '--numeric-owner', '-cf', tarball, '.']);
    await docker(['import', '--change', 'CMD ["bash"]', tarball, standInImages.runtime], {
      timeoutMs: 10 * 60_000,
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * node:24-bookworm-slim's stand-in: the Debian stand-in with Node 24 and npm in /usr/local, as the
 * official image has them. Node is the project's pinned binary (the `node` package), npm the
 * machine's (the Dockerfile installs the pinned npm over it).
 */
async function buildNodeStandIn(): Promise<void> {
  const context = mkdtempSync(join(tmpdir(), 'hearth-node-image-'));
  try {
    cpSync(realpathSync(join(repoRoot, 'node_modules/node/bin/node')), join(context, 'node'));
    const npmCli = realpathSync(execFileSync('which', ['npm'], { encoding: 'utf8' }).trim());
    cpSync(dirname(dirname(npmCli)), join(context, 'npm'), { recursive: true });
    writeFileSync(
      join(context, 'Dockerfile'),
      `FROM ${standInImages.runtime}
COPY node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
 && node --version && npm --version
CMD ["node"]
`,
    );
    await docker(['build', '--network', 'host', '-t', standInImages.node, context], {
      env: { ...process.env, DOCKER_BUILDKIT: '1' },
      timeoutMs: 10 * 60_000,
    });
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/**
 * The base images for the build: the official ones when this daemon has them or can pull them,
 * otherwise local stand-ins (Docker Hub is not reachable from the machines Hearth is tested on).
 * Says which, loudly: an image built on stand-ins is a test of the Dockerfile, not a release.
 */
export async function baseImages(log: (line: string) => void): Promise<BaseImages> {
  const official = async () => {
    for (const image of Object.values(officialImages)) {
      if (await imageExists(image)) continue;
      const pulled = await run(dockerCli, ['pull', image], { timeoutMs: 30_000 });
      if (pulled.code !== 0) return false;
    }
    return true;
  };
  if (await official()) {
    log(`base images: the official ${officialImages.node} and ${officialImages.runtime}`);
    return { ...officialImages, standIns: false };
  }
  log(
    `base images: Docker Hub cannot be reached, so the build uses LOCAL STAND-INS — ` +
      `${standInImages.runtime} (debootstrap --variant=minbase bookworm, imported) and ` +
      `${standInImages.node} (that plus the project's Node 24 and npm)`,
  );
  const started = Date.now();
  if (!(await imageExists(standInImages.runtime))) await buildDebianStandIn();
  if (!(await imageExists(standInImages.node))) await buildNodeStandIn();
  log(`stand-ins ready in ${Math.round((Date.now() - started) / 1000)} s`);
  return { ...standInImages, standIns: true };
}
