import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { preparedStatement, runPrepared } from '../database/prepared';

export interface AuditRecord {
  readonly practiceId: string;
  readonly actorId: string | null;
  /** What happened, as `entity.verb`, e.g. `invitation.created`. */
  readonly action: string;
  readonly entity: string;
  readonly entityId: string | null;
}

/**
 * A CTE, `relaxed`, for a statement that writes only audit rows of a read: once the statement
 * scans it, the statement's own implicit transaction commits with synchronous_commit off (see
 * {@link AuditService.record}). `set_config` is volatile, so PostgreSQL never inlines or drops it.
 */
export const relaxedCommitCte = `relaxed AS (SELECT set_config('synchronous_commit', 'off', true))`;

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
    const values = [event.practiceId, event.actorId, event.action, event.entity, event.entityId];
    if (manager) {
      await runPrepared(manager, auditInsert, values);
      return;
    }
    // One statement, so one implicit transaction: set_config(..., true) applies to its commit.
    await runPrepared(this.dataSource, relaxedAuditInsert, values);
  }

  /** {@link record} for what a signed-in person did, in their practice. */
  recordAct(
    actor: { readonly practiceId: string; readonly personId: string },
    act: Pick<AuditRecord, 'action' | 'entity' | 'entityId'>,
    manager?: EntityManager,
  ): Promise<void> {
    return this.record({ practiceId: actor.practiceId, actorId: actor.personId, ...act }, manager);
  }
}

const auditInsertSql = `INSERT INTO audit_event (practice_id, actor_id, action, entity, entity_id)`;
const auditInsert = preparedStatement(
  'audit_insert',
  `${auditInsertSql} VALUES ($1, $2, $3, $4, $5)`,
);
const relaxedAuditInsert = preparedStatement(
  'audit_insert_relaxed',
  `WITH ${relaxedCommitCte} ${auditInsertSql} SELECT $1, $2, $3, $4, $5 FROM relaxed`,
);
