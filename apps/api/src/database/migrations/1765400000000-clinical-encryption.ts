import type { MigrationInterface, QueryRunner } from 'typeorm';

// The plaintext columns each clinical table had before its content was sealed.
const tables: Record<string, string[]> = {
  check_in: ['phq9', 'gad7', 'mood', 'phq9_total', 'gad7_total'],
  interpersonal_inventory: ['people'],
  client_focus: ['areas'],
  progress_note: ['text'],
};

/**
 * Check-in answers, inventories, focus and progress are sealed like therapists' notes: each row
 * gains the id of the key, a nonce and the AES-256-GCM ciphertext, and its plaintext columns may
 * be empty. A row holds one or the other, never both. A migration cannot hold the key (it lives
 * in NOTES_KEYS or the data folder), so the API seals every row still in plaintext when it starts,
 * before it serves (and `npm run clinical:reencrypt` does the same); the plaintext columns stay
 * only so that rows written before this version can be read once and sealed.
 */
export class ClinicalEncryption1765400000000 implements MigrationInterface {
  name = 'ClinicalEncryption1765400000000';

  async up(q: QueryRunner): Promise<void> {
    for (const [table, plain] of Object.entries(tables)) {
      await q.query(`
        ALTER TABLE ${table}
          ADD COLUMN key_id text CHECK (key_id ~ '^[A-Za-z0-9_-]{1,32}$'),
          ADD COLUMN nonce bytea CHECK (length(nonce) = 12),
          ADD COLUMN ciphertext bytea CHECK (length(ciphertext) > 16)`);
      for (const column of plain) {
        await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} DROP NOT NULL`);
      }
      await q.query(`
        ALTER TABLE ${table} ADD CONSTRAINT ${table}_sealed_or_plain CHECK (
          (num_nonnulls(key_id, nonce, ciphertext) = 3 AND num_nonnulls(${plain.join(', ')}) = 0)
          OR (num_nonnulls(key_id, nonce, ciphertext) = 0 AND num_nulls(${plain.join(', ')}) = 0))`);
      await q.query(`CREATE INDEX ${table}_key_idx ON ${table} (key_id)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, plain] of Object.entries(tables)) {
      // Sealed rows cannot be opened here (no key): going down is only possible before any was.
      await q.query(`DROP INDEX ${table}_key_idx`);
      await q.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_sealed_or_plain`);
      for (const column of plain) {
        await q.query(`ALTER TABLE ${table} ALTER COLUMN ${column} SET NOT NULL`);
      }
      await q.query(
        `ALTER TABLE ${table} DROP COLUMN key_id, DROP COLUMN nonce, DROP COLUMN ciphertext`,
      );
    }
  }
}
