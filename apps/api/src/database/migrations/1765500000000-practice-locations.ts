import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where a practice sees people in person: its own named locations, instead of the one fixed
 * "London" a therapist could tick and a requester could choose.
 *
 * A location is never deleted while anything may point at it: taking it off the list retires
 * it (`retired_at`), so requests that chose it keep its name, while therapists stop being
 * matched there (their links to it go).
 *
 * Existing data: a practice gets a location named "London" only when its data refers to
 * London — a therapist profile offering in person in London, or a request that asked for in
 * person in London or either way. Those therapists are linked to it and those requests point
 * at it. Every other practice starts with no locations: its form offers video only until a
 * coordinator lists where it sees people.
 */
export class PracticeLocations1765500000000 implements MigrationInterface {
  name = 'PracticeLocations1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE practice_location (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        practice_id uuid NOT NULL REFERENCES practice (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
        address_line text CHECK (length(address_line) BETWEEN 1 AND 200),
        time_zone text CHECK (length(time_zone) BETWEEN 1 AND 64),
        position integer NOT NULL CHECK (position >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        retired_at timestamptz
      )`);
    // Two current locations of one practice never share a name (compared without case).
    await q.query(
      `CREATE UNIQUE INDEX practice_location_name_idx ON practice_location (practice_id, lower(name)) WHERE retired_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE therapist_location (
        person_id uuid NOT NULL REFERENCES therapist_profile (person_id) ON DELETE CASCADE,
        location_id uuid NOT NULL REFERENCES practice_location (id) ON DELETE CASCADE,
        PRIMARY KEY (person_id, location_id)
      )`);
    await q.query(
      `CREATE INDEX therapist_location_location_idx ON therapist_location (location_id)`,
    );
    await q.query(
      `ALTER TABLE therapy_request ADD COLUMN location_id uuid REFERENCES practice_location (id)`,
    );

    await q.query(`
      INSERT INTO practice_location (practice_id, name, position)
      SELECT p.id, 'London', 0 FROM practice p
       WHERE EXISTS (SELECT 1 FROM therapist_profile t JOIN person x ON x.id = t.person_id
                      WHERE x.practice_id = p.id AND t.in_person_london)
          OR EXISTS (SELECT 1 FROM therapy_request r
                      WHERE r.practice_id = p.id AND r.setting IN ('in_person_london', 'either'))`);
    await q.query(`
      INSERT INTO therapist_location (person_id, location_id)
      SELECT t.person_id, l.id
        FROM therapist_profile t
        JOIN person x ON x.id = t.person_id
        JOIN practice_location l ON l.practice_id = x.practice_id
       WHERE t.in_person_london`);
    await q.query(`ALTER TABLE therapist_profile DROP COLUMN in_person_london`);

    await q.query(`ALTER TABLE therapy_request DROP CONSTRAINT therapy_request_setting_check`);
    await q.query(`
      UPDATE therapy_request r SET location_id = l.id
        FROM practice_location l
       WHERE l.practice_id = r.practice_id AND r.setting IN ('in_person_london', 'either')`);
    await q.query(
      `UPDATE therapy_request SET setting = 'in_person' WHERE setting = 'in_person_london'`,
    );
    await q.query(`
      ALTER TABLE therapy_request ADD CONSTRAINT therapy_request_setting_check
        CHECK (setting IN ('remote', 'in_person', 'either'))`);
    // In person or either names a location; by video names none.
    await q.query(`
      ALTER TABLE therapy_request ADD CONSTRAINT therapy_request_location_check
        CHECK ((setting = 'remote') = (location_id IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE therapy_request DROP CONSTRAINT therapy_request_location_check`);
    await q.query(`ALTER TABLE therapy_request DROP CONSTRAINT therapy_request_setting_check`);
    await q.query(
      `UPDATE therapy_request SET setting = 'in_person_london' WHERE setting = 'in_person'`,
    );
    await q.query(`
      ALTER TABLE therapy_request ADD CONSTRAINT therapy_request_setting_check
        CHECK (setting IN ('remote', 'in_person_london', 'either'))`);
    await q.query(
      `ALTER TABLE therapist_profile ADD COLUMN in_person_london boolean NOT NULL DEFAULT false`,
    );
    await q.query(`
      UPDATE therapist_profile t SET in_person_london = true
       WHERE EXISTS (SELECT 1 FROM therapist_location tl WHERE tl.person_id = t.person_id)`);
    await q.query(`ALTER TABLE therapist_profile ALTER COLUMN in_person_london DROP DEFAULT`);
    await q.query(`ALTER TABLE therapy_request DROP COLUMN location_id`);
    await q.query('DROP TABLE therapist_location');
    await q.query('DROP TABLE practice_location');
  }
}
