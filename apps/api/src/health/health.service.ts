import { Inject, Injectable } from '@nestjs/common';
import type { Readiness } from '@hearth/contracts';
import { DataSource } from 'typeorm';

// A readiness probe must answer quickly even when the database hangs rather than refuses.
const probeTimeoutMs = 2_000;

@Injectable()
export class HealthService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async readiness(): Promise<Readiness> {
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
      return { status: 'ready', checks: { database: { status: 'up', latencyMs } } };
    } catch {
      return { status: 'not_ready', checks: { database: { status: 'down' } } };
    } finally {
      clearTimeout(timer);
    }
  }
}
