import { Inject, Injectable } from '@nestjs/common';
import {
  courseFormatSchema,
  memberRelationSchema,
  type PlaceOffer,
  type RosterMember,
  type memberUpdateBodySchema,
} from '@hearth/contracts';
import {
  type MemberStatusChange,
  type OfferAnswer,
  type RosterStatus,
  admitMember,
  countHeldPlaces,
  planCoordinatorRosterChange,
  planMemberStatusChange,
  planOfferAnswer,
} from '@hearth/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { isExclusionViolation, retryOnDeadlock } from '../database/database-errors';
import { AuditService } from '../identity/audit.service';
import type { Principal } from '../identity/token-service';
import { type Participant, type ProposedSlot, bookingConflicts } from './booking-conflicts';
import { bookSessions, freeBookings, futureSlots, loadBookings } from './bookings';
import { recordRosterChange } from './roster-lifecycle.queries';
import { doubleBooked, inBody } from './scheduling-errors';
import { capacityOfRow, toMember } from './scheduling.mappers';
import { courseRow, memberRowSchema, memberRows, notFound, viewerOf } from './scheduling.queries';
import { idRow, queryRows } from '../database/rows';

type MemberUpdateBody = z.output<typeof memberUpdateBodySchema>;

/** A planned change of one place, with the reason to keep and the audit action to write. */
interface PlannedChange extends MemberStatusChange {
  readonly reason: string | null;
  readonly action: string;
}

/**
 * The roster lifecycle (libs/domain roster-lifecycle.ts): places offered to a client, their
 * answer from Home, and coordinators' changes with a reason. Every change keeps a history row
 * and an audit row, and books or frees the member's future sessions when it takes or frees a
 * place.
 */
@Injectable()
export class RosterPlacesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Places offered to the caller that wait for their answer, oldest offer first. */
  async offers(principal: Principal): Promise<PlaceOffer[]> {
    const rows = await queryRows(
      this.dataSource,
      'place offers',
      z.strictObject({
        memberId: z.guid(),
        relation: memberRelationSchema,
        courseId: z.guid(),
        title: z.string(),
        format: courseFormatSchema,
        sessionCount: z.number().int(),
        durationMinutes: z.number().int(),
        timeZone: z.string(),
        therapistId: z.guid(),
        therapistName: z.string(),
        nextSessionStartsAt: z.date().nullable(),
      }),
      `SELECT r.id AS "memberId", r.relation, c.id AS "courseId", c.title, c.format,
              c.session_count AS "sessionCount", c.duration_minutes AS "durationMinutes",
              c.time_zone AS "timeZone", c.therapist_id AS "therapistId",
              t.display_name AS "therapistName",
              (SELECT min(s.starts_at) FROM session s
                WHERE s.course_id = c.id AND s.status = 'scheduled' AND s.ends_at > now())
                AS "nextSessionStartsAt"
         FROM roster_member r
         JOIN course c ON c.id = r.course_id AND c.practice_id = $2
         JOIN person t ON t.id = c.therapist_id
        WHERE r.person_id = $1 AND r.status = 'invited'
        ORDER BY r.seq`,
      [principal.personId, principal.practiceId],
    );
    await this.audit.recordAct(principal, {
      action: 'roster.offers_listed',
      entity: 'roster_member',
      entityId: null,
    });
    return rows.map((row) => ({
      memberId: row.memberId,
      course: {
        id: row.courseId,
        title: row.title,
        format: row.format,
        sessionCount: row.sessionCount,
        durationMinutes: row.durationMinutes,
        timeZone: row.timeZone,
      },
      therapist: { personId: row.therapistId, displayName: row.therapistName },
      relation: row.relation,
      nextSessionStartsAt: row.nextSessionStartsAt?.toISOString() ?? null,
    }));
  }

  /** A client's answer to a place offered to them: accept makes it active, decline withdraws it. */
  async answer(principal: Principal, memberId: string, answer: OfferAnswer): Promise<RosterMember> {
    const [place] = await queryRows(
      this.dataSource,
      'course of a roster place',
      z.strictObject({ courseId: z.guid() }),
      `SELECT r.course_id AS "courseId" FROM roster_member r JOIN course c ON c.id = r.course_id
        WHERE r.id = $1 AND r.person_id = $2 AND c.practice_id = $3`,
      [memberId, principal.personId, principal.practiceId],
    );
    // Someone else's place is not theirs to see: the same 404 as a missing one.
    if (!place) throw notFound('member');
    return this.change(principal, place.courseId, memberId, (current) => ({
      ...planOfferAnswer(current, answer),
      reason: null,
      action: answer === 'accept' ? 'roster.place_accepted' : 'roster.place_declined',
    }));
  }

  /**
   * A change of a member's status through the roster. Coordinators may make any change the
   * domain allows, giving a reason when they make a place active for the client; a client may
   * only accept their own offered place or leave.
   */
  async update(
    principal: Principal,
    courseId: string,
    memberId: string,
    body: MemberUpdateBody,
  ): Promise<RosterMember> {
    const viewer = viewerOf(principal);
    return this.change(principal, courseId, memberId, (current, personId) => {
      if (!viewer.isCoordinator && personId !== viewer.personId) throw notFound('member');
      const action =
        body.status === 'withdrawn' ? 'roster.member_withdrawn' : 'roster.member_updated';
      if (!viewer.isCoordinator) {
        return { ...planMemberStatusChange(current, body.status, true), reason: null, action };
      }
      return { ...planCoordinatorRosterChange(current, body.status, body.reason), action };
    });
  }

  /**
   * Applies a planned change to one place of a course in the caller's practice: the course row
   * is locked so two changes filling the last place are served one after the other, capacity
   * and calendars are checked when the change takes a place, and a clash refuses it all.
   */
  private async change(
    principal: Principal,
    courseId: string,
    memberId: string,
    plan: (current: RosterStatus, personId: string) => PlannedChange,
  ): Promise<RosterMember> {
    const viewer = viewerOf(principal);
    let participant: Participant | undefined;
    let slots: ProposedSlot[] = [];
    try {
      return await retryOnDeadlock(() =>
        this.dataSource.transaction(async (tx) => {
          const [found] = await queryRows(
            tx,
            'lock a course',
            idRow,
            `SELECT c.id FROM course c WHERE c.id = $1 AND c.practice_id = $2 FOR UPDATE`,
            [courseId, viewer.practiceId],
          );
          if (!found) throw notFound('member');
          const course = await courseRow(tx, { ...viewer, isCoordinator: true }, courseId);
          const members = await memberRows(tx, courseId, true);
          const current = members.find((m) => m.id === memberId);
          if (!current) throw notFound('member');
          const change = inBody(() => plan(current.status, current.personId));
          participant = { personId: current.personId, role: 'client' };
          const now = new Date();
          if (change.takesPlace) {
            admitMember(course.format, countHeldPlaces(members), capacityOfRow(course));
            slots = await futureSlots(tx, courseId, now);
            const conflicts = await this.conflictsOf(tx, participant, slots);
            if (conflicts.length > 0) throw doubleBooked(conflicts);
            await bookSessions(tx, courseId, [participant], now);
          }
          if (change.freesPlace) await freeBookings(tx, courseId, current.personId, now);
          await tx.query(`UPDATE roster_member SET status = $2, updated_at = $3 WHERE id = $1`, [
            memberId,
            change.to,
            now,
          ]);
          await recordRosterChange(tx, {
            memberId,
            from: change.from,
            to: change.to,
            reason: change.reason,
            changedBy: principal.personId,
          });
          await this.audit.recordAct(
            principal,
            { action: change.action, entity: 'roster_member', entityId: memberId },
            tx,
          );
          const [row] = await queryRows(
            tx,
            'roster member',
            memberRowSchema,
            `SELECT r.id, r.person_id AS "personId", p.display_name AS "displayName", r.relation, r.status
               FROM roster_member r JOIN person p ON p.id = r.person_id WHERE r.id = $1`,
            [memberId],
          );
          return toMember(row!);
        }),
      );
    } catch (error) {
      if (isExclusionViolation(error) && participant) {
        throw doubleBooked(await this.conflictsOf(this.dataSource.manager, participant, slots));
      }
      throw error;
    }
  }

  private async conflictsOf(tx: EntityManager, participant: Participant, slots: ProposedSlot[]) {
    if (slots.length === 0) return [];
    const existing = await loadBookings(tx, [participant.personId], slots);
    return bookingConflicts([participant], slots, existing);
  }
}

/** The course's scheduled sessions still to come: what a member taking a place is booked into. */
