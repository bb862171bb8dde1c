import { isDomainError } from '@hearth/domain';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { queryRow, queryRows } from '../database/rows';
import {
  openRecord,
  sealRecord,
  sealedColumns,
  sealedTables,
  type SealedTable,
} from './clinical-sealing';
import type { NotesCipher } from './notes-cipher';

/** How far one table has come. */
export interface ResealProgress {
  readonly table: SealedTable;
  readonly done: number;
  readonly total: number;
}

/** A row that could not be opened, so it keeps its old key (never its content). */
export interface ResealFailure {
  readonly table: SealedTable;
  readonly id: string;
  readonly reason: string;
}

export interface ResealResult {
  readonly sealed: Record<SealedTable, number>;
  readonly failures: ResealFailure[];
}

const batchSize = 200;

/**
 * Seals every clinical record under the current key: rows still in plaintext (written before
 * their table was sealed) and, unless `plaintextOnly`, rows sealed with an older key. Each batch
 * commits on its own with its rows locked, so the work can be stopped and run again (a row done
 * is not touched again), and runs beside a live API. A row whose key is not configured or whose
 * ciphertext does not open is left as it is and reported.
 */
export async function resealClinicalRecords(
  db: DataSource,
  cipher: NotesCipher,
  options: { plaintextOnly?: boolean; onProgress?: (progress: ResealProgress) => void } = {},
): Promise<ResealResult> {
  const sealed = {} as Record<SealedTable, number>;
  const failures: ResealFailure[] = [];
  const current = cipher.currentKeyId;
  for (const table of Object.keys(sealedTables) as SealedTable[]) {
    const { scope, legacy } = sealedTables[table];
    const pending = options.plaintextOnly
      ? `ciphertext IS NULL`
      : `(ciphertext IS NULL OR key_id <> $1)`;
    const params = options.plaintextOnly ? [] : [current];
    const { count } = (await queryRow(
      db,
      'clinical records to seal',
      z.strictObject({ count: z.number().int() }),
      `SELECT count(*)::int AS count FROM ${table} WHERE ${pending}`,
      params,
    ))!;
    sealed[table] = 0;
    if (count === 0) continue;
    options.onProgress?.({ table, done: 0, total: count });
    let after = '00000000-0000-0000-0000-000000000000';
    let done = 0;
    for (;;) {
      const batch = await db.transaction(async (tx) => {
        const rows = await queryRows(
          tx,
          'clinical records to seal',
          // With the table's legacy plaintext columns, if any.
          z.looseObject({
            ...sealedColumns,
            id: z.guid(),
            practice_id: z.guid(),
            scope_id: z.guid(),
            person_id: z.guid(),
          }),
          `SELECT id, practice_id, ${scope} AS scope_id, person_id, key_id, nonce, ciphertext
                  ${legacy ? `, ${legacy.columns.join(', ')}` : ''}
             FROM ${table}
            WHERE id > $${params.length + 1} AND ${pending}
            ORDER BY id LIMIT ${batchSize} FOR UPDATE`,
          [...params, after],
        );
        for (const row of rows) {
          const owner = {
            practiceId: String(row['practice_id']),
            scopeId: String(row['scope_id']),
            personId: String(row['person_id']),
          };
          let plaintext: string;
          try {
            plaintext = row.ciphertext
              ? openRecord(cipher, table, owner, row)
              : legacy!.plaintext(row);
          } catch (error) {
            if (!isDomainError(error)) throw error;
            failures.push({ table, id: row.id, reason: error.message });
            continue;
          }
          const next = sealRecord(cipher, table, owner, plaintext);
          const clear = legacy ? legacy.columns.map((c) => `, ${c} = NULL`).join('') : '';
          await tx.query(
            `UPDATE ${table} SET key_id = $2, nonce = $3, ciphertext = $4 ${clear} WHERE id = $1`,
            [row.id, next.keyId, next.nonce, next.ciphertext],
          );
          sealed[table] += 1;
        }
        return rows;
      });
      if (batch.length === 0) break;
      after = batch[batch.length - 1]!.id;
      done += batch.length;
      options.onProgress?.({ table, done, total: count });
    }
  }
  return { sealed, failures };
}
