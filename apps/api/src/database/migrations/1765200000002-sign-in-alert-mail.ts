import type { MigrationInterface, QueryRunner } from 'typeorm';

const kinds = ['invitation', 'password_reset', 'email_verification', 'email_changed', 'reminder'];
const check = (list: string[]) =>
  `ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_kind_check
     CHECK (kind IN (${list.map((kind) => `'${kind}'`).join(', ')}))`;

/** A new kind of email: telling an account's owner about many failed sign-ins. */
export class SignInAlertMail1765200000002 implements MigrationInterface {
  name = 'SignInAlertMail1765200000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check`);
    await q.query(check([...kinds, 'sign_in_alert']));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM mail_outbox WHERE kind = 'sign_in_alert'`);
    await q.query(`ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_kind_check`);
    await q.query(check(kinds));
  }
}
