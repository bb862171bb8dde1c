import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * btree_gist lets exclusion constraints mix equality on ids with overlap on time ranges, which is
 * how the database itself refuses to double-book a therapist or a client.
 */
export class Extensions1764115200000 implements MigrationInterface {
  name = 'Extensions1764115200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP EXTENSION IF EXISTS btree_gist');
  }
}
