import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import { EmbeddedClient, EmbeddedPool } from './embedded-pool';
import { checkRows, rowsOf, type RowSchema } from './rows';

/**
 * A statement that PostgreSQL parses and plans once per connection and then only executes.
 *
 * Planning the scoped reads (joins, visibility sub-queries) takes PostgreSQL ~1.2 ms each time,
 * ten times what executing them does; an unnamed statement, which is what TypeORM sends, is
 * planned again on every call. A named one is planned on its first few uses per connection and
 * then runs from the connection's plan cache (re-planned by PostgreSQL itself if the schema
 * changes). The name must be unique per text in the whole application.
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

export function preparedStatement(name: string, text: string): PreparedStatement {
  return { name, text };
}

interface PgQueryable {
  query(config: { name: string; text: string; values: readonly unknown[] }): Promise<{
    rows: unknown[];
  }>;
}

/**
 * Runs a prepared statement and returns its rows as `schema` declares them (checked outside
 * production, see {@link checkRows}; the statement's name is the purpose an error names).
 */
export async function queryPrepared<S extends RowSchema>(
  db: DataSource | EntityManager,
  statement: PreparedStatement,
  schema: S,
  values: readonly unknown[],
): Promise<z.output<S>[]> {
  return checkRows(statement.name, schema, await runPrepared(db, statement, values));
}

/**
 * Runs a prepared statement and returns its raw rows, unchecked: on the transaction's own connection when
 * `db` is a transaction's manager, otherwise on any pooled connection. On the embedded database
 * (one session, no network round trip, no pool) it is an ordinary query.
 */
export async function runPrepared(
  db: DataSource | EntityManager,
  statement: PreparedStatement,
  values: readonly unknown[],
): Promise<unknown> {
  const manager = 'manager' in db ? db.manager : db;
  // A transaction's own runner, or one borrowed from the pool for this statement: the runner's
  // connect() is TypeORM's public way to reach the driver's connection.
  const own = manager.queryRunner;
  const runner = own ?? manager.connection.createQueryRunner();
  try {
    const connection: unknown = await runner.connect();
    if (!connection || isEmbedded(connection)) {
      return rowsOf(await runner.query(statement.text, [...values]));
    }
    const result = await (connection as PgQueryable).query({
      name: statement.name,
      text: statement.text,
      values,
    });
    return result.rows;
  } finally {
    if (!own) await runner.release();
  }
}

function isEmbedded(connection: unknown): boolean {
  return connection instanceof EmbeddedPool || connection instanceof EmbeddedClient;
}
