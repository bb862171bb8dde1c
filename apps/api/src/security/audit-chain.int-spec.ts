import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../database/data-source';
import { sealAuditChain, verifyAuditChain } from './audit-chain';

// The audit log is a hash chain: rows are sealed in order, each hash over the one before, and a
// verifier that recomputes the hashes itself finds any row edited, removed or slipped in.

async function seed(db: DataSource, rows: number): Promise<void> {
  const [practice] = await db.query(
    `INSERT INTO practice (name) VALUES ('Chain IPT') RETURNING id`,
  );
  const [person] = await db.query(
    `INSERT INTO person (practice_id, email, display_name, roles, time_zone)
     VALUES ($1, $2, 'Casey', ARRAY['coordinator'], 'Europe/London') RETURNING id`,
    [practice.id, `casey-${randomBytes(4).toString('hex')}@example.org`],
  );
  await Promise.all(
    Array.from({ length: rows }, (_, i) =>
      db.query(
        `INSERT INTO audit_event (practice_id, actor_id, action, entity, entity_id)
         VALUES ($1, $2, $3, 'person', $2)`,
        [practice.id, person.id, i % 2 ? 'person.listed' : 'person.exported'],
      ),
    ),
  );
}

const queryOf = (db: DataSource) => (sql: string, params?: unknown[]) => db.query(sql, params);

/** A change made by the tables' owner with the append-only trigger switched off, as an attacker with that power would. */
async function tamper(db: DataSource, sql: string): Promise<void> {
  await db.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
  try {
    await db.query(sql);
  } finally {
    await db.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
  }
}

describe('the audit hash chain', () => {
  let database: TestDatabase;
  let db: DataSource;

  beforeEach(async () => {
    database = await createTestDatabase();
    db = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 4 });
  });

  afterEach(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('seals rows written concurrently, with sealers racing, into one chain that verifies', async () => {
    await seed(db, 60);
    const rounds = await Promise.all([1, 2, 3].map(() => sealAuditChain(queryOf(db), 25)));
    // One sealer at a time: the others skip the round rather than fork the chain.
    expect(rounds.filter((n) => n > 0).length).toBeGreaterThanOrEqual(1);
    while ((await sealAuditChain(queryOf(db))) > 0);
    const report = await verifyAuditChain(queryOf(db));
    expect(report).toMatchObject({ sealed: 60, unsealed: 0, broken: null });
    expect(report.head).toMatch(/^[0-9a-f]{64}$/);
  });

  it('still refuses every change but sealing, sealed rows included', async () => {
    await seed(db, 3);
    await sealAuditChain(queryOf(db));
    for (const change of [
      `UPDATE audit_event SET action = 'person.forgotten'`,
      `UPDATE audit_event SET chain_hash = '\\x00'`,
      `UPDATE audit_event SET chain_seq = NULL, chain_hash = NULL`,
      `DELETE FROM audit_event`,
      `TRUNCATE audit_event`,
    ]) {
      await expect(db.query(change)).rejects.toThrow(/append-only/);
    }
  });

  it.each([
    [
      'an edited action',
      `UPDATE audit_event SET action = 'person.forgotten' WHERE chain_seq = 4`,
      4,
    ],
    ['a deleted row', `DELETE FROM audit_event WHERE chain_seq = 5`, 5],
    ['an edited time', `UPDATE audit_event SET at = at - interval '1 day' WHERE chain_seq = 7`, 7],
    [
      'a forged row with a copied hash',
      `UPDATE audit_event SET actor_id = NULL WHERE chain_seq = 2`,
      2,
    ],
  ])('finds %s at that row', async (_, sql, seq) => {
    await seed(db, 10);
    await sealAuditChain(queryOf(db));
    expect((await verifyAuditChain(queryOf(db))).broken).toBeNull();
    await tamper(db, sql);
    const report = await verifyAuditChain(queryOf(db));
    expect(report.broken?.seq).toBe(seq);
    expect(report.sealed).toBe(seq - 1);
  });

  it('works the same on the embedded database', async () => {
    const embedded = await openDatabase({ kind: 'embedded', dataDir: 'memory://' });
    try {
      await seed(embedded, 8);
      expect(await sealAuditChain(queryOf(embedded))).toBe(8);
      expect(await verifyAuditChain(queryOf(embedded))).toMatchObject({ sealed: 8, broken: null });
      await tamper(embedded, `UPDATE audit_event SET entity = 'invitation' WHERE chain_seq = 3`);
      expect((await verifyAuditChain(queryOf(embedded))).broken?.seq).toBe(3);
    } finally {
      await embedded.destroy();
    }
    // The embedded database runs every migration in WebAssembly: slow on a loaded machine.
  }, 180_000);
});
