import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import { openDatabase } from './data-source';
import { migrations } from './migrations';

// What the migrations built, in a form that compares across PostgreSQL and the embedded build.
async function schemaOf(dataSource: DataSource) {
  const columns = await dataSource.query(
    `SELECT table_name, column_name, data_type, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = 'public'
      ORDER BY table_name, column_name`,
  );
  const constraints = await dataSource.query(
    `SELECT conrelid::regclass::text AS table_name, conname, contype, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint
      -- PostgreSQL 18 (the embedded build) also lists NOT NULL as constraints; the columns'
      -- is_nullable already compares those.
      WHERE connamespace = 'public'::regnamespace AND contype <> 'n' ORDER BY 1, 2`,
  );
  const indexes = await dataSource.query(
    `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`,
  );
  const extensions = await dataSource.query(`SELECT extname FROM pg_extension ORDER BY 1`);
  const applied = await dataSource.query(`SELECT name FROM migrations ORDER BY id`);
  return { columns, constraints, indexes, extensions, applied };
}

// An exclusion constraint over an id and a time range is the shape the scheduling rules rely on.
async function expectExclusionWorks(dataSource: DataSource) {
  await dataSource.transaction(async (tx) => {
    await tx.query(
      `CREATE TEMP TABLE booking (who uuid NOT NULL, during tstzrange NOT NULL,
         EXCLUDE USING gist (who WITH =, during WITH &&)) ON COMMIT DROP`,
    );
    const who = '5f1e9a52-0d7c-4c59-9d0e-6c1f3e2a4b10';
    await tx.query(
      `INSERT INTO booking VALUES ($1, tstzrange('2026-03-01 10:00Z', '2026-03-01 11:00Z'))`,
      [who],
    );
    await tx.query(
      `INSERT INTO booking VALUES ($1, tstzrange('2026-03-01 11:00Z', '2026-03-01 12:00Z'))`,
      [who],
    );
    await tx.query('SAVEPOINT clash');
    await expect(
      tx.query(
        `INSERT INTO booking VALUES ($1, tstzrange('2026-03-01 10:30Z', '2026-03-01 10:45Z'))`,
        [who],
      ),
    ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23P01' }) });
    await tx.query('ROLLBACK TO SAVEPOINT clash');
  });
}

describe('migrations', () => {
  let database: TestDatabase;
  let postgres: DataSource;
  let embedded: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    postgres = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 });
    embedded = await openDatabase({ kind: 'embedded', dataDir: 'memory://' });
    // Starting PGlite and running every migration takes ~25 s on a busy 2-core machine.
  }, 120_000);

  afterAll(async () => {
    await postgres?.destroy();
    await embedded?.destroy();
    await database?.drop();
  });

  it('apply every migration on the real PostgreSQL server', async () => {
    const schema = await schemaOf(postgres);
    expect(schema.applied.map((m: { name: string }) => m.name)).toEqual(
      migrations.map((m) => m.name),
    );
    expect(schema.extensions.map((e: { extname: string }) => e.extname)).toContain('btree_gist');
  });

  it('build the same schema on the embedded database', async () => {
    expect(await schemaOf(embedded)).toEqual(await schemaOf(postgres));
  });

  it('enable exclusion constraints over ids and time ranges on both', async () => {
    await expectExclusionWorks(postgres);
    await expectExclusionWorks(embedded);
  });

  it('are idempotent: opening an up-to-date database applies nothing', async () => {
    const again = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 1 });
    try {
      expect(await again.showMigrations()).toBe(false);
      expect((await schemaOf(again)).applied).toHaveLength(migrations.length);
    } finally {
      await again.destroy();
    }
  });

  it('revert cleanly, newest first', async () => {
    for (let i = 0; i < migrations.length; i += 1)
      await postgres.undoLastMigration({ transaction: 'each' });
    const schema = await schemaOf(postgres);
    expect(schema.applied).toEqual([]);
    expect(schema.extensions.map((e: { extname: string }) => e.extname)).not.toContain(
      'btree_gist',
    );
    await postgres.runMigrations({ transaction: 'each' });
    expect((await schemaOf(postgres)).applied).toHaveLength(migrations.length);
  });
});
