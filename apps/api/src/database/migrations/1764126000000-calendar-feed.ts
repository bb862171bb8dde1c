import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One secret feed address per person, stored as a hash; replacing it revokes the old one. */
export class CalendarFeed1764126000000 implements MigrationInterface {
  name = 'CalendarFeed1764126000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_feed (
        person_id uuid PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE,
        token_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE calendar_feed');
  }
}
