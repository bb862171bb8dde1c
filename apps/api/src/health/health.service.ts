import { Inject, Injectable } from '@nestjs/common';
import type { Readiness } from '@hearth/contracts';
import { DataSource } from 'typeorm';
import { ClusterService } from '../live/cluster.service';
import { SfuService } from '../live/sfu.service';

// A readiness probe must answer quickly even when the database hangs rather than refuses.
const probeTimeoutMs = 2_000;

@Injectable()
export class HealthService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SfuService) private readonly sfu: SfuService,
    @Inject(ClusterService) private readonly cluster: ClusterService,
  ) {}

  async readiness(): Promise<Readiness> {
    const [database, redis] = await Promise.all([this.#database(), this.#redis()]);
    const media = this.#media();
    const ready =
      database.status === 'up' && media.status === 'up' && (redis?.status ?? 'up') === 'up';
    return {
      status: ready ? 'ready' : 'not_ready',
      checks: { database, media, ...(redis ? { redis } : {}) },
    };
  }

  async #redis(): Promise<Readiness['checks']['redis']> {
    if (!this.cluster.enabled) return undefined;
    const started = performance.now();
    const latency = await this.cluster.ping(probeTimeoutMs);
    // Up means the node-to-node path too: an edit made elsewhere must reach this node's calls.
    if (latency === undefined || !this.cluster.relayReady) return { status: 'down' };
    return { status: 'up', latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  }

  #media(): Readiness['checks']['media'] {
    const configured = this.sfu.config.workerCount;
    const workers = this.sfu.started ? this.sfu.pool.workers.length : 0;
    // One live worker can host sessions while a dead one is replaced.
    return { status: workers > 0 ? 'up' : 'down', workers, configured };
  }

  async #database(): Promise<Readiness['checks']['database']> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('database probe timed out')), probeTimeoutMs);
        }),
      ]);
      const latencyMs = Math.round((performance.now() - started) * 10) / 10;
      return { status: 'up', latencyMs };
    } catch {
      return { status: 'down' };
    } finally {
      clearTimeout(timer);
    }
  }
}
