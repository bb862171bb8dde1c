import { Inject, Injectable } from '@nestjs/common';
import type {
  Focus,
  FocusBody,
  Inventory,
  InventoryPerson,
  ProgressNote,
  inventoryBodySchema,
} from '@hearth/contracts';
import { DomainError, validateFocus } from '@hearth/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { queryRows } from '../database/rows';
import { AuditService } from '../identity/audit.service';
import type { Principal } from '../identity/token-service';
import { inBody } from '../scheduling/scheduling-errors';
import { clientOfCourse, clientOfSessionRunBy, assertNotRestricted } from './clinical-access';
import {
  openRecord,
  type RecordOwner,
  sealedColumns,
  type SealedTable,
  sealRecord,
} from './clinical-sealing';
import { NotesCipher } from './notes-cipher';

type InventoryBody = z.output<typeof inventoryBodySchema>;

const iso = (value: Date | string) => new Date(value).toISOString();
const ref = (id: string | null, name: string | null) =>
  id && name ? { personId: id, displayName: name } : null;

const inventoryRow = z.strictObject({
  ...sealedColumns,
  practice_id: z.guid(),
  submitted_at: z.date(),
  reviewed_at: z.date().nullable(),
  reviewed_by: z.guid().nullable(),
  reviewer_name: z.string().nullable(),
});

const focusRow = z.strictObject({
  ...sealedColumns,
  practice_id: z.guid(),
  updated_at: z.date(),
  updated_by: z.guid(),
  updater_name: z.string(),
});

/**
 * A client's own records in a course: the interpersonal inventory they fill in before the first
 * session and review with their therapist, the focus and goals agreed with the therapist, and
 * progress on those goals session by session. Each is seen by that client and the course's
 * therapists only; every read and write is audited (who, what, when — never the content). All
 * three are sealed before they reach the database (clinical-sealing.ts) and opened here.
 */
@Injectable()
export class ClientRecordsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly cipher: NotesCipher,
  ) {}

  /** key_id, nonce and ciphertext of a record's plaintext, sealed for its own row. */
  private sealed(table: SealedTable, owner: RecordOwner, plaintext: string): unknown[] {
    const sealed = sealRecord(this.cipher, table, owner, plaintext);
    return [sealed.keyId, sealed.nonce, sealed.ciphertext];
  }

  async inventory(principal: Principal, courseId: string, personId: string): Promise<Inventory> {
    await clientOfCourse(this.dataSource, principal, courseId, personId, true);
    const inventory = await this.loadInventory(this.dataSource.manager, courseId, personId);
    await this.audit.recordAct(principal, {
      action: 'inventory.read',
      entity: 'person',
      entityId: personId,
    });
    return inventory;
  }

  /** Saves the client's important people; a change after review needs reviewing again. */
  async saveInventory(
    principal: Principal,
    courseId: string,
    personId: string,
    body: InventoryBody,
  ): Promise<Inventory> {
    return this.dataSource.transaction(async (tx) => {
      await clientOfCourse(tx, principal, courseId, personId, true);
      await assertNotRestricted(tx, personId);
      await tx.query(
        `INSERT INTO interpersonal_inventory (practice_id, course_id, person_id, updated_by,
                                             key_id, nonce, ciphertext)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (course_id, person_id) DO UPDATE SET
           key_id = EXCLUDED.key_id, nonce = EXCLUDED.nonce, ciphertext = EXCLUDED.ciphertext,
           people = NULL, updated_by = EXCLUDED.updated_by, submitted_at = now(),
           reviewed_at = NULL, reviewed_by = NULL`,
        [
          principal.practiceId,
          courseId,
          personId,
          principal.personId,
          ...this.sealed(
            'interpersonal_inventory',
            { practiceId: principal.practiceId, scopeId: courseId, personId },
            JSON.stringify(body.people),
          ),
        ],
      );
      await this.audit.recordAct(
        principal,
        { action: 'inventory.updated', entity: 'person', entityId: personId },
        tx,
      );
      return this.loadInventory(tx, courseId, personId);
    });
  }

  async reviewInventory(
    principal: Principal,
    courseId: string,
    personId: string,
  ): Promise<Inventory> {
    return this.dataSource.transaction(async (tx) => {
      await clientOfCourse(tx, principal, courseId, personId, false);
      await assertNotRestricted(tx, personId);
      const before = await this.loadInventory(tx, courseId, personId);
      if (before.status === 'not_started') {
        throw new DomainError('conflict', 'The client has not filled in their inventory yet', {
          reason: 'inventory_not_started',
        });
      }
      await tx.query(
        `UPDATE interpersonal_inventory SET reviewed_at = now(), reviewed_by = $3
          WHERE course_id = $1 AND person_id = $2`,
        [courseId, personId, principal.personId],
      );
      await this.audit.recordAct(
        principal,
        { action: 'inventory.reviewed', entity: 'person', entityId: personId },
        tx,
      );
      return this.loadInventory(tx, courseId, personId);
    });
  }

  async focus(principal: Principal, courseId: string, personId: string): Promise<Focus> {
    await clientOfCourse(this.dataSource, principal, courseId, personId, true);
    const focus = await this.loadFocus(this.dataSource.manager, courseId, personId);
    await this.audit.recordAct(principal, {
      action: 'focus.read',
      entity: 'person',
      entityId: personId,
    });
    return focus;
  }

  async saveFocus(
    principal: Principal,
    courseId: string,
    personId: string,
    body: FocusBody,
  ): Promise<Focus> {
    const areas = inBody(() => validateFocus(body.areas));
    return this.dataSource.transaction(async (tx) => {
      await clientOfCourse(tx, principal, courseId, personId, false);
      await assertNotRestricted(tx, personId);
      await tx.query(
        `INSERT INTO client_focus (practice_id, course_id, person_id, updated_by,
                                   key_id, nonce, ciphertext)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (course_id, person_id) DO UPDATE SET
           key_id = EXCLUDED.key_id, nonce = EXCLUDED.nonce, ciphertext = EXCLUDED.ciphertext,
           areas = NULL, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [
          principal.practiceId,
          courseId,
          personId,
          principal.personId,
          ...this.sealed(
            'client_focus',
            { practiceId: principal.practiceId, scopeId: courseId, personId },
            JSON.stringify(areas),
          ),
        ],
      );
      await this.audit.recordAct(
        principal,
        { action: 'focus.updated', entity: 'person', entityId: personId },
        tx,
      );
      return this.loadFocus(tx, courseId, personId);
    });
  }

  async progress(
    principal: Principal,
    courseId: string,
    personId: string,
  ): Promise<ProgressNote[]> {
    await clientOfCourse(this.dataSource, principal, courseId, personId, true);
    const rows = await queryRows(
      this.dataSource,
      'progress notes of a client',
      progressRow,
      `${progressSelect} WHERE n.course_id = $1 AND n.person_id = $2 ORDER BY s.number`,
      [courseId, personId],
    );
    await this.audit.recordAct(principal, {
      action: 'progress_note.read',
      entity: 'person',
      entityId: personId,
    });
    return rows.map((row) => this.toProgress(row));
  }

  async saveProgress(
    principal: Principal,
    sessionId: string,
    personId: string,
    text: string,
  ): Promise<ProgressNote> {
    return this.dataSource.transaction(async (tx) => {
      const session = await clientOfSessionRunBy(tx, principal, sessionId, personId);
      await assertNotRestricted(tx, personId);
      await tx.query(
        `INSERT INTO progress_note (practice_id, course_id, session_id, person_id, author_id,
                                    key_id, nonce, ciphertext)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (session_id, person_id) DO UPDATE SET
           key_id = EXCLUDED.key_id, nonce = EXCLUDED.nonce, ciphertext = EXCLUDED.ciphertext,
           text = NULL, author_id = EXCLUDED.author_id, updated_at = now()`,
        [
          principal.practiceId,
          session.course.id,
          sessionId,
          personId,
          principal.personId,
          ...this.sealed(
            'progress_note',
            { practiceId: principal.practiceId, scopeId: sessionId, personId },
            text,
          ),
        ],
      );
      await this.audit.recordAct(
        principal,
        { action: 'progress_note.updated', entity: 'person', entityId: personId },
        tx,
      );
      const [row] = await queryRows(
        tx,
        'progress note',
        progressRow,
        `${progressSelect} WHERE n.session_id = $1 AND n.person_id = $2`,
        [sessionId, personId],
      );
      return this.toProgress(row!);
    });
  }

  private toProgress(row: ProgressRow): ProgressNote {
    return {
      sessionId: row.session_id,
      sessionNumber: row.number,
      text: openRecord(
        this.cipher,
        'progress_note',
        { practiceId: row.practice_id, scopeId: row.session_id, personId: row.person_id },
        row,
      ),
      author: { personId: row.author_id, displayName: row.author_name },
      updatedAt: iso(row.updated_at),
    };
  }

  private async loadInventory(
    db: EntityManager,
    courseId: string,
    personId: string,
  ): Promise<Inventory> {
    const [row] = await queryRows(
      db,
      'interpersonal inventory',
      inventoryRow,
      `SELECT i.practice_id, i.key_id, i.nonce, i.ciphertext, i.submitted_at, i.reviewed_at,
              i.reviewed_by, r.display_name AS reviewer_name
         FROM interpersonal_inventory i LEFT JOIN person r ON r.id = i.reviewed_by
        WHERE i.course_id = $1 AND i.person_id = $2`,
      [courseId, personId],
    );
    if (!row) {
      return {
        courseId,
        personId,
        status: 'not_started',
        people: [],
        submittedAt: null,
        reviewedAt: null,
        reviewedBy: null,
      };
    }
    return {
      courseId,
      personId,
      status: row.reviewed_at ? 'reviewed' : 'submitted',
      people: JSON.parse(
        openRecord(
          this.cipher,
          'interpersonal_inventory',
          { practiceId: row.practice_id, scopeId: courseId, personId },
          row,
        ),
      ) as InventoryPerson[],
      submittedAt: iso(row.submitted_at),
      reviewedAt: row.reviewed_at ? iso(row.reviewed_at) : null,
      reviewedBy: ref(row.reviewed_by, row.reviewer_name),
    };
  }

  private async loadFocus(db: EntityManager, courseId: string, personId: string): Promise<Focus> {
    const [row] = await queryRows(
      db,
      'client focus',
      focusRow,
      `SELECT f.practice_id, f.key_id, f.nonce, f.ciphertext, f.updated_at, f.updated_by,
              u.display_name AS updater_name
         FROM client_focus f JOIN person u ON u.id = f.updated_by
        WHERE f.course_id = $1 AND f.person_id = $2`,
      [courseId, personId],
    );
    return {
      courseId,
      personId,
      areas: row
        ? (JSON.parse(
            openRecord(
              this.cipher,
              'client_focus',
              { practiceId: row.practice_id, scopeId: courseId, personId },
              row,
            ),
          ) as Focus['areas'])
        : [],
      updatedAt: row ? iso(row.updated_at) : null,
      updatedBy: row ? ref(row.updated_by, row.updater_name) : null,
    };
  }
}

const progressRow = z.strictObject({
  ...sealedColumns,
  practice_id: z.guid(),
  session_id: z.guid(),
  number: z.number().int(),
  person_id: z.guid(),
  author_id: z.guid(),
  author_name: z.string(),
  updated_at: z.date(),
});
type ProgressRow = z.infer<typeof progressRow>;

const progressSelect = `
  SELECT n.practice_id, n.session_id, s.number, n.person_id, n.key_id, n.nonce, n.ciphertext,
         n.author_id, a.display_name AS author_name, n.updated_at
    FROM progress_note n JOIN session s ON s.id = n.session_id JOIN person a ON a.id = n.author_id`;
