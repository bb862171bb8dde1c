import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A session's agenda once a therapist edited or started it (until then it is its IPT template),
 * and how far the live session has got through it, so a restart resumes where it was.
 */
export class SessionAgenda1764138600000 implements MigrationInterface {
  name = 'SessionAgenda1764138600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE session_agenda (
        session_id uuid PRIMARY KEY REFERENCES session (id),
        practice_id uuid NOT NULL REFERENCES practice (id),
        items jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array'),
        progress jsonb NOT NULL CHECK (jsonb_typeof(progress) = 'object'),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE session_agenda');
  }
}
