import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The clinical layer: consent texts and who accepted which version, check-ins (PHQ-9, GAD-7,
 * mood) with the private alerts a positive PHQ-9 item 9 raises, each client's interpersonal
 * inventory, focus and goals, progress per session, and the therapists' private notes — stored
 * only as AES-256-GCM ciphertext with the id of the key that sealed it. Everything carries its
 * practice, and a client's records are keyed by course and person.
 */
export class Clinical1764144000000 implements MigrationInterface {
  name = 'Clinical1764144000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE course ADD COLUMN check_in_schedule text NOT NULL DEFAULT 'every_session'
        CHECK (check_in_schedule IN ('every_session', 'every_4th'))`);

    await q.query(`
      CREATE TABLE consent_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        practice_id uuid NOT NULL REFERENCES practice (id),
        version integer NOT NULL CHECK (version >= 1),
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 20000),
        published_by uuid REFERENCES person (id),
        published_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT consent_version_practice_version_key UNIQUE (practice_id, version)
      )`);
    await q.query(`
      CREATE TABLE consent_acceptance (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        consent_version_id uuid NOT NULL REFERENCES consent_version (id),
        person_id uuid NOT NULL REFERENCES person (id),
        accepted_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT consent_acceptance_version_person_key UNIQUE (consent_version_id, person_id)
      )`);
    await q.query(`CREATE INDEX consent_acceptance_person_idx ON consent_acceptance (person_id)`);

    await q.query(`
      CREATE TABLE check_in (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        practice_id uuid NOT NULL REFERENCES practice (id),
        course_id uuid NOT NULL REFERENCES course (id),
        session_id uuid NOT NULL REFERENCES session (id),
        person_id uuid NOT NULL REFERENCES person (id),
        phq9 smallint[] NOT NULL CHECK (
          cardinality(phq9) = 9 AND 0 <= ALL (phq9) AND 3 >= ALL (phq9)),
        gad7 smallint[] NOT NULL CHECK (
          cardinality(gad7) = 7 AND 0 <= ALL (gad7) AND 3 >= ALL (gad7)),
        mood smallint NOT NULL CHECK (mood BETWEEN 0 AND 10),
        phq9_total smallint NOT NULL CHECK (phq9_total BETWEEN 0 AND 27),
        gad7_total smallint NOT NULL CHECK (gad7_total BETWEEN 0 AND 21),
        submitted_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT check_in_session_person_key UNIQUE (session_id, person_id)
      )`);
    await q.query(`CREATE INDEX check_in_course_person_idx ON check_in (course_id, person_id)`);

    await q.query(`
      CREATE TABLE clinical_alert (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        practice_id uuid NOT NULL REFERENCES practice (id),
        course_id uuid NOT NULL REFERENCES course (id),
        session_id uuid NOT NULL REFERENCES session (id),
        person_id uuid NOT NULL REFERENCES person (id),
        check_in_id uuid NOT NULL UNIQUE REFERENCES check_in (id),
        kind text NOT NULL CHECK (kind IN ('phq9_item9')),
        item9_answer smallint NOT NULL CHECK (item9_answer BETWEEN 1 AND 3),
        raised_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        acknowledged_by uuid REFERENCES person (id),
        CONSTRAINT clinical_alert_acknowledged CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL))
      )`);
    await q.query(
      `CREATE INDEX clinical_alert_course_idx ON clinical_alert (course_id, raised_at)`,
    );

    await q.query(`
      CREATE TABLE interpersonal_inventory (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        practice_id uuid NOT NULL REFERENCES practice (id),
        course_id uuid NOT NULL REFERENCES course (id),
        person_id uuid NOT NULL REFERENCES person (id),
        people jsonb NOT NULL CHECK (jsonb_typeof(people) = 'array'),
        submitted_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid NOT NULL REFERENCES person (id),
        reviewed_at timestamptz,
        reviewed_by uuid REFERENCES person (id),
        CONSTRAINT interpersonal_inventory_course_person_key UNIQUE (course_id, person_id),
        CONSTRAINT interpersonal_inventory_reviewed CHECK ((reviewed_at IS NULL) = (reviewed_by IS NULL))
      )`);

    await q.query(`
      CREATE TABLE client_focus (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        practice_id uuid NOT NULL REFERENCES practice (id),
        course_id uuid NOT NULL REFERENCES course (id),
        person_id uuid NOT NULL REFERENCES person (id),
        areas jsonb NOT NULL CHECK (jsonb_typeof(areas) = 'array'),
        updated_by uuid NOT NULL REFERENCES person (id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT client_focus_course_person_key UNIQUE (course_id, person_id)
      )`);

    await q.query(`
      CREATE TABLE progress_note (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        practice_id uuid NOT NULL REFERENCES practice (id),
        course_id uuid NOT NULL REFERENCES course (id),
        session_id uuid NOT NULL REFERENCES session (id),
        person_id uuid NOT NULL REFERENCES person (id),
        text text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
        author_id uuid NOT NULL REFERENCES person (id),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT progress_note_session_person_key UNIQUE (session_id, person_id)
      )`);
    await q.query(
      `CREATE INDEX progress_note_course_person_idx ON progress_note (course_id, person_id)`,
    );

    // No plaintext column exists: the note is AES-256-GCM ciphertext (tag appended), its 96-bit
    // nonce, and the id of the key that sealed it, bound to the row's session and client.
    await q.query(`
      CREATE TABLE therapist_note (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        practice_id uuid NOT NULL REFERENCES practice (id),
        course_id uuid NOT NULL REFERENCES course (id),
        session_id uuid NOT NULL REFERENCES session (id),
        person_id uuid NOT NULL REFERENCES person (id),
        author_id uuid NOT NULL REFERENCES person (id),
        key_id text NOT NULL CHECK (key_id ~ '^[A-Za-z0-9_-]{1,32}$'),
        nonce bytea NOT NULL CHECK (length(nonce) = 12),
        ciphertext bytea NOT NULL CHECK (length(ciphertext) > 16),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT therapist_note_session_person_key UNIQUE (session_id, person_id)
      )`);
    await q.query(
      `CREATE INDEX therapist_note_course_person_idx ON therapist_note (course_id, person_id)`,
    );
    await q.query(`CREATE INDEX therapist_note_key_idx ON therapist_note (key_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE therapist_note');
    await q.query('DROP TABLE progress_note');
    await q.query('DROP TABLE client_focus');
    await q.query('DROP TABLE interpersonal_inventory');
    await q.query('DROP TABLE clinical_alert');
    await q.query('DROP TABLE check_in');
    await q.query('DROP TABLE consent_acceptance');
    await q.query('DROP TABLE consent_version');
    await q.query('ALTER TABLE course DROP COLUMN check_in_schedule');
  }
}
