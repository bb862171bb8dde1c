import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log becomes tamper-evident in the database itself: a trigger refuses every UPDATE,
 * DELETE and TRUNCATE of `audit_event`, whatever the role (only a table owner who first drops
 * or disables the trigger gets past it — see the README for a separate application role).
 *
 * `clinical_restriction` records that a person's clinical records are restricted, by whom and
 * why, when their account is erased; it is append-only in the same way, so the reason cannot
 * be rewritten later.
 */
export class Privacy1764165600000 implements MigrationInterface {
  name = 'Privacy1764165600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`
      CREATE TABLE clinical_restriction (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        practice_id uuid NOT NULL REFERENCES practice (id),
        person_id uuid NOT NULL UNIQUE REFERENCES person (id),
        reason text NOT NULL CHECK (length(reason) BETWEEN 3 AND 500),
        restricted_by uuid REFERENCES person (id),
        restricted_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const table of ['audit_event', 'clinical_restriction']) {
      await q.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER audit_event_no_truncate ON audit_event');
    await q.query('DROP TRIGGER audit_event_append_only ON audit_event');
    await q.query('DROP TABLE clinical_restriction');
    await q.query('DROP FUNCTION refuse_append_only_change()');
  }
}
