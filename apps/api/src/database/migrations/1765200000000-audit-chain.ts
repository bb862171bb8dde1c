import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log becomes tamper-evident as well as append-only: every row is sealed into one hash
 * chain, `chain_hash = sha256(previous chain_hash || the row's canonical text)`, in `chain_seq`
 * order. Rows are inserted unsealed (so no request waits on a lock for the chain head) and
 * `audit_seal()` seals them in id order, one sealer at a time under an advisory lock; several API
 * nodes may call it at once. It runs as the tables' owner (SECURITY DEFINER), so an application
 * role granted only INSERT and SELECT on the log (README) can seal without being able to update
 * anything itself. Sealing is the only change the append-only trigger allows: setting
 * the chain columns of a row that has none yet. Editing, deleting or inserting a sealed row
 * anywhere breaks every later hash, which `npm run audit:verify` reports.
 *
 * The canonical text is `audit_row_text()`; tools/scripts/audit-verify.mjs recomputes it
 * independently, so a verifier does not trust a function the database could have had replaced.
 */
export class AuditChain1765200000000 implements MigrationInterface {
  name = 'AuditChain1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_event ADD COLUMN chain_seq bigint UNIQUE`);
    await q.query(`ALTER TABLE audit_event ADD COLUMN chain_hash bytea`);
    await q.query(
      `ALTER TABLE audit_event ADD CONSTRAINT audit_event_sealed_whole
         CHECK ((chain_seq IS NULL) = (chain_hash IS NULL))`,
    );
    await q.query(
      `CREATE INDEX audit_event_unsealed_idx ON audit_event (id) WHERE chain_seq IS NULL`,
    );
    await q.query(`
      CREATE FUNCTION audit_row_text(e audit_event, seq bigint) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT concat_ws('|', seq::text, e.id::text, e.practice_id::text,
                         coalesce(e.actor_id::text, ''), e.action, e.entity,
                         coalesce(e.entity_id::text, ''),
                         to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
      $$`);
    await q.query(`
      CREATE FUNCTION audit_seal(max_rows integer) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        previous bytea;
        seq bigint;
        ev audit_event;
        sealed integer := 0;
      BEGIN
        IF NOT pg_try_advisory_xact_lock(hashtext('audit_event_chain')) THEN
          RETURN 0;
        END IF;
        SELECT chain_seq, chain_hash INTO seq, previous
          FROM audit_event WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
        seq := coalesce(seq, 0);
        previous := coalesce(previous, '\\x'::bytea);
        FOR ev IN
          SELECT * FROM audit_event WHERE chain_seq IS NULL ORDER BY id LIMIT max_rows
        LOOP
          seq := seq + 1;
          previous := sha256(previous || convert_to(audit_row_text(ev, seq), 'UTF8'));
          UPDATE audit_event SET chain_seq = seq, chain_hash = previous WHERE id = ev.id;
          sealed := sealed + 1;
        END LOOP;
        RETURN sealed;
      END
      $$`);
    await q.query(`
      CREATE FUNCTION refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL
           AND (OLD.id, OLD.practice_id, OLD.actor_id, OLD.action, OLD.entity, OLD.entity_id, OLD.at)
               IS NOT DISTINCT FROM
               (NEW.id, NEW.practice_id, NEW.actor_id, NEW.action, NEW.entity, NEW.entity_id, NEW.at)
        THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await q.query(`DROP TRIGGER audit_event_append_only ON audit_event`);
    await q.query(`
      CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION refuse_audit_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_event_append_only ON audit_event`);
    await q.query(`
      CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()`);
    await q.query(`DROP FUNCTION refuse_audit_change()`);
    await q.query(`DROP FUNCTION audit_seal(integer)`);
    await q.query(`DROP FUNCTION audit_row_text(audit_event, bigint)`);
    await q.query(`DROP INDEX audit_event_unsealed_idx`);
    await q.query(`ALTER TABLE audit_event DROP CONSTRAINT audit_event_sealed_whole`);
    await q.query(`ALTER TABLE audit_event DROP COLUMN chain_hash`);
    await q.query(`ALTER TABLE audit_event DROP COLUMN chain_seq`);
  }
}
