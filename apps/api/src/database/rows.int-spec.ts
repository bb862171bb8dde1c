import { DataSource } from 'typeorm';
import { z } from 'zod';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import { dataSourceOptions } from './data-source';
import { preparedStatement, queryPrepared } from './prepared';
import { pgBigint, pgBytes, queryRow, queryRows, RowShapeError } from './rows';

// Row schemas against what each driver really returns: node-postgres on PostgreSQL and the
// embedded PGlite. No migrations are needed, so both open bare.
jest.setTimeout(120_000);

const typed = z.object({
  id: z.guid(),
  n: pgBigint,
  small: z.number().int(),
  price: z.string(),
  at: z.date(),
  day: z.date(),
  doc: z.object({ a: z.array(z.number()) }),
  tags: z.array(z.string()),
  bytes: pgBytes,
  missing: z.string().nullable(),
});

const typedSql = `SELECT gen_random_uuid() AS id, count(*) AS n, 7::int AS small, 1.50::numeric AS price,
  now() AS at, '2026-03-01'::date AS day, '{"a":[1,2]}'::jsonb AS doc, ARRAY['x','y'] AS tags,
  '\\x0102'::bytea AS bytes, NULL::text AS missing FROM generate_series(1, $1::int)`;

function withEnv(value: string | undefined, run: () => Promise<void>): Promise<void> {
  const before = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = value;
  return run().finally(() => {
    process.env['NODE_ENV'] = before;
  });
}

describe.each([
  ['PostgreSQL', 'postgres'],
  ['the embedded database', 'embedded'],
] as const)('rows read from %s', (_name, kind) => {
  let database: TestDatabase | undefined;
  let db: DataSource;

  beforeAll(async () => {
    if (kind === 'postgres') {
      database = await createTestDatabase();
      db = new DataSource({
        ...dataSourceOptions({ kind, url: database.url, poolSize: 2 }),
        migrations: [],
      });
    } else {
      db = new DataSource({
        ...dataSourceOptions({ kind, dataDir: 'memory://' }),
        migrations: [],
      });
    }
    await db.initialize();
    await db.query('CREATE TABLE thing (id int PRIMARY KEY, name text NOT NULL, note text)');
    await db.query(`INSERT INTO thing VALUES (1, 'one', NULL), (2, 'two', 'kept')`);
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('returns rows of the declared column types', async () => {
    const [row] = await queryRows(db, 'typed columns', typed, typedSql, [1]);
    expect(row).toMatchObject({ small: 7, price: '1.50', tags: ['x', 'y'], missing: null });
    expect(Number(row?.n)).toBe(1);
    expect([...(row?.bytes ?? [])]).toEqual([1, 2]);
  });

  it('names the purpose and the paths of a row that does not match, never the values', async () => {
    const wrong = z.object({ id: z.string(), name: z.string(), note: z.string() });
    const error: unknown = await queryRows(
      db,
      'things by id',
      wrong,
      'SELECT * FROM thing ORDER BY id',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RowShapeError);
    const message = (error as Error).message;
    expect(message).toContain('"things by id"');
    expect(message).toContain('[0].id (invalid_type)');
    expect(message).toContain('[0].note (invalid_type)');
    expect(message).not.toContain('[1].note');
    expect(message).not.toContain('one');
  });

  it('only types the rows in production, without checking them', async () => {
    const wrong = z.object({ id: z.string() });
    await withEnv('production', async () => {
      const rows = await queryRows(db, 'things', wrong, 'SELECT id FROM thing ORDER BY id');
      expect(rows).toEqual([{ id: 1 }, { id: 2 }]);
    });
    await withEnv('development', async () => {
      await expect(queryRows(db, 'things', wrong, 'SELECT id FROM thing')).rejects.toThrow(
        RowShapeError,
      );
    });
  });

  it('reads the returned rows of a bare UPDATE, not TypeORM`s [rows, count]', async () => {
    const row = await queryRow(
      db,
      'rename thing',
      z.object({ id: z.number(), name: z.string() }),
      `UPDATE thing SET name = $2 WHERE id = $1 RETURNING id, name`,
      [2, 'deux'],
    );
    expect(row).toEqual({ id: 2, name: 'deux' });
    const none = await queryRows(
      db,
      'delete nothing',
      z.object({}),
      'DELETE FROM thing WHERE id = 9',
    );
    expect(none).toEqual([]);
  });

  it('checks the rows of prepared statements, named by the statement', async () => {
    const statement = preparedStatement(
      `rows_spec_${kind}`,
      'SELECT id, note FROM thing WHERE id = $1',
    );
    const rows = await queryPrepared(
      db,
      statement,
      z.object({ id: z.number(), note: z.null() }),
      [1],
    );
    expect(rows).toEqual([{ id: 1, note: null }]);
    await expect(
      queryPrepared(db, statement, z.object({ id: z.number(), note: z.string() }), [1]),
    ).rejects.toThrow(`"rows_spec_${kind}" do not match their declared shape at [0].note`);
  });
});
