import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { z } from 'zod';
import { reminderKinds, reminderWindows } from '@hearth/domain';
import { sessionStatusSchema } from '@hearth/contracts';
import { DataSource } from 'typeorm';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { JsonLogger } from '../logging/json-logger';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { SiteUrl } from '../mail/site-url';
import { reminderMessage } from './reminder-message';
import { idRow, queryRows } from '../database/rows';

const claimedReminder = z.strictObject({
  id: z.guid(),
  kind: z.enum(reminderKinds),
  session_id: z.guid(),
  person_id: z.guid(),
  practice_id: z.guid(),
  starts_at: z.date(),
  status: sessionStatusSchema,
  number: z.number().int(),
  session_count: z.number().int(),
  email: z.string(),
  display_name: z.string(),
  time_zone: z.string(),
  disabled_at: z.date().nullable(),
});

const batchSize = 50;

/**
 * Queues the reminders that are due and hands them to the mailer. Safe on several API nodes at
 * once: queuing relies on a unique constraint, sending claims rows with SKIP LOCKED.
 */
@Injectable()
export class RemindersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(MailOutboxService) private readonly outbox: MailOutboxService,
    @Inject(SiteUrl) private readonly site: SiteUrl,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.reminderIntervalSeconds;
    if (seconds === 0) return;
    this.timer = setInterval(() => {
      this.running = this.running
        .then(() => this.tick(new Date()))
        .catch((error: unknown) => {
          this.logger.event(
            'error',
            'reminder run failed',
            { errorClass: (error as Error)?.constructor?.name },
            'reminders',
          );
        });
    }, seconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One run: queue what is due at `now`, then hand it to the mail outbox. */
  async tick(now: Date): Promise<{ queued: number; sent: number }> {
    const queued = await this.queueDue(now);
    const sent = await this.sendDue(now);
    return { queued, sent };
  }

  /** Writes an outbox row for every live booking whose reminder window is open at `now`. */
  async queueDue(now: Date): Promise<number> {
    const windows = reminderWindows
      .map((w) => `('${w.kind}', ${w.leadMinutes}, ${w.untilMinutes})`)
      .join(', ');
    const rows = await queryRows(
      this.dataSource,
      'plan reminders',
      idRow,
      `INSERT INTO reminder (session_id, person_id, kind, session_starts_at, due_at)
       SELECT b.session_id, b.person_id, w.kind, s.starts_at, s.starts_at - make_interval(mins => w.lead)
         FROM session s
         JOIN booking b ON b.session_id = s.id AND NOT b.cancelled
         CROSS JOIN (VALUES ${windows}) AS w (kind, lead, until)
        WHERE s.status = 'scheduled'
          AND s.starts_at > $1 AND s.starts_at <= $1 + interval '1 day'
          AND $1 >= s.starts_at - make_interval(mins => w.lead)
          AND $1 < s.starts_at - make_interval(mins => w.until)
       ON CONFLICT ON CONSTRAINT reminder_once DO NOTHING
       RETURNING id`,
      [now],
    );
    return rows.length;
  }

  /** Claims due rows and queues their emails; a claimed row is never claimed again. */
  async sendDue(now: Date): Promise<number> {
    let sent = 0;
    for (;;) {
      // Wrapped in a CTE so the statement is a SELECT: TypeORM returns [rows, count] for a bare
      // UPDATE ... RETURNING.
      const batch = await queryRows(
        this.dataSource,
        'claim due reminders',
        claimedReminder,
        `WITH claimed AS (
           UPDATE reminder SET claimed_at = now()
            WHERE id IN (SELECT id FROM reminder WHERE claimed_at IS NULL AND due_at <= $1
                          ORDER BY due_at LIMIT ${batchSize} FOR UPDATE SKIP LOCKED)
           RETURNING id, kind, session_id, person_id)
         SELECT r.id, r.kind, r.session_id, r.person_id, p.practice_id, s.starts_at, s.status, s.number, c.session_count,
                p.email, p.display_name, p.time_zone, p.disabled_at
           FROM claimed r
           JOIN session s ON s.id = r.session_id
           JOIN course c ON c.id = s.course_id
           JOIN person p ON p.id = r.person_id`,
        [now],
      );
      if (batch.length === 0) return sent;
      for (const reminder of batch) {
        sent += (await this.deliver(reminder, now)) ? 1 : 0;
      }
    }
  }

  private async deliver(reminder: z.infer<typeof claimedReminder>, now: Date): Promise<boolean> {
    const startsAt = new Date(reminder.starts_at);
    // The session may have been cancelled or started since the row was queued.
    if (reminder.status !== 'scheduled' || startsAt <= now || reminder.disabled_at) {
      await this.finish(reminder.id, 'skipped');
      return false;
    }
    const message = reminderMessage({
      email: reminder.email,
      displayName: reminder.display_name,
      timeZone: reminder.time_zone,
      kind: reminder.kind,
      startsAt,
      number: reminder.number,
      sessionCount: reminder.session_count,
      joinUrl: this.site.link(`/sessions/${reminder.session_id}/join`),
    });
    // The outbox delivers it, and retries it while the mail server refuses it.
    await this.dataSource.transaction(async (tx) => {
      await this.outbox.enqueue(tx, {
        kind: 'reminder',
        message,
        practiceId: reminder.practice_id,
        personId: reminder.person_id,
      });
      await tx.query(`UPDATE reminder SET sent_at = now(), outcome = 'queued' WHERE id = $1`, [
        reminder.id,
      ]);
    });
    this.outbox.kick();
    return true;
  }

  private async finish(id: string, outcome: 'skipped'): Promise<void> {
    await this.dataSource.query(`UPDATE reminder SET sent_at = now(), outcome = $2 WHERE id = $1`, [
      id,
      outcome,
    ]);
  }
}
