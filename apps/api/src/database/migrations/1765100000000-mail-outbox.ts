import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every email leaves through one outbox: a row is written in the transaction that decides to
 * send (an invitation, a reset link, a reminder), then delivered, retried with a growing delay
 * while the mail server refuses it, and given up after a few tries — the coordinators see those.
 * The body holds a link that works (a reset or invitation token), so it is cleared as soon as
 * the message is delivered or given up; the row keeps only who, what kind and how it went.
 */
export class MailOutbox1765100000000 implements MigrationInterface {
  name = 'MailOutbox1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        practice_id uuid REFERENCES practice (id) ON DELETE CASCADE,
        person_id uuid REFERENCES person (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('invitation', 'password_reset', 'email_verification', 'email_changed', 'reminder')),
        to_address text NOT NULL,
        subject text NOT NULL,
        text_body text,
        html_body text,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'logged', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        claimed_until timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX mail_outbox_practice_idx ON mail_outbox (practice_id, created_at)`);
    await q.query(`CREATE INDEX mail_outbox_person_idx ON mail_outbox (person_id)`);
    // A reminder is now handed to the outbox rather than straight to the mail server.
    await q.query(`ALTER TABLE reminder DROP CONSTRAINT reminder_outcome_check`);
    await q.query(
      `ALTER TABLE reminder ADD CONSTRAINT reminder_outcome_check
         CHECK (outcome IN ('sent', 'logged', 'skipped', 'failed', 'queued'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM reminder WHERE outcome = 'queued'`);
    await q.query(`ALTER TABLE reminder DROP CONSTRAINT reminder_outcome_check`);
    await q.query(
      `ALTER TABLE reminder ADD CONSTRAINT reminder_outcome_check
         CHECK (outcome IN ('sent', 'logged', 'skipped', 'failed'))`,
    );
    await q.query('DROP TABLE mail_outbox');
  }
}
