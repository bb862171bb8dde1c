import type { MigrationInterface, QueryRunner } from 'typeorm';

const kinds = [
  'invitation',
  'password_reset',
  'email_verification',
  'email_changed',
  'reminder',
  'sign_in_alert',
];
const check = (list: string[]) =>
  `ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check
     CHECK (kind IN (${list.map((kind) => `'${kind}'`).join(', ')}))`;

/**
 * A sign-up waits here until its address is confirmed from the emailed link: nothing of the
 * practice or the person exists before then. One row per address (a newer sign-up replaces an
 * older one), deleted when confirmed, when it expires and on erasure. Its emails have a kind of
 * their own.
 */
export class PendingSignUps1765600000000 implements MigrationInterface {
  name = 'PendingSignUps1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pending_sign_up (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL UNIQUE,
        practice_name text NOT NULL,
        display_name text NOT NULL,
        time_zone text NOT NULL,
        password_hash text NOT NULL,
        token_hash bytea NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX pending_sign_up_expires_at_idx ON pending_sign_up (expires_at)`);
    await q.query(`ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check`);
    await q.query(check([...kinds, 'sign_up']));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM mail_outbox WHERE kind = 'sign_up'`);
    await q.query(`ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check`);
    await q.query(check(kinds));
    await q.query('DROP TABLE pending_sign_up');
  }
}
