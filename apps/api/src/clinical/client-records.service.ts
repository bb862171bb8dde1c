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
import type { z } from 'zod';
import { AuditService } from '../identity/audit.service';
import type { Principal } from '../identity/token-service';
import { inBody } from '../scheduling/scheduling-errors';
import { clientOfCourse, clientOfSessionRunBy, assertNotRestricted } from './clinical-access';

type InventoryBody = z.output<typeof inventoryBodySchema>;

const iso = (value: Date | string) => new Date(value).toISOString();
const ref = (id: string | null, name: string | null) =>
  id && name ? { personId: id, displayName: name } : null;

interface InventoryRow {
  people: InventoryPerson[];
  submitted_at: Date | string;
  reviewed_at: Date | string | null;
  reviewed_by: string | null;
  reviewer_name: string | null;
}

interface FocusRow {
  areas: Focus['areas'];
  updated_at: Date | string;
  updated_by: string;
  updater_name: string;
}

/**
 * A client's own records in a course: the interpersonal inventory they fill in before the first
 * session and review with their therapist, the focus and goals agreed with the therapist, and
 * progress on those goals session by session. Each is seen by that client and the course's
 * therapists only; every read and write is audited (who, what, when — never the content).
 */
@Injectable()
export class ClientRecordsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

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
        `INSERT INTO interpersonal_inventory (practice_id, course_id, person_id, people, updated_by)
         VALUES ($1, $2, $3, $4::jsonb, $5)
         ON CONFLICT (course_id, person_id) DO UPDATE SET
           people = EXCLUDED.people, updated_by = EXCLUDED.updated_by, submitted_at = now(),
           reviewed_at = NULL, reviewed_by = NULL`,
        [principal.practiceId, courseId, personId, JSON.stringify(body.people), principal.personId],
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
        `INSERT INTO client_focus (practice_id, course_id, person_id, areas, updated_by)
         VALUES ($1, $2, $3, $4::jsonb, $5)
         ON CONFLICT (course_id, person_id) DO UPDATE SET
           areas = EXCLUDED.areas, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [principal.practiceId, courseId, personId, JSON.stringify(areas), principal.personId],
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
    const rows = (await this.dataSource.query(
      `${progressSelect} WHERE n.course_id = $1 AND n.person_id = $2 ORDER BY s.number`,
      [courseId, personId],
    )) as ProgressRow[];
    await this.audit.recordAct(principal, {
      action: 'progress_note.read',
      entity: 'person',
      entityId: personId,
    });
    return rows.map(toProgress);
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
        `INSERT INTO progress_note (practice_id, course_id, session_id, person_id, text, author_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (session_id, person_id) DO UPDATE SET
           text = EXCLUDED.text, author_id = EXCLUDED.author_id, updated_at = now()`,
        [principal.practiceId, session.course.id, sessionId, personId, text, principal.personId],
      );
      await this.audit.recordAct(
        principal,
        { action: 'progress_note.updated', entity: 'person', entityId: personId },
        tx,
      );
      const [row] = (await tx.query(
        `${progressSelect} WHERE n.session_id = $1 AND n.person_id = $2`,
        [sessionId, personId],
      )) as ProgressRow[];
      return toProgress(row!);
    });
  }

  private async loadInventory(
    db: EntityManager,
    courseId: string,
    personId: string,
  ): Promise<Inventory> {
    const [row] = (await db.query(
      `SELECT i.people, i.submitted_at, i.reviewed_at, i.reviewed_by, r.display_name AS reviewer_name
         FROM interpersonal_inventory i LEFT JOIN person r ON r.id = i.reviewed_by
        WHERE i.course_id = $1 AND i.person_id = $2`,
      [courseId, personId],
    )) as InventoryRow[];
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
      people: row.people,
      submittedAt: iso(row.submitted_at),
      reviewedAt: row.reviewed_at ? iso(row.reviewed_at) : null,
      reviewedBy: ref(row.reviewed_by, row.reviewer_name),
    };
  }

  private async loadFocus(db: EntityManager, courseId: string, personId: string): Promise<Focus> {
    const [row] = (await db.query(
      `SELECT f.areas, f.updated_at, f.updated_by, u.display_name AS updater_name
         FROM client_focus f JOIN person u ON u.id = f.updated_by
        WHERE f.course_id = $1 AND f.person_id = $2`,
      [courseId, personId],
    )) as FocusRow[];
    return {
      courseId,
      personId,
      areas: row?.areas ?? [],
      updatedAt: row ? iso(row.updated_at) : null,
      updatedBy: row ? ref(row.updated_by, row.updater_name) : null,
    };
  }
}

interface ProgressRow {
  session_id: string;
  number: number;
  text: string;
  author_id: string;
  author_name: string;
  updated_at: Date | string;
}

const progressSelect = `
  SELECT n.session_id, s.number, n.text, n.author_id, a.display_name AS author_name, n.updated_at
    FROM progress_note n JOIN session s ON s.id = n.session_id JOIN person a ON a.id = n.author_id`;

function toProgress(row: ProgressRow): ProgressNote {
  return {
    sessionId: row.session_id,
    sessionNumber: row.number,
    text: row.text,
    author: { personId: row.author_id, displayName: row.author_name },
    updatedAt: iso(row.updated_at),
  };
}
