import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { mailKindSchema, type MailDelivery, type MailProblem } from '@hearth/contracts';
import { DomainError } from '@hearth/domain';
import { DataSource } from 'typeorm';
import type { Principal } from '../identity/token-service';
import { MailOutboxService } from './mail-outbox.service';
import { queryRows } from '../database/rows';

const problemRow = z.strictObject({
  id: z.guid(),
  kind: mailKindSchema,
  to_address: z.string(),
  subject: z.string(),
  status: z.enum(['pending', 'failed']),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  created_at: z.date(),
  last_attempt_at: z.date().nullable(),
  next_attempt_at: z.date(),
});
type ProblemRow = z.infer<typeof problemRow>;

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
    const rows = await queryRows(
      this.dataSource,
      'mail problems of a practice',
      problemRow,
      `SELECT ${problemColumns} FROM mail_outbox
        WHERE practice_id = $1 AND created_at > now() - interval '30 days'
          AND (status = 'failed' OR (status = 'pending' AND last_error IS NOT NULL))
        ORDER BY created_at DESC, id LIMIT 200`,
      [principal.practiceId],
    );
    return { delivers: this.outbox.delivers, problems: rows.map(toProblem) };
  }

  /** Brings a message that is waiting between attempts forward to now. */
  async retry(principal: Principal, mailId: string): Promise<MailProblem | null> {
    const [row] = await queryRows(
      this.dataSource,
      'status of a mail',
      z.strictObject({ status: z.enum(['pending', 'sent', 'logged', 'failed']) }),
      `SELECT status FROM mail_outbox WHERE id = $1 AND practice_id = $2`,
      [mailId, principal.practiceId],
    );
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
    const [after] = await queryRows(
      this.dataSource,
      'mail problem',
      problemRow,
      `SELECT ${problemColumns} FROM mail_outbox WHERE id = $1 AND status <> 'sent' AND status <> 'logged'`,
      [mailId],
    );
    return after ? toProblem(after) : null;
  }
}
