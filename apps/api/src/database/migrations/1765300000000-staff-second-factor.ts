import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Second factors for staff, and recent confirmations of sensitive acts.
 *
 * - `totp_factor`: one authenticator app per person; its secret sealed with the notes keys
 *   (AES-256-GCM, bound to the person), unusable until confirmed with a code; `last_step` keeps
 *   a code from being used twice.
 * - `recovery_code`: single-use codes, stored only as SHA-256 hashes (each holds 80 random bits).
 * - `passkey`: WebAuthn credentials (public keys) under names their owners chose.
 * - `second_factor_attempt`: short-lived, single-use state between two requests: a sign-in whose
 *   password was right and which waits for its second factor (its token kept as a hash), and the
 *   challenge of a WebAuthn ceremony.
 * - `sign_in_session.confirmed_at`: when this sign-in last proved it is its owner (signing in,
 *   or a step-up); sensitive acts need it recent.
 * - `practice.require_staff_second_factor`: staff without a factor must set one up at sign-in.
 * - Erasure (the person disabled) removes all of it.
 */
export class StaffSecondFactor1765300000000 implements MigrationInterface {
  name = 'StaffSecondFactor1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE practice ADD COLUMN require_staff_second_factor boolean NOT NULL DEFAULT false`,
    );
    await q.query(`ALTER TABLE sign_in_session ADD COLUMN confirmed_at timestamptz`);
    await q.query(`
      CREATE TABLE totp_factor (
        person_id uuid PRIMARY KEY REFERENCES person (id) ON DELETE CASCADE,
        key_id text NOT NULL,
        nonce bytea NOT NULL,
        ciphertext bytea NOT NULL,
        confirmed_at timestamptz,
        last_step bigint,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE recovery_code (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
        code_hash bytea NOT NULL UNIQUE,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX recovery_code_person_idx ON recovery_code (person_id)`);
    await q.query(`
      CREATE TABLE passkey (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        person_id uuid NOT NULL REFERENCES person (id) ON DELETE CASCADE,
        credential_id text NOT NULL UNIQUE,
        public_key bytea NOT NULL,
        counter bigint NOT NULL DEFAULT 0,
        transports text[] NOT NULL DEFAULT '{}',
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz
      )`);
    await q.query(`CREATE INDEX passkey_person_idx ON passkey (person_id)`);
    await q.query(`
      CREATE TABLE second_factor_attempt (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        purpose text NOT NULL
          CHECK (purpose IN ('sign_in', 'passkey_sign_in', 'passkey_registration', 'step_up')),
        person_id uuid REFERENCES person (id) ON DELETE CASCADE,
        token_hash bytea UNIQUE,
        webauthn_challenge text,
        device text,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX second_factor_attempt_expiry_idx ON second_factor_attempt (expires_at)`,
    );
    await q.query(`
      CREATE FUNCTION hearth_person_factors_erased() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM totp_factor WHERE person_id = NEW.id;
        DELETE FROM recovery_code WHERE person_id = NEW.id;
        DELETE FROM passkey WHERE person_id = NEW.id;
        DELETE FROM second_factor_attempt WHERE person_id = NEW.id;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER person_factors_erased AFTER UPDATE OF disabled_at ON person
        FOR EACH ROW WHEN (NEW.disabled_at IS NOT NULL AND OLD.disabled_at IS NULL)
        EXECUTE FUNCTION hearth_person_factors_erased()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER person_factors_erased ON person`);
    await q.query(`DROP FUNCTION hearth_person_factors_erased()`);
    await q.query(`DROP TABLE second_factor_attempt`);
    await q.query(`DROP TABLE passkey`);
    await q.query(`DROP TABLE recovery_code`);
    await q.query(`DROP TABLE totp_factor`);
    await q.query(`ALTER TABLE sign_in_session DROP COLUMN confirmed_at`);
    await q.query(`ALTER TABLE practice DROP COLUMN require_staff_second_factor`);
  }
}
