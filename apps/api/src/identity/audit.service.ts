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

  /** Records inside the caller's transaction when given one, so the audit row and the change commit together. */
  async record(
    event: AuditRecord,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.insert(AuditEventEntity, { ...event });
  }
}
