import type { CheckIn } from '@hearth/contracts';
import { gad7Severity, phq9Severity, scoreCheckIn } from '@hearth/domain';
import { z } from 'zod';
import { openRecord, parseCheckIn, sealedColumns } from './clinical-sealing';
import type { NotesCipher } from './notes-cipher';

export const checkInRow = z.strictObject({
  ...sealedColumns,
  id: z.guid(),
  practice_id: z.guid(),
  session_id: z.guid(),
  session_number: z.number().int(),
  person_id: z.guid(),
  submitted_at: z.date(),
});
export type CheckInRow = z.infer<typeof checkInRow>;

// The answers are sealed (clinical-sealing.ts): rows are read as they are and opened here, never
// gathered or scored in SQL.
export const checkInSelect = `SELECT ci.id, ci.practice_id, ci.session_id, s.number AS session_number,
  ci.person_id, ci.submitted_at, ci.key_id, ci.nonce, ci.ciphertext
  FROM check_in ci JOIN session s ON s.id = ci.session_id`;

export function toCheckIn(cipher: NotesCipher, row: CheckInRow): CheckIn {
  const answers = parseCheckIn(
    openRecord(
      cipher,
      'check_in',
      { practiceId: row.practice_id, scopeId: row.session_id, personId: row.person_id },
      row,
    ),
  );
  const score = scoreCheckIn(answers);
  return {
    id: row.id,
    sessionId: row.session_id,
    sessionNumber: row.session_number,
    personId: row.person_id,
    submittedAt: new Date(row.submitted_at).toISOString(),
    phq9: answers.phq9,
    gad7: answers.gad7,
    phq9Total: score.phq9Total,
    phq9Severity: phq9Severity(score.phq9Total),
    gad7Total: score.gad7Total,
    gad7Severity: gad7Severity(score.gad7Total),
    mood: answers.mood,
  };
}
