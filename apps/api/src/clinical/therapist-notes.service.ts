import { Inject, Injectable } from '@nestjs/common';
import type { TherapistNote } from '@hearth/contracts';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { idRow, pgBytes, queryRows } from '../database/rows';
import { AuditService } from '../identity/audit.service';
import type { Principal } from '../identity/token-service';
import { clientOfCourse, clientOfSessionRunBy, assertNotRestricted } from './clinical-access';
import { openRecord, sealRecord } from './clinical-sealing';
import { NotesCipher } from './notes-cipher';

const noteRow = z.strictObject({
  id: z.guid(),
  session_id: z.guid(),
  number: z.number().int(),
  person_id: z.guid(),
  key_id: z.string(),
  nonce: pgBytes,
  ciphertext: pgBytes,
  author_id: z.guid(),
  author_name: z.string(),
  created_at: z.date(),
  updated_at: z.date(),
});
type NoteRow = z.infer<typeof noteRow>;

const noteSelect = `
  SELECT n.id, n.session_id, s.number, n.person_id, n.key_id, n.nonce, n.ciphertext,
         n.author_id, a.display_name AS author_name, n.created_at, n.updated_at
    FROM therapist_note n JOIN session s ON s.id = n.session_id JOIN person a ON a.id = n.author_id`;

/**
 * The therapists' private notes, one per client per session: readable and writable only by the
 * course's therapist and co-therapist, sealed with AES-256-GCM before they reach the database,
 * and every read and write audited.
 */
@Injectable()
export class TherapistNotesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cipher: NotesCipher,
  ) {}

  async list(principal: Principal, courseId: string, personId: string): Promise<TherapistNote[]> {
    await clientOfCourse(this.dataSource, principal, courseId, personId, false);
    const rows = await queryRows(
      this.dataSource,
      'therapist notes on a client',
      noteRow,
      `${noteSelect} WHERE n.course_id = $1 AND n.person_id = $2 AND n.practice_id = $3
        ORDER BY s.number`,
      [courseId, personId, principal.practiceId],
    );
    await this.audit.record({
      practiceId: principal.practiceId,
      actorId: principal.personId,
      action: 'therapist_note.read',
      entity: 'person',
      entityId: personId,
    });
    return rows.map((row) => this.toNote(principal.practiceId, row));
  }

  /** Writes (or rewrites) the note on one client in one session, sealed with the current key. */
  async save(
    principal: Principal,
    sessionId: string,
    personId: string,
    text: string,
  ): Promise<TherapistNote> {
    return this.dataSource.transaction(async (tx) => {
      const session = await clientOfSessionRunBy(tx, principal, sessionId, personId);
      await assertNotRestricted(tx, personId);
      const sealed = sealRecord(
        this.cipher,
        'therapist_note',
        { practiceId: principal.practiceId, scopeId: sessionId, personId },
        text,
      );
      const [saved] = await queryRows(
        tx,
        'write a therapist note',
        idRow,
        `INSERT INTO therapist_note (practice_id, course_id, session_id, person_id, author_id,
                                     key_id, nonce, ciphertext)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (session_id, person_id) DO UPDATE SET
           author_id = EXCLUDED.author_id, key_id = EXCLUDED.key_id, nonce = EXCLUDED.nonce,
           ciphertext = EXCLUDED.ciphertext, updated_at = now()
         RETURNING id`,
        [
          principal.practiceId,
          session.course.id,
          sessionId,
          personId,
          principal.personId,
          sealed.keyId,
          sealed.nonce,
          sealed.ciphertext,
        ],
      );
      await this.audit.record(
        {
          practiceId: principal.practiceId,
          actorId: principal.personId,
          action: 'therapist_note.written',
          entity: 'therapist_note',
          entityId: saved!.id,
        },
        tx,
      );
      const [row] = await queryRows(
        tx,
        'therapist note',
        noteRow,
        `${noteSelect} WHERE n.id = $1`,
        [saved!.id],
      );
      return this.toNote(principal.practiceId, row!);
    });
  }

  private toNote(practiceId: string, row: NoteRow): TherapistNote {
    const text = openRecord(
      this.cipher,
      'therapist_note',
      { practiceId, scopeId: row.session_id, personId: row.person_id },
      row,
    );
    return {
      id: row.id,
      sessionId: row.session_id,
      sessionNumber: row.number,
      personId: row.person_id,
      text,
      author: { personId: row.author_id, displayName: row.author_name },
      createdAt: new Date(row.created_at).toISOString(),
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }
}
