import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { anonymiseAfter } from '@hearth/domain';
import { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { JsonLogger } from '../logging/json-logger';
import { queryRows, idRow } from '../database/rows';

/**
 * Clears the personal data of requests for therapy once the retention period has passed since
 * their decision (or, never decided, since they arrived): name, email, what brought them and
 * their times go; format, focus, dates and outcome stay for the practice's counts. Safe on
 * several API nodes at once: each row is cleared by one statement, and a second run finds nothing.
 */
@Injectable()
export class RequestRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.therapyRequests.sweepIntervalSeconds;
    if (seconds === 0) return;
    this.timer = setInterval(() => {
      this.running = this.running
        .then(() => this.anonymiseExpired(new Date()))
        .catch((error: unknown) => {
          this.logger.event(
            'error',
            'therapy request retention run failed',
            { errorClass: (error as Error)?.constructor?.name },
            'matching',
          );
        });
    }, seconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Anonymises every request past retention at `now`; returns how many it cleared. */
  async anonymiseExpired(now: Date): Promise<number> {
    const cutoff = anonymiseAfter(this.config.therapyRequests.retentionDays, now);
    // A request in the middle of being accepted is left for the next run.
    const rows = await queryRows(
      this.dataSource,
      'anonymise therapy requests',
      idRow,
      `WITH cleared AS (
         UPDATE therapy_request
            SET name = NULL, email = NULL, concern = NULL, availability = NULL,
                decline_reason = NULL, anonymised_at = $2
          WHERE anonymised_at IS NULL AND status <> 'accepting'
            AND coalesce(decided_at, received_at) < $1
         RETURNING id, practice_id),
       audited AS (
         INSERT INTO audit_event (practice_id, actor_id, action, entity, entity_id)
         SELECT practice_id, NULL, 'therapy_request.anonymised', 'therapy_request', id FROM cleared)
       SELECT id FROM cleared`,
      [cutoff, now],
    );
    if (rows.length > 0) {
      this.logger.event('info', 'therapy requests anonymised', { count: rows.length }, 'matching');
    }
    return rows.length;
  }
}
