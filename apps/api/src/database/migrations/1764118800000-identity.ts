import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Practices own everything; people sign in with an email unique across the install (so a login
 * never has to ask "which practice?"); refresh tokens and invitation tokens are stored only as
 * SHA-256 hashes. The audit log is append-only.
 */
export class Identity1764118800000 implements MigrationInterface {
  name = 'Identity1764118800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE practice (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 2 AND 120),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE person (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        practice_id uuid NOT NULL REFERENCES practice (id),
        email text NOT NULL CHECK (email = lower(email)),
        display_name text NOT NULL,
        roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['coordinator', 'therapist', 'client']),
        time_zone text NOT NULL,
        password_hash text,
        created_at timestamptz NOT NULL DEFAULT now(),
        disabled_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX person_email_key ON person (email)`);
    await q.query(`CREATE INDEX person_practice_idx ON person (practice_id)`);
    await q.query(`
      CREATE TABLE refresh_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash bytea NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        rotated_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX refresh_token_family_idx ON refresh_token (family_id)`);
    await q.query(`
      CREATE TABLE invitation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        practice_id uuid NOT NULL REFERENCES practice (id),
        email text NOT NULL CHECK (email = lower(email)),
        display_name text NOT NULL,
        roles text[] NOT NULL CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['coordinator', 'therapist', 'client']),
        token_hash bytea NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        revoked_at timestamptz,
        created_by uuid NOT NULL REFERENCES person (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX invitation_practice_idx ON invitation (practice_id)`);
    await q.query(`
      CREATE TABLE audit_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        practice_id uuid NOT NULL REFERENCES practice (id),
        actor_id uuid REFERENCES person (id),
        action text NOT NULL,
        entity text NOT NULL,
        entity_id uuid,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_event_practice_at_idx ON audit_event (practice_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit_event');
    await q.query('DROP TABLE invitation');
    await q.query('DROP TABLE refresh_token');
    await q.query('DROP TABLE person');
    await q.query('DROP TABLE practice');
  }
}
