import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The history of a roster place: who changed its status, from what to what, when and why. A
 * coordinator who makes a place active for a client must give a reason, kept here (the audit
 * log names the change, never its content).
 */
export class RosterChanges1765000000000 implements MigrationInterface {
  name = 'RosterChanges1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE roster_change (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id uuid NOT NULL REFERENCES roster_member (id),
        from_status text NOT NULL,
        to_status text NOT NULL,
        reason text CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 500),
        changed_by uuid NOT NULL REFERENCES person (id),
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX roster_change_member_idx ON roster_change (member_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE roster_change');
  }
}
