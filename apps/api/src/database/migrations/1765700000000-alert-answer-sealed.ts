import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A PHQ-9 item-9 alert no longer keeps its own copy of the answer (1–3) in the clear: the answer
 * is read from the alert's check-in, which is sealed like every clinical record. The alert's
 * existence stays (it is the safety signal therapists must see), not what was answered.
 */
export class AlertAnswerSealed1765700000000 implements MigrationInterface {
  name = 'AlertAnswerSealed1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE clinical_alert DROP COLUMN item9_answer`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The answers stay in the sealed check-ins; the old column comes back empty.
    await q.query(
      `ALTER TABLE clinical_alert ADD COLUMN item9_answer smallint
         CHECK (item9_answer BETWEEN 1 AND 3)`,
    );
  }
}
