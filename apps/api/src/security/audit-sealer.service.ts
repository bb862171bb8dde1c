import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JsonLogger } from '../logging/json-logger';
import { sealAuditChain } from './audit-chain';

/** How often new audit rows are sealed into the hash chain. */
export const auditSealIntervalMs = 2_000;

/**
 * Seals new audit rows into the hash chain every couple of seconds (see the AuditChain
 * migration). Requests never wait for it; on several nodes one sealer runs at a time, the others
 * find the lock taken and skip the round.
 */
@Injectable()
export class AuditSealerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running = this.running
        .then(() => this.sealNow())
        .catch((error: unknown) => {
          this.logger.event(
            'warn',
            'sealing the audit chain failed; the next round retries',
            { errorClass: (error as Error)?.constructor?.name },
            'security',
          );
        });
    }, auditSealIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running.catch(() => undefined);
  }

  /** Seals everything waiting; returns how many rows it sealed. */
  async sealNow(): Promise<number> {
    let total = 0;
    for (;;) {
      const sealed = await sealAuditChain((sql, params) => this.dataSource.query(sql, params));
      total += sealed;
      if (sealed < 5_000) return total;
    }
  }
}
