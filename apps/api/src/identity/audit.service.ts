import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditEventEntity } from './identity.entities';

export interface AuditRecord {
  readonly practiceId: string;
  readonly actorId: string | null;
  /** What happened, as `entity.verb`, e.g. `invitation.created`. */
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
}

/** Appends to the audit log: who did what to which record and when, never the content. */
@Injectable()
export class AuditService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * With a transaction, the row commits (or not) together with the change it records. Without
   * one — the audit of a read — it commits on its own with synchronous_commit off: a read then
   * does not wait for a disk flush (about 4 ms here, which capped session reads at ~250/s), and
   * a crash of PostgreSQL itself could lose at most the last fraction of a second of read rows,
   * never corrupt the log.
   */
  async record(event: AuditRecord, manager?: EntityManager): Promise<void> {
    if (manager) {
      await manager.insert(AuditEventEntity, { ...event });
      return;
    }
    // One statement, so one implicit transaction: set_config(..., true) applies to its commit.
    await this.dataSource.query(
      `WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true))
       INSERT INTO audit_event (practice_id, actor_id, action, entity, entity_id)
       SELECT $1, $2, $3, $4, $5 FROM relaxed`,
      [event.practiceId, event.actorId, event.action, event.entity, event.entityId],
    );
  }
}
