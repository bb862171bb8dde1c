import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live sessions: whether a course lets its known members skip the waiting room, and the
 * attendance log — who joined, was admitted and left each session, and when. Nothing said or
 * shown in a session is stored.
 */
export class LiveSessions1764136800000 implements MigrationInterface {
  name = 'LiveSessions1764136800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE course ADD COLUMN auto_admit_members boolean NOT NULL DEFAULT false`,
    );
    await q.query(`
      CREATE TABLE attendance_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        practice_id uuid NOT NULL REFERENCES practice (id),
        session_id uuid NOT NULL REFERENCES session (id),
        person_id uuid NOT NULL REFERENCES person (id),
        kind text NOT NULL CHECK (
          kind IN ('joined', 'admitted', 'sent_back', 'denied', 'removed', 'dropped', 'returned', 'left')
        ),
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX attendance_event_session_idx ON attendance_event (session_id, person_id, at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE attendance_event');
    await q.query('ALTER TABLE course DROP COLUMN auto_admit_members');
  }
}
