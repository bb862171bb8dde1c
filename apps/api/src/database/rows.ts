import { z } from 'zod';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * The one way the API reads rows of raw SQL: each query declares the shape of its rows once, as
 * a zod schema, and gets back rows of that type.
 *
 * Outside production (development, every integration and end-to-end test) each row is checked
 * against the schema, so the tests hold every declared shape against what PostgreSQL and the
 * embedded database really return. In production the rows are only typed, not checked: the
 * check then costs nothing on hot paths, and the shapes were proven by the tests.
 *
 * Because production does not parse, a row schema must only describe, never transform: no
 * `z.coerce`, `.transform`, `.default` or `.catch`. Where the two drivers return different
 * JavaScript types for one column (a bigint: a string from node-postgres, a number from the
 * embedded database) either cast it in the SQL (`count(*)::int`) or declare both (see
 * {@link pgBigint}).
 */
export type RowSchema = z.ZodType<Record<string, unknown>>;

/** Anything that runs SQL: the data source, or a transaction's manager. */
export type Queryable = Pick<DataSource | EntityManager, 'query'>;

/** A bigint column (int8, `count(*)`, `sum` of ints): node-postgres gives a string, PGlite a number. */
export const pgBigint = z.union([z.string().regex(/^-?\d+$/), z.number().int()]);

/** bytea: a Buffer from node-postgres, a Uint8Array from the embedded database. */
export const pgBytes = z.instanceof(Uint8Array);

/** A row of one generated id (`RETURNING id`). */
export const idRow = z.strictObject({ id: z.guid() });

/** A result whose rows are only counted (`RETURNING 1`, `SELECT 1 ... FOR UPDATE`). */
export const anyRow = z.object({}).loose();

export class RowShapeError extends Error {
  constructor(
    readonly purpose: string,
    readonly paths: readonly string[],
  ) {
    super(`Rows of "${purpose}" do not match their declared shape at ${paths.join(', ')}`);
    this.name = 'RowShapeError';
  }
}

/** Whether rows are parsed: everywhere but production, decided on each call. */
function checking(): boolean {
  return process.env['NODE_ENV'] !== 'production';
}

/**
 * Types, and outside production checks, rows already fetched. `purpose` names the query in the
 * error; it must never carry the query's parameters (they may hold personal data), and neither
 * does the error: it gives the issue paths (`[0].starts_at`), not the values.
 */
export function checkRows<S extends RowSchema>(
  purpose: string,
  schema: S,
  rows: unknown,
): z.output<S>[] {
  if (!Array.isArray(rows)) throw new RowShapeError(purpose, ['(not a list of rows)']);
  if (!checking()) return rows as z.output<S>[];
  const out: z.output<S>[] = [];
  const paths: string[] = [];
  rows.forEach((row: unknown, index) => {
    const result = schema.safeParse(row);
    if (result.success) out.push(result.data);
    else
      for (const issue of result.error.issues)
        paths.push(`[${index}]${issue.path.map((p) => `.${String(p)}`).join('')} (${issue.code})`);
  });
  if (paths.length > 0) throw new RowShapeError(purpose, paths.slice(0, 10));
  return out;
}

/**
 * The rows of TypeORM's raw answer: a list of rows, except for a bare UPDATE or DELETE, which it
 * answers with `[rows, affected count]` (rows are objects, so the two cannot be confused).
 */
export function rowsOf(raw: unknown): unknown {
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number')
    return raw[0];
  return raw;
}

/** Runs `sql` and returns its rows as `schema` declares them (checked outside production). */
export async function queryRows<S extends RowSchema>(
  db: Queryable,
  purpose: string,
  schema: S,
  sql: string,
  params: readonly unknown[] = [],
): Promise<z.output<S>[]> {
  return checkRows(purpose, schema, rowsOf(await db.query(sql, [...params])));
}

/** Like {@link queryRows}, for a statement expected to return at most one row. */
export async function queryRow<S extends RowSchema>(
  db: Queryable,
  purpose: string,
  schema: S,
  sql: string,
  params: readonly unknown[] = [],
): Promise<z.output<S> | undefined> {
  const [row] = await queryRows(db, purpose, schema, sql, params);
  return row;
}
