import { join } from 'node:path';
import { repoRoot } from './paths';
import { runNginx, type Nginx } from './run-nginx';

export type { Nginx };

/**
 * Debian's nginx in front of API nodes on loopback: docker/nginx/hearth-nodes.conf with its
 * example upstreams replaced by `nodes` (http://127.0.0.1:PORT) and its port by `port`.
 */
export function startNginx(port: number, nodes: readonly string[]): Promise<Nginx> {
  return runNginx(join(repoRoot, 'docker/nginx/hearth-nodes.conf'), port, nodes);
}
