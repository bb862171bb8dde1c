import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './data-source';
import { isUniqueViolation, sqlStateOf } from './database-errors';

// Each test starts PGlite and runs every migration: ~25 s on a busy 2-core machine.
jest.setTimeout(120_000);

describe('embedded database', () => {
  it('keeps concurrent transactions apart: one rolling back never undoes the other', async () => {
    const db = await openDatabase({ kind: 'embedded', dataDir: 'memory://' });
    try {
      await db.query('CREATE TABLE note (id int PRIMARY KEY)');
      let releaseFirst!: () => void;
      const firstMayFinish = new Promise<void>((resolve) => (releaseFirst = resolve));
      const failing = db
        .transaction(async (tx) => {
          await tx.query('INSERT INTO note VALUES (1)');
          await firstMayFinish;
          throw new Error('rolled back on purpose');
        })
        .catch((e: Error) => e.message);
      const succeeding = db.transaction(async (tx) => {
        await tx.query('INSERT INTO note VALUES (2)');
      });
      releaseFirst();
      expect(await failing).toBe('rolled back on purpose');
      await succeeding;
      expect(await db.query('SELECT id FROM note ORDER BY id')).toEqual([{ id: 2 }]);
    } finally {
      await db.destroy();
    }
  });

  it('keeps its data in the data directory across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hearth-embedded-'));
    try {
      const first = await openDatabase({ kind: 'embedded', dataDir: join(dir, 'pglite') });
      await first.query('CREATE TABLE kept (value text)');
      await first.query(`INSERT INTO kept VALUES ('still here')`);
      await first.destroy();
      const second = await openDatabase({ kind: 'embedded', dataDir: join(dir, 'pglite') });
      try {
        expect(await second.query('SELECT value FROM kept')).toEqual([{ value: 'still here' }]);
        expect(await second.showMigrations()).toBe(false);
      } finally {
        await second.destroy();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports affected rows of updates and deletes like node-postgres', async () => {
    const db = await openDatabase({ kind: 'embedded', dataDir: 'memory://' });
    try {
      await db.query('CREATE TABLE n (v int)');
      await db.query('INSERT INTO n VALUES (1), (2), (3)');
      const result = await db
        .createQueryBuilder()
        .update('n')
        .set({ v: 0 })
        .where('v > :min', { min: 1 })
        .execute();
      expect(result.affected).toBe(2);
    } finally {
      await db.destroy();
    }
  });

  it('reports a refused row with its SQLSTATE and constraint, like node-postgres', async () => {
    const db = await openDatabase({ kind: 'embedded', dataDir: 'memory://' });
    try {
      await db.query(
        'CREATE TABLE address_book (email text CONSTRAINT address_book_email_key UNIQUE)',
      );
      await db.query('INSERT INTO address_book VALUES ($1)', ['ana@example.org']);
      const refused = await db
        .query('INSERT INTO address_book VALUES ($1)', ['ana@example.org'])
        .catch((e: unknown) => e);
      expect(isUniqueViolation(refused)).toBe(true);
      expect(sqlStateOf(refused)).toBe('23505');
      expect(refused).toMatchObject({ driverError: { constraint: 'address_book_email_key' } });
      // Dates and bytes come back as the same types.
      const [row] = (await db.query(
        `SELECT timestamptz '2026-01-02T03:04:05Z' AS at, '\\x0102'::bytea AS bytes`,
      )) as { at: unknown; bytes: unknown }[];
      expect(row?.at).toEqual(new Date('2026-01-02T03:04:05Z'));
      expect(row?.bytes).toEqual(new Uint8Array([1, 2]));
    } finally {
      await db.destroy();
    }
  });
});
