import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What matching needs to know about a therapist; availability is in their own time zone. */
export class TherapistProfile1764133200000 implements MigrationInterface {
  name = 'TherapistProfile1764133200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE therapist_profile (
        person_id uuid PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE,
        modalities text[] NOT NULL DEFAULT '{}',
        formats text[] NOT NULL CHECK (formats <@ ARRAY['individual', 'couple', 'family', 'group']),
        focus_areas text[] NOT NULL CHECK (focus_areas <@ ARRAY['disputes', 'role_transitions', 'grief', 'deficits']),
        languages text[] NOT NULL,
        remote boolean NOT NULL,
        in_person_london boolean NOT NULL,
        availability jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(availability) = 'array'),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE therapist_profile');
  }
}
