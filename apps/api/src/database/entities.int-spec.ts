import type { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import { openDatabase } from './data-source';
import { entities } from './entities';

// Migrations own the schema; entities describe the columns of the tables code reads and writes
// through TypeORM. After every migration has run, TypeORM's own schema generator, asked what it
// would change to fit the entities, must find no column to add, drop, retype or make (not)
// nullable. A migration that adds or changes a column of an entity's table without the entity
// following (or an entity that invents one) fails here. Constraints, indexes and foreign keys
// are left to the migrations on purpose: entities do not declare them.

// TypeORM writes `ADD "column"` and `DROP COLUMN "column"`; constraints are `ADD CONSTRAINT`.
const columnChange =
  /^(CREATE TABLE|ALTER TABLE "[^"]+" (ADD|DROP) (COLUMN )?"|ALTER TABLE "[^"]+" ALTER COLUMN "[^"]+" (TYPE|SET NOT NULL|DROP NOT NULL))/;

describe('TypeORM entities and the migrations', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openDatabase({ kind: 'postgres', url: database.url, poolSize: 2 });
  }, 120_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('describe tables the migrations create', async () => {
    const tables: { name: string }[] = await dataSource.query(
      `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`,
    );
    const names = new Set(tables.map((t) => t.name));
    const described = dataSource.entityMetadatas.map((m) => m.tableName);
    expect(described.filter((name) => !names.has(name))).toEqual([]);
    expect(described.length).toBe(entities.length);
  });

  it('match their columns exactly: generating a migration from them changes no column', async () => {
    const { upQueries } = await dataSource.driver.createSchemaBuilder().log();
    const changes = upQueries.map((q) => q.query.trim()).filter((sql) => columnChange.test(sql));
    expect(changes).toEqual([]);
  });
});
