import { Inject, Injectable } from '@nestjs/common';
import type {
  CheckIn,
  CheckInBody,
  CheckInForm,
  CheckInSchedule,
  ClientTasks,
  CourseClinical,
  Focus,
} from '@hearth/contracts';
import { inventoryStatusSchema } from '@hearth/contracts';
import {
  DomainError,
  checkInAvailability,
  checkInOpensBeforeMs,
  scoreCheckIn,
} from '@hearth/domain';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { queryRows } from '../database/rows';
import { isUniqueViolation } from '../database/database-errors';
import { AuditService } from '../identity/audit.service';
import type { Principal } from '../identity/token-service';
import {
  courseOfPractice,
  courseRefSchema,
  courseRunBy,
  notFound,
  runsCourse,
  sessionOfClient,
  sessionRefShape,
  type SessionRef,
} from './clinical-access';
import {
  checkInPlaintext,
  openRecord,
  type SealedColumns,
  sealedColumns,
  sealRecord,
} from './clinical-sealing';
import { checkInRow, checkInSelect, toCheckIn } from './check-in-rows';
import { ConsentService } from './consent.service';
import { NotesCipher } from './notes-cipher';

/** The problem areas of a client's sealed focus, for a course's overview. */
function focusAreasOf(
  cipher: NotesCipher,
  row: SealedColumns & { practice_id: string; person_id: string },
  courseId: string,
): CourseClinical['clients'][number]['focusAreas'] {
  const owner = { practiceId: row.practice_id, scopeId: courseId, personId: row.person_id };
  const areas = JSON.parse(openRecord(cipher, 'client_focus', owner, row)) as Focus['areas'];
  return areas.map((a) => a.area);
}

/**
 * Check-ins before sessions: which are open, scoring and storing them, and the private alert a
 * positive PHQ-9 item 9 raises for the course's therapists — in the same transaction as the
 * check-in, so an answer is never stored without its alert.
 */
@Injectable()
export class CheckInsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly consent: ConsentService,
    private readonly cipher: NotesCipher,
  ) {}

  async schedule(principal: Principal, courseId: string) {
    const course = await courseOfPractice(this.dataSource, principal, courseId);
    this.assertMayPlan(principal, course);
    return { courseId, checkInSchedule: course.checkInSchedule };
  }

  async setSchedule(principal: Principal, courseId: string, schedule: CheckInSchedule) {
    return this.dataSource.transaction(async (tx) => {
      const course = await courseOfPractice(tx, principal, courseId, true);
      this.assertMayPlan(principal, course);
      await tx.query(`UPDATE course SET check_in_schedule = $2 WHERE id = $1`, [
        courseId,
        schedule,
      ]);
      await this.audit.recordAct(
        principal,
        { action: 'course.check_in_schedule_updated', entity: 'course', entityId: courseId },
        tx,
      );
      return { courseId, checkInSchedule: schedule };
    });
  }

  /** A session's check-in as its client sees it: open or why not, and what they answered. */
  async form(principal: Principal, sessionId: string, now: Date): Promise<CheckInForm> {
    const session = await sessionOfClient(this.dataSource, principal, sessionId);
    const [row] = await queryRows(
      this.dataSource,
      'check-in of a session',
      checkInRow,
      `${checkInSelect} WHERE ci.session_id = $1 AND ci.person_id = $2`,
      [sessionId, principal.personId],
    );
    await this.audit.recordAct(principal, {
      action: 'check_in.read',
      entity: 'session',
      entityId: sessionId,
    });
    return {
      sessionId,
      courseId: session.course.id,
      courseTitle: session.course.title,
      number: session.number,
      sessionCount: session.course.sessionCount,
      startsAt: new Date(session.startsAt).toISOString(),
      availability: availabilityOf(session, now),
      submitted: row ? toCheckIn(this.cipher, row) : null,
    };
  }

  async submit(
    principal: Principal,
    sessionId: string,
    body: CheckInBody,
    now: Date,
  ): Promise<CheckIn> {
    const score = scoreCheckIn(body);
    try {
      return await this.dataSource.transaction(async (tx) => {
        const session = await sessionOfClient(tx, principal, sessionId);
        if (
          !(await this.consent.hasAcceptedCurrentConsent(
            principal.practiceId,
            principal.personId,
            tx,
          ))
        ) {
          throw new DomainError(
            'forbidden',
            'Please read and accept the practice’s consent before your first check-in',
            { reason: 'consent_required' },
          );
        }
        const availability = availabilityOf(session, now);
        if (availability !== 'open') {
          throw new DomainError('conflict', checkInClosedMessage[availability], {
            reason: `check_in_${availability}`,
          });
        }
        const sealed = sealRecord(
          this.cipher,
          'check_in',
          { practiceId: principal.practiceId, scopeId: sessionId, personId: principal.personId },
          checkInPlaintext(body),
        );
        const [row] = await queryRows(
          tx,
          'store a check-in',
          checkInRow,
          `INSERT INTO check_in (practice_id, course_id, session_id, person_id, key_id, nonce,
                                 ciphertext)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           RETURNING id, practice_id, session_id, $8::int AS session_number, person_id,
                     submitted_at, key_id, nonce, ciphertext`,
          [
            principal.practiceId,
            session.course.id,
            sessionId,
            principal.personId,
            sealed.keyId,
            sealed.nonce,
            sealed.ciphertext,
            session.number,
          ],
        );
        if (score.item9Positive) {
          await tx.query(
            `INSERT INTO clinical_alert (practice_id, course_id, session_id, person_id, check_in_id,
                                         kind)
             VALUES ($1, $2, $3, $4, $5, 'phq9_item9')`,
            [principal.practiceId, session.course.id, sessionId, principal.personId, row!.id],
          );
        }
        // The audit row says a check-in was written, never what it said or whether it alerted.
        await this.audit.recordAct(
          principal,
          { action: 'check_in.created', entity: 'check_in', entityId: row!.id },
          tx,
        );
        return toCheckIn(this.cipher, row!);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('conflict', 'You have already filled in this session’s check-in', {
          reason: 'check_in_already_submitted',
        });
      }
      throw error;
    }
  }

  /** What a client has to do: consent, check-ins open now, and each course's inventory. */
  async tasks(principal: Principal, now: Date): Promise<ClientTasks> {
    const consent = await this.consent.current(principal);
    const due = await queryRows(
      this.dataSource,
      'check-ins due',
      z.strictObject({
        ...sessionRefShape,
        course: courseRefSchema.pick({
          id: true,
          title: true,
          sessionCount: true,
          checkInSchedule: true,
        }),
      }),
      `SELECT s.id, s.number, s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.status,
              json_build_object('id', c.id, 'title', c.title, 'sessionCount', c.session_count,
                'checkInSchedule', c.check_in_schedule) AS course
         FROM booking b
         JOIN session s ON s.id = b.session_id
         JOIN course c ON c.id = s.course_id
         JOIN roster_member rm ON rm.course_id = c.id AND rm.person_id = b.person_id
                              AND rm.status IN ('invited', 'active')
        WHERE b.person_id = $1 AND s.practice_id = $2 AND NOT b.cancelled
          AND s.status = 'scheduled' AND s.ends_at > $3 AND s.starts_at <= $4
          AND NOT EXISTS (SELECT 1 FROM check_in ci
                           WHERE ci.session_id = s.id AND ci.person_id = b.person_id)
        ORDER BY s.starts_at, s.id`,
      [
        principal.personId,
        principal.practiceId,
        now,
        new Date(now.getTime() + checkInOpensBeforeMs),
      ],
    );
    const courses = await queryRows(
      this.dataSource,
      'inventories of a client',
      z.strictObject({
        courseId: z.guid(),
        courseTitle: z.string(),
        inventory: inventoryStatusSchema,
      }),
      `SELECT c.id AS "courseId", c.title AS "courseTitle",
              CASE WHEN i.id IS NULL THEN 'not_started'
                   WHEN i.reviewed_at IS NULL THEN 'submitted' ELSE 'reviewed' END AS inventory
         FROM roster_member rm
         JOIN course c ON c.id = rm.course_id AND c.cancelled_at IS NULL
         LEFT JOIN interpersonal_inventory i ON i.course_id = c.id AND i.person_id = rm.person_id
        WHERE rm.person_id = $1 AND c.practice_id = $2 AND rm.status IN ('invited', 'active')
        ORDER BY c.start_date, c.id`,
      [principal.personId, principal.practiceId],
    );
    return {
      consent: { version: consent.version, accepted: consent.accepted },
      checkIns: due
        .filter((session) => availabilityOf(session, now) === 'open')
        .map((session) => ({
          sessionId: session.id,
          courseId: session.course.id,
          courseTitle: session.course.title,
          number: session.number,
          sessionCount: session.course.sessionCount,
          startsAt: new Date(session.startsAt).toISOString(),
        })),
      courses,
    };
  }

  /** A course's clients with their consent, inventory, focus and check-in trend. */
  async overview(principal: Principal, courseId: string): Promise<CourseClinical> {
    const course = await courseRunBy(this.dataSource, principal, courseId);
    const rows = await queryRows(
      this.dataSource,
      'clients of a course',
      z.strictObject({
        ...sealedColumns,
        person_id: z.guid(),
        display_name: z.string(),
        consent_accepted: z.boolean(),
        inventory: inventoryStatusSchema,
        focus_practice_id: z.guid().nullable(),
        open_alerts: z.number().int(),
      }),
      `SELECT rm.person_id, p.display_name,
              EXISTS (SELECT 1 FROM consent_acceptance a JOIN consent_version v
                                 ON v.id = a.consent_version_id
                       WHERE a.person_id = rm.person_id AND v.practice_id = $2
                         AND v.version = (SELECT max(version) FROM consent_version
                                           WHERE practice_id = $2)) AS consent_accepted,
              CASE WHEN i.id IS NULL THEN 'not_started'
                   WHEN i.reviewed_at IS NULL THEN 'submitted' ELSE 'reviewed' END AS inventory,
              f.practice_id AS focus_practice_id, f.key_id, f.nonce, f.ciphertext,
              (SELECT count(*)::int FROM clinical_alert a
                WHERE a.course_id = $1 AND a.person_id = rm.person_id
                  AND a.acknowledged_at IS NULL) AS open_alerts
         FROM roster_member rm
         JOIN person p ON p.id = rm.person_id
         LEFT JOIN interpersonal_inventory i ON i.course_id = $1 AND i.person_id = rm.person_id
         LEFT JOIN client_focus f ON f.course_id = $1 AND f.person_id = rm.person_id
        WHERE rm.course_id = $1 AND rm.status IN ('invited', 'active')
        ORDER BY rm.seq`,
      [courseId, principal.practiceId],
    );
    const checkIns = await queryRows(
      this.dataSource,
      'check-ins of a course',
      checkInRow,
      `${checkInSelect} WHERE ci.course_id = $1 ORDER BY s.number, ci.id`,
      [courseId],
    );
    await this.audit.recordAct(principal, {
      action: 'clinical_overview.read',
      entity: 'course',
      entityId: courseId,
    });
    return {
      courseId,
      sessionCount: course.sessionCount,
      checkInSchedule: course.checkInSchedule,
      clients: rows.map((row) => ({
        personId: row.person_id,
        displayName: row.display_name,
        consentAccepted: row.consent_accepted,
        inventory: row.inventory,
        focusAreas: row.focus_practice_id
          ? focusAreasOf(this.cipher, { ...row, practice_id: row.focus_practice_id }, courseId)
          : [],
        checkIns: checkIns
          .filter((checkIn) => checkIn.person_id === row.person_id)
          .map((checkIn) => toCheckIn(this.cipher, checkIn)),
        openAlerts: row.open_alerts,
      })),
    };
  }

  // Coordinators plan every course of their practice; therapists the courses they run.
  private assertMayPlan(principal: Principal, course: Parameters<typeof runsCourse>[1]): void {
    if (!principal.roles.includes('coordinator') && !runsCourse(principal, course)) {
      throw notFound('course');
    }
  }
}

function availabilityOf(
  session: Omit<SessionRef, 'course'> & {
    course: Pick<SessionRef['course'], 'sessionCount' | 'checkInSchedule'>;
  },
  now: Date,
) {
  return checkInAvailability(
    session.course.checkInSchedule,
    {
      number: session.number,
      sessionCount: session.course.sessionCount,
      startsAt: new Date(session.startsAt),
      endsAt: new Date(session.endsAt),
      cancelled: session.status === 'cancelled',
    },
    now,
  );
}

const checkInClosedMessage = {
  not_scheduled: 'This session has no check-in; the course asks for one every 4th session',
  cancelled: 'This session was cancelled',
  not_yet_open: 'This check-in opens 72 hours before the session',
  closed: 'This session has ended; its check-in is closed',
} as const;
