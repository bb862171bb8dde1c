import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { mailKindSchema, type MailKind } from '@hearth/contracts';
import { z } from 'zod';
import { mailFailureOf, nextMailAttempt } from '@hearth/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { JsonLogger } from '../logging/json-logger';
import type { MailMessage } from './mail-layout';
import { MAILER, type Mailer } from './mailer';
import { idRow, queryRows } from '../database/rows';

export type { MailKind };

export interface OutgoingMail {
  readonly kind: MailKind;
  readonly message: MailMessage;
  /** The practice whose coordinators see the message if it cannot be delivered. */
  readonly practiceId: string | null;
  /** The person it is for, when they have an account (erasure removes their mail). */
  readonly personId: string | null;
}

const claimedMail = z.strictObject({
  id: z.guid(),
  kind: mailKindSchema,
  to_address: z.string(),
  subject: z.string(),
  text_body: z.string(),
  html_body: z.string(),
  attempts: z.number().int(),
});
type ClaimedMail = z.infer<typeof claimedMail>;

const batchSize = 20;
/** How long a node may take over one message before another node may try it (a crashed node). */
const claimSeconds = 120;

/**
 * Every email leaves through here: `enqueue` writes it in the caller's transaction, `kick` (after
 * that commits) delivers it within moments, and a timer on every node retries what the mail
 * server refused, with a growing delay ({@link nextMailAttempt}). Safe on several nodes: rows
 * are claimed with SKIP LOCKED and a lease.
 */
@Injectable()
export class MailOutboxService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private queued = false;
  private closed = false;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  /** Whether mail really leaves this install (SMTP_URL is set). */
  get delivers(): boolean {
    return this.mailer.delivers;
  }

  onApplicationBootstrap(): void {
    const seconds = this.config.mail.outboxIntervalSeconds;
    if (seconds === 0) return;
    this.timer = setInterval(() => this.kick(), seconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.running;
    this.mailer.close();
  }

  /** Writes the message to the outbox; it leaves once the transaction commits and `kick` runs. */
  async enqueue(manager: EntityManager, mail: OutgoingMail): Promise<string> {
    const [row] = await queryRows(
      manager,
      'queue a mail',
      idRow,
      `INSERT INTO mail_outbox (practice_id, person_id, kind, to_address, subject, text_body, html_body)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        mail.practiceId,
        mail.personId,
        mail.kind,
        mail.message.to,
        mail.message.subject,
        mail.message.text,
        mail.message.html,
      ],
    );
    return row!.id;
  }

  /** Delivers what is due soon, without waiting; runs one after another, never two at once. */
  kick(): void {
    if (this.queued || this.closed) return;
    this.queued = true;
    this.running = this.running
      .then(() => {
        this.queued = false;
        return this.deliverDue(new Date());
      })
      .catch((error: unknown) => {
        this.logger.event(
          'error',
          'mail outbox run failed',
          { errorClass: (error as Error)?.constructor?.name },
          'mail',
        );
      });
  }

  /** Waits until every delivery started so far has finished (for tests and shutdown). */
  async settled(): Promise<void> {
    for (;;) {
      const current = this.running;
      await current;
      if (current === this.running && !this.queued) return;
    }
  }

  /** One run at `now`: claims due messages and hands each to the mail server. */
  async deliverDue(now: Date): Promise<{ sent: number; failed: number; retrying: number }> {
    const outcome = { sent: 0, failed: 0, retrying: 0 };
    for (;;) {
      // Wrapped in a CTE so the statement is a SELECT: TypeORM returns [rows, count] for a bare
      // UPDATE ... RETURNING.
      const batch = await queryRows(
        this.dataSource,
        'claim due mail',
        claimedMail,
        `WITH claimed AS (
           UPDATE mail_outbox
              SET claimed_until = $1::timestamptz + make_interval(secs => ${claimSeconds}),
                  attempts = attempts + 1, last_attempt_at = $1
            WHERE id IN (SELECT id FROM mail_outbox
                          WHERE status = 'pending' AND next_attempt_at <= $1
                            AND (claimed_until IS NULL OR claimed_until < $1)
                          ORDER BY next_attempt_at LIMIT ${batchSize} FOR UPDATE SKIP LOCKED)
           RETURNING id, kind, to_address, subject, text_body, html_body, attempts)
         SELECT * FROM claimed`,
        [now],
      );
      if (batch.length === 0) return outcome;
      for (const mail of batch) outcome[await this.deliver(mail, now)] += 1;
    }
  }

  private async deliver(mail: ClaimedMail, now: Date): Promise<'sent' | 'failed' | 'retrying'> {
    const reference = `mail:${mail.id}`;
    try {
      const result = await this.mailer.send(
        { to: mail.to_address, subject: mail.subject, text: mail.text_body, html: mail.html_body },
        reference,
      );
      await this.dataSource.query(
        `UPDATE mail_outbox
            SET status = $2, finished_at = now(), claimed_until = NULL, last_error = NULL,
                text_body = NULL, html_body = NULL
          WHERE id = $1`,
        [mail.id, result],
      );
      return 'sent';
    } catch (error) {
      const { responseCode, code } = error as { responseCode?: number; code?: string };
      // Only the reply code and the error's kind: the server's text may quote the address.
      const reason = responseCode ? `SMTP ${responseCode}` : (code ?? 'unknown error');
      const retryAt = nextMailAttempt(mail.attempts, mailFailureOf(responseCode), now);
      this.logger.event(
        'warn',
        retryAt ? 'mail not delivered; will retry' : 'mail not delivered; given up',
        { reference, kind: mail.kind, attempts: mail.attempts, reason },
        'mail',
      );
      if (retryAt) {
        await this.dataSource.query(
          `UPDATE mail_outbox SET next_attempt_at = $2, claimed_until = NULL, last_error = $3
            WHERE id = $1`,
          [mail.id, retryAt, reason],
        );
        return 'retrying';
      }
      await this.dataSource.query(
        `UPDATE mail_outbox
            SET status = 'failed', finished_at = now(), claimed_until = NULL, last_error = $2,
                text_body = NULL, html_body = NULL
          WHERE id = $1`,
        [mail.id, reason],
      );
      return 'failed';
    }
  }
}
