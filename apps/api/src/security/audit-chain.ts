import { createHash } from 'node:crypto';
import { z } from 'zod';
import { checkRows, pgBytes } from '../database/rows';

/** Runs one SQL statement: a DataSource's `query`, or a pg client's wrapped to return rows. */
export type Query = (sql: string, params?: unknown[]) => Promise<unknown[]>;

export interface ChainReport {
  /** Rows checked, in chain order. */
  readonly sealed: number;
  /** Rows not sealed yet (written in the last few seconds); not covered by the check. */
  readonly unsealed: number;
  /** The last hash, hex: record it elsewhere to make a rewrite of the whole chain evident too. */
  readonly head: string | null;
  /** The first row whose hash does not follow, or null when the chain holds. */
  readonly broken: { readonly seq: number; readonly id: string; readonly reason: string } | null;
}

const chainRow = z.strictObject({
  seq: z.string().regex(/^\d+$/),
  /** audit_event.id is a bigint, read as text. */
  id: z.string().regex(/^\d+$/),
  practice_id: z.guid(),
  actor_id: z.guid().nullable(),
  action: z.string(),
  entity: z.string(),
  entity_id: z.guid().nullable(),
  at: z.string(),
  hash: pgBytes,
});
type ChainRow = z.infer<typeof chainRow>;

const countRow = z.strictObject({ n: z.number().int() });

/** The text a row's hash covers, computed here rather than by the database's own function. */
export function canonicalText(row: Omit<ChainRow, 'hash'>): string {
  return [
    row.seq,
    row.id,
    row.practice_id,
    row.actor_id ?? '',
    row.action,
    row.entity,
    row.entity_id ?? '',
    row.at,
  ].join('|');
}

/** Seals what is waiting (at most `maxRows`); returns how many rows it sealed. */
export async function sealAuditChain(query: Query, maxRows = 5_000): Promise<number> {
  const [row] = checkRows(
    'seal the audit chain',
    countRow,
    await query('SELECT audit_seal($1) AS n', [maxRows]),
  );
  return row?.n ?? 0;
}

/**
 * Walks the whole chain in order, batch by batch, recomputing every hash. A row edited, deleted
 * or slipped in between breaks the chain at that row; `onProgress` is told how far it got.
 */
export async function verifyAuditChain(
  query: Query,
  onProgress: (checked: number) => void = () => undefined,
): Promise<ChainReport> {
  const batch = 5_000;
  let previous = Buffer.alloc(0);
  let expectedSeq = 1;
  let sealed = 0;
  for (;;) {
    const rows = checkRows(
      'audit chain',
      chainRow,
      await query(
        `SELECT chain_seq::text AS seq, id::text AS id, practice_id::text AS practice_id,
              actor_id::text AS actor_id, action, entity, entity_id::text AS entity_id,
              to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
              chain_hash AS hash
         FROM audit_event WHERE chain_seq >= $1 ORDER BY chain_seq LIMIT $2`,
        [expectedSeq, batch],
      ),
    );
    for (const row of rows) {
      if (Number(row.seq) !== expectedSeq) {
        return report(sealed, query, previous, {
          seq: expectedSeq,
          id: row.id,
          reason: `row ${expectedSeq} of the chain is missing`,
        });
      }
      const hash = createHash('sha256').update(previous).update(canonicalText(row)).digest();
      if (!hash.equals(Buffer.from(row.hash))) {
        return report(sealed, query, previous, {
          seq: expectedSeq,
          id: row.id,
          reason: 'its hash does not follow from the row and the one before it',
        });
      }
      previous = hash;
      expectedSeq += 1;
      sealed += 1;
    }
    onProgress(sealed);
    if (rows.length < batch) return report(sealed, query, previous, null);
  }
}

async function report(
  sealed: number,
  query: Query,
  head: Buffer,
  broken: ChainReport['broken'],
): Promise<ChainReport> {
  const [row] = checkRows(
    'unsealed audit rows',
    countRow,
    await query(`SELECT count(*)::int AS n FROM audit_event WHERE chain_seq IS NULL`),
  );
  return {
    sealed,
    unsealed: row?.n ?? 0,
    head: sealed > 0 ? head.toString('hex') : null,
    broken,
  };
}
