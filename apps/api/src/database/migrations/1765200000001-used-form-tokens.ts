import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A request-form token is good for one request: the hash of each token used is kept until the
 * token would have expired anyway, so the same signed form cannot be sent twice.
 */
export class UsedFormTokens1765200000001 implements MigrationInterface {
  name = 'UsedFormTokens1765200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE used_form_token (
        token_hash text PRIMARY KEY,
        used_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX used_form_token_used_at_idx ON used_form_token (used_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE used_form_token');
  }
}
