import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reminder outbox. A row is written once per (session, person, kind, start time), so a
 * reminder is never queued twice, and a rescheduled session gets fresh ones. A row is claimed
 * before its email is handed to the mail server and never claimed again: after a crash in
 * between, that one reminder is lost rather than sent twice.
 */
export class Reminders1764129600000 implements MigrationInterface {
  name = 'Reminders1764129600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reminder (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES session (id) ON DELETE CASCADE,
        person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('day_before', 'hour_before')),
        session_starts_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        claimed_at timestamptz,
        sent_at timestamptz,
        outcome text CHECK (outcome IN ('sent', 'logged', 'skipped', 'failed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reminder_once UNIQUE (session_id, person_id, kind, session_starts_at)
      )`);
    await q.query(
      `CREATE INDEX reminder_unclaimed_idx ON reminder (due_at) WHERE claimed_at IS NULL`,
    );
    await q.query(`CREATE INDEX session_starts_at_idx ON session (starts_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX session_starts_at_idx');
    await q.query('DROP TABLE reminder');
  }
}
