import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Courses, rosters and sessions. Double-booking is refused by the database itself: every person
 * taking part in a session (therapist, co-therapist, each client holding a place) has one booking
 * row, and an exclusion constraint over (person, time range) rejects two live bookings of the
 * same person that overlap — whichever of two racing transactions commits second fails with
 * SQLSTATE 23P01. Cancelled bookings are left out of the constraint, so a cancelled session or a
 * withdrawn member frees the time while keeping the history.
 *
 * `idempotency_key` keeps the first response of a create request per (person, route, key); the
 * row is claimed and filled inside the creating transaction, so it exists only if the creation
 * committed.
 */
export class Scheduling1764122400000 implements MigrationInterface {
  name = 'Scheduling1764122400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE course (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        practice_id uuid NOT NULL REFERENCES practice (id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
        format text NOT NULL CHECK (format IN ('individual', 'couple', 'family', 'group')),
        focus_areas text[] NOT NULL CHECK (
          cardinality(focus_areas) BETWEEN 1 AND 4
          AND focus_areas <@ ARRAY['disputes', 'role_transitions', 'grief', 'deficits']
        ),
        therapist_id uuid NOT NULL REFERENCES person (id),
        co_therapist_id uuid REFERENCES person (id),
        session_count smallint NOT NULL CHECK (session_count BETWEEN 8 AND 20),
        duration_minutes smallint NOT NULL CHECK (
          duration_minutes BETWEEN 30 AND 120 AND duration_minutes % 5 = 0
        ),
        time_zone text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        local_time text NOT NULL CHECK (local_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        start_date date NOT NULL,
        max_members smallint NOT NULL CHECK (max_members BETWEEN 1 AND 12),
        created_by uuid NOT NULL REFERENCES person (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        cancelled_at timestamptz,
        CONSTRAINT course_co_therapist_differs CHECK (co_therapist_id <> therapist_id)
      )`);
    await q.query(`CREATE INDEX course_practice_idx ON course (practice_id, created_at)`);
    await q.query(`CREATE INDEX course_therapist_idx ON course (therapist_id)`);
    await q.query(`CREATE INDEX course_co_therapist_idx ON course (co_therapist_id)`);

    await q.query(`
      CREATE TABLE roster_member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- Keeps the order people joined, even for several added in one transaction.
        seq bigint GENERATED ALWAYS AS IDENTITY,
        course_id uuid NOT NULL REFERENCES course (id),
        person_id uuid NOT NULL REFERENCES person (id),
        relation text NOT NULL CHECK (
          relation IN ('member', 'partner', 'parent', 'child', 'sibling', 'carer', 'other')
        ),
        status text NOT NULL CHECK (status IN ('invited', 'active', 'withdrawn', 'waitlisted')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT roster_member_course_person_key UNIQUE (course_id, person_id)
      )`);
    await q.query(`CREATE INDEX roster_member_person_idx ON roster_member (person_id)`);

    await q.query(`
      CREATE TABLE session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        course_id uuid NOT NULL REFERENCES course (id),
        practice_id uuid NOT NULL REFERENCES practice (id),
        number smallint NOT NULL CHECK (number BETWEEN 1 AND 20),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT session_course_number_key UNIQUE (course_id, number),
        CONSTRAINT session_ends_after_start CHECK (ends_at > starts_at)
      )`);
    // The coordinator's week view reads a practice's sessions in a time window.
    await q.query(`CREATE INDEX session_practice_starts_idx ON session (practice_id, starts_at)`);

    await q.query(`
      CREATE TABLE session_change (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES session (id),
        kind text NOT NULL CHECK (kind IN ('rescheduled', 'cancelled')),
        from_starts_at timestamptz NOT NULL,
        from_ends_at timestamptz NOT NULL,
        to_starts_at timestamptz,
        to_ends_at timestamptz,
        reason text CHECK (length(reason) <= 500),
        changed_by uuid NOT NULL REFERENCES person (id),
        at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT session_change_target CHECK (
          (kind = 'rescheduled' AND to_starts_at IS NOT NULL AND to_ends_at > to_starts_at)
          OR (kind = 'cancelled' AND to_starts_at IS NULL AND to_ends_at IS NULL)
        )
      )`);
    await q.query(`CREATE INDEX session_change_session_idx ON session_change (session_id, at)`);

    await q.query(`
      CREATE TABLE booking (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id uuid NOT NULL REFERENCES session (id),
        person_id uuid NOT NULL REFERENCES person (id),
        role text NOT NULL CHECK (role IN ('therapist', 'client')),
        during tstzrange NOT NULL CHECK (NOT isempty(during) AND lower_inc(during) AND NOT upper_inc(during)),
        cancelled boolean NOT NULL DEFAULT false,
        CONSTRAINT booking_session_person_key UNIQUE (session_id, person_id),
        CONSTRAINT booking_no_double_booking
          EXCLUDE USING gist (person_id WITH =, during WITH &&) WHERE (NOT cancelled)
      )`);
    // The exclusion constraint's GiST index also serves "this person's bookings in a window".

    await q.query(`
      CREATE TABLE idempotency_key (
        person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
        route text NOT NULL,
        key text NOT NULL CHECK (key ~ '^[A-Za-z0-9_-]{1,128}$'),
        request_hash text NOT NULL CHECK (request_hash ~ '^[0-9a-f]{64}$'),
        status smallint CHECK (status BETWEEN 200 AND 299),
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (person_id, route, key),
        CONSTRAINT idempotency_key_complete CHECK ((status IS NULL) = (response IS NULL))
      )`);
    await q.query(`CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE idempotency_key');
    await q.query('DROP TABLE booking');
    await q.query('DROP TABLE session_change');
    await q.query('DROP TABLE session');
    await q.query('DROP TABLE roster_member');
    await q.query('DROP TABLE course');
  }
}
