import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Requests for therapy from the public form, and the coordinator's decision on each. The
 * personal fields (name, email, concern, availability) are nullable because retention clears
 * them: an anonymised request keeps only what counts need (format, focus, dates, outcome).
 */
export class TherapyRequests1764147600000 implements MigrationInterface {
  name = 'TherapyRequests1764147600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE therapy_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        practice_id uuid NOT NULL REFERENCES practice (id),
        reference text NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'open'
          CHECK (status IN ('open', 'accepting', 'matched', 'declined')),
        name text CHECK (length(name) BETWEEN 1 AND 80),
        email text CHECK (email = lower(email)),
        concern text CHECK (length(concern) BETWEEN 1 AND 2000),
        focus_areas text[] NOT NULL
          CHECK (focus_areas <@ ARRAY['disputes', 'role_transitions', 'grief', 'deficits']),
        format text NOT NULL CHECK (format IN ('individual', 'couple', 'family', 'group')),
        setting text NOT NULL CHECK (setting IN ('remote', 'in_person_london', 'either')),
        languages text[] NOT NULL,
        time_zone text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
        availability jsonb CHECK (jsonb_typeof(availability) = 'array'),
        consent_at timestamptz,
        received_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        decided_by uuid REFERENCES person (id),
        decline_reason text CHECK (length(decline_reason) BETWEEN 1 AND 500),
        course_id uuid REFERENCES course (id),
        client_id uuid REFERENCES person (id),
        invitation_id uuid REFERENCES invitation (id),
        placement text CHECK (placement IN ('course', 'roster_place', 'waitlist')),
        anonymised_at timestamptz,
        CONSTRAINT therapy_request_personal_data CHECK (
          anonymised_at IS NOT NULL
          OR (name IS NOT NULL AND email IS NOT NULL AND concern IS NOT NULL AND availability IS NOT NULL)
        )
      )`);
    await q.query(
      `CREATE INDEX therapy_request_practice_idx ON therapy_request (practice_id, received_at)`,
    );
    // The retention sweep reads requests not yet anonymised, oldest first.
    await q.query(
      `CREATE INDEX therapy_request_retention_idx ON therapy_request (received_at) WHERE anonymised_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE therapy_request');
  }
}
