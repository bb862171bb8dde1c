import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts people expect, and sign-ins that end when they should.
 *
 * - `sign_in_session`: one row per signed-in device (a refresh-token family shares its id).
 *   Access tokens name it, and every request checks it is still live, so signing out, a password
 *   change or a reset ends that device's access at once rather than when its token expires.
 * - `person.token_version`: raised whenever a person's roles change (a trigger, whoever writes);
 *   access tokens carry it, so one minted before the change is refused and the browser fetches
 *   a new one with the new roles.
 * - `practice.session_max_hours` / `session_idle_minutes`: how long a sign-in may last at most,
 *   and how long it survives unused.
 * - `account_token`: single-use links for password resets and email confirmation, stored as
 *   SHA-256 hashes.
 * - `pg_notify('hearth_access', …)` from triggers on every change that must end access or
 *   close a live call: a sign-in ended, roles changed, the person disabled or erased, a roster
 *   place changed. Every node listens, whichever module (or node) made the change.
 * - Erasure (the person disabled and their email replaced) removes the person's sign-ins,
 *   pending links and queued mail in the same transaction.
 */
export class Accounts1765110000000 implements MigrationInterface {
  name = 'Accounts1765110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE person ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE person ADD COLUMN email_verified_at timestamptz`);
    // People who accepted an invitation proved their address by opening its link; earlier
    // coordinators are trusted as they were.
    await q.query(
      `UPDATE person SET email_verified_at = created_at WHERE password_hash IS NOT NULL`,
    );
    await q.query(`
      ALTER TABLE practice
        ADD COLUMN session_max_hours integer NOT NULL DEFAULT 720
          CHECK (session_max_hours BETWEEN 1 AND 2160),
        ADD COLUMN session_idle_minutes integer NOT NULL DEFAULT 10080
          CHECK (session_idle_minutes BETWEEN 15 AND 129600)`);
    await q.query(`
      CREATE TABLE sign_in_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
        device text NOT NULL DEFAULT 'Unknown device',
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX sign_in_session_person_idx ON sign_in_session (person_id)`);
    // Sign-ins made before this migration become sessions of their own.
    await q.query(`
      INSERT INTO sign_in_session (id, person_id, created_at, last_used_at, expires_at, revoked_at)
      SELECT family_id, min(person_id::text)::uuid, min(created_at), max(created_at), max(expires_at),
             CASE WHEN bool_and(revoked_at IS NOT NULL) THEN max(revoked_at) END
        FROM refresh_token GROUP BY family_id`);
    await q.query(`
      CREATE TABLE account_token (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('password_reset', 'email_verification')),
        token_hash bytea NOT NULL UNIQUE,
        email text NOT NULL CHECK (email = lower(email)),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX account_token_person_idx ON account_token (person_id, purpose)`);

    await q.query(`
      CREATE FUNCTION hearth_person_access() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.roles IS DISTINCT FROM OLD.roles THEN
          NEW.token_version := OLD.token_version + 1;
        END IF;
        IF NEW.disabled_at IS NOT NULL AND OLD.disabled_at IS NULL THEN
          DELETE FROM sign_in_session WHERE person_id = NEW.id;
          DELETE FROM account_token WHERE person_id = NEW.id;
          DELETE FROM mail_outbox WHERE person_id = NEW.id OR to_address = OLD.email;
        END IF;
        IF NEW.token_version IS DISTINCT FROM OLD.token_version
           OR NEW.disabled_at IS DISTINCT FROM OLD.disabled_at THEN
          PERFORM pg_notify('hearth_access', json_build_object('person', NEW.id)::text);
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER person_access BEFORE UPDATE ON person
        FOR EACH ROW EXECUTE FUNCTION hearth_person_access()`);
    await q.query(`
      CREATE FUNCTION hearth_session_access() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          PERFORM pg_notify('hearth_access',
            json_build_object('person', OLD.person_id, 'session', OLD.id)::text);
          RETURN OLD;
        END IF;
        -- Ended, or cut short (the practice's limits tightened).
        IF (NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL)
           OR NEW.expires_at < OLD.expires_at THEN
          PERFORM pg_notify('hearth_access',
            json_build_object('person', NEW.person_id, 'session', NEW.id)::text);
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER sign_in_session_access AFTER UPDATE OR DELETE ON sign_in_session
        FOR EACH ROW EXECUTE FUNCTION hearth_session_access()`);
    await q.query(`
      CREATE FUNCTION hearth_roster_access() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Only a place lost (withdrawn, back to invited or waitlisted, removed) ends access.
        IF TG_OP = 'DELETE' OR (NEW.status IS DISTINCT FROM OLD.status AND NEW.status <> 'active') THEN
          PERFORM pg_notify('hearth_access',
            json_build_object('person', OLD.person_id, 'course', OLD.course_id)::text);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER roster_member_access AFTER UPDATE OR DELETE ON roster_member
        FOR EACH ROW EXECUTE FUNCTION hearth_roster_access()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER roster_member_access ON roster_member');
    await q.query('DROP FUNCTION hearth_roster_access()');
    await q.query('DROP TRIGGER sign_in_session_access ON sign_in_session');
    await q.query('DROP FUNCTION hearth_session_access()');
    await q.query('DROP TRIGGER person_access ON person');
    await q.query('DROP FUNCTION hearth_person_access()');
    await q.query('DROP TABLE account_token');
    await q.query('DROP TABLE sign_in_session');
    await q.query(
      'ALTER TABLE practice DROP COLUMN session_idle_minutes, DROP COLUMN session_max_hours',
    );
    await q.query('ALTER TABLE person DROP COLUMN email_verified_at, DROP COLUMN token_version');
  }
}
