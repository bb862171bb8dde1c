import { DomainError } from '@hearth/domain';
import { z } from 'zod';
import { pgBytes } from '../database/rows';
import type { NotesCipher, SealedNote } from './notes-cipher';

// Every clinical record a client or therapist writes is sealed the way therapists' notes are:
// AES-256-GCM under the current NOTES_KEYS key, stored as key_id + nonce + ciphertext, and bound
// to its table, practice, session or course, and client (a ciphertext moved to another row no
// longer opens). The database never holds the plaintext, so nothing clinical can be filtered or
// aggregated in SQL: services read the sealed columns and open them.

/** The sealed clinical tables, what each row is bound to, and the plaintext of older rows. */
export const sealedTables = {
  therapist_note: { scope: 'session_id', purpose: 'therapist-note', legacy: null },
  check_in: {
    scope: 'session_id',
    purpose: 'check-in',
    legacy: {
      columns: ['phq9', 'gad7', 'mood', 'phq9_total', 'gad7_total'],
      plaintext: (row: Record<string, unknown>) =>
        checkInPlaintext({
          phq9: (row['phq9'] as unknown[]).map(Number),
          gad7: (row['gad7'] as unknown[]).map(Number),
          mood: Number(row['mood']),
        }),
    },
  },
  progress_note: {
    scope: 'session_id',
    purpose: 'progress-note',
    legacy: { columns: ['text'], plaintext: (row: Record<string, unknown>) => String(row['text']) },
  },
  interpersonal_inventory: {
    scope: 'course_id',
    purpose: 'inventory',
    legacy: {
      columns: ['people'],
      plaintext: (row: Record<string, unknown>) => JSON.stringify(row['people']),
    },
  },
  client_focus: {
    scope: 'course_id',
    purpose: 'focus',
    legacy: {
      columns: ['areas'],
      plaintext: (row: Record<string, unknown>) => JSON.stringify(row['areas']),
    },
  },
} as const;

export type SealedTable = keyof typeof sealedTables;

/** The row a sealed record belongs to: its practice, session or course, and client. */
export interface RecordOwner {
  readonly practiceId: string;
  /** The session (notes, check-ins, progress) or course (inventory, focus) of the record. */
  readonly scopeId: string;
  readonly personId: string;
}

/** The sealed columns as a query returns them (null until a row is sealed). */
export const sealedColumns = {
  key_id: z.string().nullable(),
  nonce: pgBytes.nullable(),
  ciphertext: pgBytes.nullable(),
};
export type SealedColumns = Readonly<z.infer<z.ZodObject<typeof sealedColumns>>>;

/** What a record's ciphertext is bound to (the additional authenticated data). */
export function recordContext(table: SealedTable, owner: RecordOwner): string {
  const { purpose } = sealedTables[table];
  return `hearth/${purpose}/v1/${owner.practiceId}/${owner.scopeId}/${owner.personId}`;
}

/** Seals a record's plaintext with the current key, for its own row only. */
export function sealRecord(
  cipher: NotesCipher,
  table: SealedTable,
  owner: RecordOwner,
  plaintext: string,
): SealedNote {
  return cipher.seal(plaintext, recordContext(table, owner));
}

/**
 * Opens a record read from its row.
 * @throws DomainError `unavailable` when the row is not sealed yet (run `npm run
 * clinical:reencrypt`), its key is not configured, or its ciphertext does not open.
 */
export function openRecord(
  cipher: NotesCipher,
  table: SealedTable,
  owner: RecordOwner,
  row: SealedColumns,
): string {
  if (!row.key_id || !row.nonce || !row.ciphertext) {
    throw new DomainError(
      'unavailable',
      'A clinical record is not sealed yet; run npm run clinical:reencrypt',
    );
  }
  return cipher.open(
    { keyId: row.key_id, nonce: Buffer.from(row.nonce), ciphertext: Buffer.from(row.ciphertext) },
    recordContext(table, owner),
  );
}

/** The answers of a check-in as sealed: nothing else, the scores are worked out when read. */
export interface CheckInAnswers {
  readonly phq9: number[];
  readonly gad7: number[];
  readonly mood: number;
}

export function checkInPlaintext(answers: CheckInAnswers): string {
  return JSON.stringify({ phq9: answers.phq9, gad7: answers.gad7, mood: answers.mood });
}

export function parseCheckIn(plaintext: string): CheckInAnswers {
  const parsed = JSON.parse(plaintext) as CheckInAnswers;
  return {
    phq9: parsed.phq9.map(Number),
    gad7: parsed.gad7.map(Number),
    mood: Number(parsed.mood),
  };
}
