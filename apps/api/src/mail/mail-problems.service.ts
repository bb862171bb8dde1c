import { Inject, Injectable } from '@nestjs/common';
import type { MailDelivery, MailKind, MailProblem } from '@hearth/contracts';
import { DomainError } from '@hearth/domain';
import { DataSource } from 'typeorm';
import type { Principal } from '../identity/token-service';
import { MailOutboxService } from './mail-outbox.service';

interface ProblemRow {
  id: string;
  kind: MailKind;
  to_address: string;
  subject: string;
  status: 'pending' | 'failed';
  attempts: number;
  last_error: string | null;
  created_at: Date;
  last_attempt_at: Date | null;
  next_attempt_at: Date;
}

const problemColumns = `id, kind, to_address, subject, status, attempts, last_error, created_at,
  last_attempt_at, next_attempt_at`;

function toProblem(row: ProblemRow): MailProblem {
  return {
    id: row.id,
    kind: row.kind,
    to: row.to_address,
    subject: row.subject,
    status: row.status === 'failed' ? 'failed' : 'retrying',
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    lastAttemptAt: row.last_attempt_at?.toISOString() ?? null,
    nextAttemptAt: row.status === 'failed' ? null : row.next_attempt_at.toISOString(),
  };
}

/** What coordinators see of their practice's email that did not get through. */
@Injectable()
export class MailProblemsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MailOutboxService) private readonly outbox: MailOutboxService,
  ) {}

  async delivery(principal: Principal): Promise<MailDelivery> {
    const rows = (await this.dataSource.query(
      `SELECT ${problemColumns} FROM mail_outbox
        WHERE practice_id = $1 AND created_at > now() - interval '30 days'
          AND (status = 'failed' OR (status = 'pending' AND last_error IS NOT NULL))
        ORDER BY created_at DESC, id LIMIT 200`,
      [principal.practiceId],
    )) as ProblemRow[];
    return { delivers: this.outbox.delivers, problems: rows.map(toProblem) };
  }

  /** Brings a message that is waiting between attempts forward to now. */
  async retry(principal: Principal, mailId: string): Promise<MailProblem | null> {
    const [row] = (await this.dataSource.query(
      `SELECT status FROM mail_outbox WHERE id = $1 AND practice_id = $2`,
      [mailId, principal.practiceId],
    )) as { status: string }[];
    if (!row) throw new DomainError('not_found', 'There is no such email');
    if (row.status !== 'pending') {
      throw new DomainError(
        'conflict',
        row.status === 'failed'
          ? 'This email was given up; send the invitation again to make a new one'
          : 'This email was delivered',
        { status: row.status },
      );
    }
    await this.dataSource.query(
      `UPDATE mail_outbox SET next_attempt_at = now() WHERE id = $1 AND status = 'pending'`,
      [mailId],
    );
    this.outbox.kick();
    await this.outbox.settled();
    const [after] = (await this.dataSource.query(
      `SELECT ${problemColumns} FROM mail_outbox WHERE id = $1 AND status <> 'sent' AND status <> 'logged'`,
      [mailId],
    )) as ProblemRow[];
    return after ? toProblem(after) : null;
  }
}
