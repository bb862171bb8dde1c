import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Nginx {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Debian's nginx in front of API nodes on loopback, as a process of the caller's own (no daemon,
 * no system config): `siteFile` (docker/nginx/hearth-nodes.conf) with its example upstreams'
 * servers replaced by `nodes` (http://127.0.0.1:PORT) and its port by `port`. Imports nothing of the
 * repository's, so that the benchmarks (plain Node) can use it too.
 */
export async function runNginx(
  siteFile: string,
  port: number,
  nodes: readonly string[],
): Promise<Nginx> {
  const prefix = mkdtempSync(join(tmpdir(), 'hearth-nginx-'));
  mkdirSync(join(prefix, 'logs'));
  // Each upstream's example servers become `nodes`, with the parameters the example gives them.
  const site = readFileSync(siteFile, 'utf8')
    .replace(/(?: {2}server 10\.0\.0\.\d+:3000([^\n]*)\n)+/g, (_servers, parameters: string) =>
      nodes.map((url) => `  server ${new URL(url).host}${parameters}\n`).join(''),
    )
    .replace('listen 80;', `listen 127.0.0.1:${port};`);
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 1024; }
http {
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
${site}
}
`,
  );
  const child: ChildProcess = spawn(
    '/usr/sbin/nginx',
    ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i += 1) {
    if (child.exitCode !== null) break;
    const up = await fetch(`${url}/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (child.exitCode !== null) {
    rmSync(prefix, { recursive: true, force: true });
    throw new Error(`nginx exited with ${child.exitCode}`);
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
