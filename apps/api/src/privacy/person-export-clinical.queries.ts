import { scoreCheckIn } from '@hearth/domain';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  openRecord,
  parseCheckIn,
  sealedColumns,
  type SealedTable,
} from '../clinical/clinical-sealing';
import type { NotesCipher } from '../clinical/notes-cipher';
import { queryRows, type RowSchema } from '../database/rows';
import { inTurn, iso, isoOrNull } from './person-export.rows';
import type { Subject } from './person-export.queries';

/** What the person can already see of their own clinical records in Hearth. */
export async function clinicalContent(db: EntityManager, subject: Subject, cipher: NotesCipher) {
  const p = [subject.id, subject.practiceId];
  const q =
    <S extends RowSchema>(purpose: string, schema: S, sql: string) =>
    () =>
      queryRows(db, purpose, schema, sql, p);
  const sealed = { ...sealedColumns, practice_id: z.guid(), person_id: z.guid() };
  const [consent, checkIns, inventories, focus, progress] = await inTurn([
    q(
      'export: consent',
      z.strictObject({ version: z.number().int(), accepted_at: z.date() }),
      `SELECT v.version, a.accepted_at FROM consent_acceptance a
         JOIN consent_version v ON v.id = a.consent_version_id
        WHERE a.person_id = $1 AND v.practice_id = $2 ORDER BY a.accepted_at, a.id`,
    ),
    q(
      'export: check-ins',
      z.strictObject({
        ...sealed,
        session_id: z.guid(),
        course_id: z.guid(),
        submitted_at: z.date(),
      }),
      `SELECT practice_id, session_id, course_id, person_id, key_id, nonce, ciphertext, submitted_at
         FROM check_in WHERE person_id = $1 AND practice_id = $2 ORDER BY submitted_at, id`,
    ),
    q(
      'export: inventories',
      z.strictObject({
        ...sealed,
        course_id: z.guid(),
        submitted_at: z.date(),
        reviewed_at: z.date().nullable(),
      }),
      `SELECT practice_id, course_id, person_id, key_id, nonce, ciphertext, submitted_at,
              reviewed_at FROM interpersonal_inventory
        WHERE person_id = $1 AND practice_id = $2 ORDER BY submitted_at, id`,
    ),
    q(
      'export: focus',
      z.strictObject({ ...sealed, course_id: z.guid(), updated_at: z.date() }),
      `SELECT practice_id, course_id, person_id, key_id, nonce, ciphertext, updated_at
         FROM client_focus
        WHERE person_id = $1 AND practice_id = $2 ORDER BY updated_at, id`,
    ),
    q(
      'export: progress notes',
      z.strictObject({
        ...sealed,
        course_id: z.guid(),
        session_id: z.guid(),
        updated_at: z.date(),
      }),
      `SELECT practice_id, course_id, session_id, person_id, key_id, nonce, ciphertext, updated_at
         FROM progress_note
        WHERE person_id = $1 AND practice_id = $2 ORDER BY updated_at, id`,
    ),
  ]);
  // Every record is sealed in the database (clinical-sealing.ts); the person's copy is opened.
  const open = (table: SealedTable, scopeId: string, r: z.infer<z.ZodObject<typeof sealed>>) =>
    openRecord(cipher, table, { practiceId: r.practice_id, scopeId, personId: r.person_id }, r);
  return {
    consentAcceptances: consent.map((r) => ({
      version: r.version,
      acceptedAt: iso(r.accepted_at),
    })),
    checkIns: checkIns.map((r) => {
      const answers = parseCheckIn(open('check_in', r.session_id, r));
      const score = scoreCheckIn(answers);
      return {
        sessionId: r.session_id,
        courseId: r.course_id,
        ...answers,
        phq9Total: score.phq9Total,
        gad7Total: score.gad7Total,
        submittedAt: iso(r.submitted_at),
      };
    }),
    inventories: inventories.map((r) => ({
      courseId: r.course_id,
      people: JSON.parse(open('interpersonal_inventory', r.course_id, r)) as unknown[],
      submittedAt: iso(r.submitted_at),
      reviewedAt: isoOrNull(r.reviewed_at),
    })),
    focus: focus.map((r) => ({
      courseId: r.course_id,
      areas: JSON.parse(open('client_focus', r.course_id, r)) as unknown[],
      updatedAt: iso(r.updated_at),
    })),
    progressNotes: progress.map((r) => ({
      courseId: r.course_id,
      sessionId: r.session_id,
      text: open('progress_note', r.session_id, r),
      updatedAt: iso(r.updated_at),
    })),
  };
}
