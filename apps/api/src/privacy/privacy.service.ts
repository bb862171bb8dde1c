import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { ErasureResult, PersonDataExport } from '@hearth/contracts';
import { DomainError } from '@hearth/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { NotesCipher } from '../clinical/notes-cipher';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { AuditService } from '../identity/audit.service';
import type { Principal } from '../identity/token-service';
import { collectExport, findRestriction, findSubject, type Subject } from './person-export.queries';
import { idRow, queryRows } from '../database/rows';

/** What stands where an erased person's name was. */
export const erasedDisplayName = 'Erased person';
// `.invalid` can never be delivered to (RFC 2606), and the id keeps emails unique.
const erasedEmail = (personId: string) => `erased-${personId}@erased.invalid`;

const noSuchPerson = () => new DomainError('not_found', 'There is no such person');

/**
 * A person's rights over their data: a copy of everything Hearth holds about them, and erasure.
 * Erasure removes or replaces what is not clinical and restricts what is: clinical records are
 * kept (a practice must keep them for years) but marked restricted, with the reason.
 */
@Injectable()
export class PrivacyService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
    private readonly cipher: NotesCipher,
  ) {}

  /** For the person themself, or a coordinator of their practice; anyone else gets "not found". */
  async export(principal: Principal, personId: string): Promise<PersonDataExport> {
    const self = principal.personId === personId;
    if (!self && !principal.roles.includes('coordinator')) throw noSuchPerson();
    // One snapshot, so the copy is consistent; it exists only together with its audit row.
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const subject = await findSubject(tx, personId, principal.practiceId);
      if (!subject) throw noSuchPerson();
      const data = await collectExport(
        tx,
        subject,
        self ? 'self' : 'coordinator',
        new Date(),
        this.cipher,
      );
      await this.audit.record(
        {
          practiceId: principal.practiceId,
          actorId: principal.personId,
          action: 'person.exported',
          entity: 'person',
          entityId: personId,
        },
        tx,
      );
      return data;
    });
  }

  async erase(principal: Principal, personId: string, reason: string): Promise<ErasureResult> {
    if (principal.personId === personId) {
      throw new DomainError('conflict', 'Another coordinator of the practice must erase you');
    }
    return this.dataSource.transaction(async (tx) => {
      const subject = await findSubject(tx, personId, principal.practiceId, true);
      if (!subject) throw noSuchPerson();
      if (await findRestriction(tx, personId)) {
        throw new DomainError('conflict', 'This person has already been erased');
      }
      const courseIds = await upcomingCourses(tx, personId);
      if (courseIds.length > 0) {
        throw new DomainError(
          'conflict',
          'This person still takes part in upcoming sessions: withdraw them from those courses, or give their courses to another therapist, first',
          { courseIds },
        );
      }
      await eraseNonClinicalData(tx, subject);
      await this.idempotency.scrubPerson(tx, subject);
      const [restriction] = await queryRows(
        tx,
        'restrict clinical records',
        z.strictObject({ id: z.guid(), restricted_at: z.date() }),
        `INSERT INTO clinical_restriction (practice_id, person_id, reason, restricted_by)
         VALUES ($1, $2, $3, $4) RETURNING id, restricted_at`,
        [principal.practiceId, personId, reason, principal.personId],
      );
      const entries = [
        ['person.erased', 'person', personId],
        ['clinical.restricted', 'clinical_restriction', restriction!.id],
      ] as const;
      for (const [action, entity, entityId] of entries) {
        await this.audit.record(
          {
            practiceId: principal.practiceId,
            actorId: principal.personId,
            action,
            entity,
            entityId,
          },
          tx,
        );
      }
      return {
        personId,
        displayName: erasedDisplayName,
        restriction: {
          id: restriction!.id,
          reason,
          restrictedAt: new Date(restriction!.restricted_at).toISOString(),
          restrictedBy: principal.personId,
        },
      };
    });
  }
}

/** Courses with sessions still to come that the person runs or holds a place in. */
async function upcomingCourses(tx: EntityManager, personId: string): Promise<string[]> {
  const rows = await queryRows(
    tx,
    'upcoming courses of a person',
    idRow,
    `SELECT DISTINCT c.id FROM course c JOIN session s ON s.course_id = c.id
      WHERE s.status = 'scheduled' AND s.ends_at > now() AND c.cancelled_at IS NULL
        AND ($1 IN (c.therapist_id, c.co_therapist_id)
             OR EXISTS (SELECT 1 FROM roster_member r
                         WHERE r.course_id = c.id AND r.person_id = $1
                           AND r.status IN ('invited', 'active', 'waitlisted'))
             OR EXISTS (SELECT 1 FROM booking b
                         WHERE b.session_id = s.id AND b.person_id = $1 AND NOT b.cancelled))
      ORDER BY c.id`,
    [personId],
  );
  return rows.map((row) => row.id);
}

/**
 * Name, email and password go; sign-ins, the calendar feed, queued reminders, saved replies and
 * the therapist profile are deleted; invitations and requests for therapy sent to the person's
 * email lose their personal fields. The person row stays (clinical records and the audit log
 * point at it) but can never sign in again.
 */
async function eraseNonClinicalData(tx: EntityManager, subject: Subject): Promise<void> {
  const id = subject.id;
  await tx.query(
    `UPDATE invitation
        SET email = $3, display_name = $4,
            revoked_at = CASE WHEN accepted_at IS NULL THEN coalesce(revoked_at, now()) ELSE revoked_at END
      WHERE practice_id = $1 AND email = $2`,
    [subject.practiceId, subject.email, erasedEmail(id), erasedDisplayName],
  );
  await tx.query(
    `UPDATE therapy_request
        SET name = NULL, email = NULL, concern = NULL, availability = NULL,
            decline_reason = NULL, anonymised_at = now()
      WHERE practice_id = $1 AND anonymised_at IS NULL AND (client_id = $2 OR email = $3)`,
    [subject.practiceId, id, subject.email],
  );
  await tx.query(`DELETE FROM pending_sign_up WHERE email = $1`, [subject.email]);
  for (const table of ['refresh_token', 'calendar_feed', 'reminder', 'therapist_profile']) {
    await tx.query(`DELETE FROM ${table} WHERE person_id = $1`, [id]);
  }
  await tx.query(
    `UPDATE person
        SET email = $2, display_name = $3, password_hash = NULL,
            disabled_at = coalesce(disabled_at, now())
      WHERE id = $1`,
    [id, erasedEmail(id), erasedDisplayName],
  );
}
