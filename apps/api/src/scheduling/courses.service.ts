import { Inject, Injectable } from '@nestjs/common';
import {
  rosterStatusSchema,
  schedulingRoutes,
  type BookingConflict,
  type CourseDetail,
  type CoursePreview,
  type CourseSummary,
  type RosterMember,
  type courseCreateBodySchema,
  type memberAddBodySchema,
} from '@hearth/contracts';
import {
  DomainError,
  admitMember,
  countHeldPlaces,
  phaseOf,
  sessionLabel,
  validateCoursePlan,
  weeklySeries,
} from '@hearth/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { IdempotencyService, type IdempotentResult } from '../idempotency/idempotency.service';
import { AuditService } from '../identity/audit.service';
import type { Principal } from '../identity/token-service';
import { type Participant, type ProposedSlot, bookingConflicts } from './booking-conflicts';
import { bookSessions, futureSlots, loadBookings } from './bookings';
import { insertCourse, type PreparedCourse } from './course-insert.queries';
import { isExclusionViolation, retryOnDeadlock } from '../database/database-errors';
import { queryRows } from '../database/rows';
import { doubleBooked, inBody, invalidBody } from './scheduling-errors';
import { RosterMemberEntity } from './scheduling.entities';
import { capacityOfRow, toCourseDetail, toCourseSummary, toMember } from './scheduling.mappers';
import {
  type CourseRow,
  type Viewer,
  courseDetailRow,
  courseRow,
  listCourseRows,
  memberRowSchema,
  memberRows,
  practicePeople,
  viewerOf,
} from './scheduling.queries';

type CourseCreateBody = z.output<typeof courseCreateBodySchema>;
type MemberAddBody = z.output<typeof memberAddBodySchema>;

// Idempotency keys are kept per person and route template.
const routeKey = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
const createCourseRoute = routeKey(schedulingRoutes.createCourse);
const addMemberRoute = routeKey(schedulingRoutes.addMember);

@Injectable()
export class CoursesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly idempotency: IdempotencyService,
  ) {}

  /** The series a plan would generate and every clash in it; writes nothing but the audit row. */
  async preview(principal: Principal, body: CourseCreateBody): Promise<CoursePreview> {
    const manager = this.dataSource.manager;
    const { plan, series, participants } = await this.prepare(manager, principal, body);
    const conflicts = await this.conflictsOf(manager, participants, series);
    await this.audit.recordAct(principal, {
      action: 'course.previewed',
      entity: 'course',
      entityId: null,
    });
    return {
      format: plan.format,
      capacity: plan.capacity,
      sessionCount: plan.sessionCount,
      durationMinutes: plan.durationMinutes,
      timeZone: plan.timeZone,
      firstSessionDate: plan.firstSessionDate,
      sessions: series.map((occurrence) => ({
        number: occurrence.number,
        label: sessionLabel(occurrence.number, plan.sessionCount),
        phase: phaseOf(occurrence.number, plan.sessionCount),
        startsAt: occurrence.startsAt.toISOString(),
        endsAt: occurrence.endsAt.toISOString(),
        localDate: occurrence.localDate,
        conflicts: conflicts.filter((c) => c.sessionNumber === occurrence.number),
      })),
      hasConflicts: conflicts.length > 0,
    };
  }

  /**
   * Creates the course, its whole series, the roster and everyone's bookings in one transaction.
   * The series is checked against everyone's calendar first; the exclusion constraint then
   * catches what a concurrent request booked in between, and either way the answer is a 409
   * naming the sessions in the way.
   */
  async create(
    principal: Principal,
    body: CourseCreateBody,
    key: string | undefined,
  ): Promise<IdempotentResult<CourseDetail>> {
    let prepared: PreparedCourse | undefined;
    try {
      return await retryOnDeadlock(() =>
        this.idempotency.run(
          {
            personId: principal.personId,
            route: createCourseRoute,
            key,
            payload: { body },
            status: 201,
          },
          async (tx) => {
            prepared = await this.prepare(tx, principal, body);
            const conflicts = await this.conflictsOf(tx, prepared.participants, prepared.series);
            if (conflicts.length > 0) throw doubleBooked(conflicts);
            const courseId = await insertCourse(tx, principal, body, prepared);
            return this.detail(tx, viewerOf(principal), courseId);
          },
        ),
      );
    } catch (error) {
      if (isExclusionViolation(error) && prepared) {
        throw doubleBooked(
          await this.conflictsOf(this.dataSource.manager, prepared.participants, prepared.series),
        );
      }
      throw error;
    }
  }

  async list(principal: Principal): Promise<CourseSummary[]> {
    const rows = await listCourseRows(this.dataSource.manager, viewerOf(principal));
    await this.audit.recordAct(principal, {
      action: 'course.listed',
      entity: 'course',
      entityId: null,
    });
    return rows.map(toCourseSummary);
  }

  /** A course with its roster and sessions; the roster read is audited by the same statement. */
  async get(principal: Principal, courseId: string): Promise<CourseDetail> {
    const { course, members, sessions } = await courseDetailRow(
      this.dataSource.manager,
      viewerOf(principal),
      courseId,
      { audit: true },
    );
    return toCourseDetail(course, members, sessions);
  }

  /**
   * Adds a client to a roster. The course row is locked so two coordinators filling the last
   * place are served one after the other; capacity is the domain's rule, and a full group puts
   * the client on its waitlist when asked. A client who takes a place is booked into every
   * future session, and a clash refuses the whole change.
   */
  async addMember(
    principal: Principal,
    courseId: string,
    body: MemberAddBody,
    key: string | undefined,
  ): Promise<IdempotentResult<RosterMember>> {
    const viewer = viewerOf(principal);
    const participant: Participant = { personId: body.personId, role: 'client' };
    let slots: ProposedSlot[] = [];
    try {
      return await retryOnDeadlock(() =>
        this.idempotency.run(
          {
            personId: principal.personId,
            route: addMemberRoute,
            key,
            payload: { params: { courseId }, body },
            status: 201,
          },
          async (tx) => {
            const course = await this.lockCourse(tx, viewer, courseId);
            await this.assertClient(tx, principal, course, body.personId, 'personId');
            const [onRoster] = await queryRows(
              tx,
              'roster place of a client',
              z.strictObject({ id: z.guid(), status: rosterStatusSchema }),
              `SELECT id, status FROM roster_member WHERE course_id = $1 AND person_id = $2`,
              [courseId, body.personId],
            );
            if (onRoster) {
              throw new DomainError('conflict', 'This client is already on the roster', {
                reason: 'already_on_roster',
                memberId: onRoster.id,
                status: onRoster.status,
              });
            }
            const members = await memberRows(tx, courseId, true);
            const admission = admitMember(
              course.format,
              countHeldPlaces(members),
              capacityOfRow(course),
              { waitlist: body.waitlist },
            );
            if (admission === 'place') {
              slots = await futureSlots(tx, courseId, new Date());
              const conflicts = await this.conflictsOf(tx, [participant], slots);
              if (conflicts.length > 0) throw doubleBooked(conflicts);
            }
            const status = admission === 'waitlist' ? 'waitlisted' : body.status;
            const inserted = await tx.insert(RosterMemberEntity, {
              courseId,
              personId: body.personId,
              relation: body.relation,
              status,
            });
            const memberId = (inserted.identifiers[0] as { id: string }).id;
            if (admission === 'place') await bookSessions(tx, courseId, [participant], new Date());
            await this.audit.recordAct(
              principal,
              {
                action:
                  admission === 'waitlist' ? 'roster.member_waitlisted' : 'roster.member_added',
                entity: 'roster_member',
                entityId: memberId,
              },
              tx,
            );
            return this.member(tx, memberId);
          },
        ),
      );
    } catch (error) {
      if (isExclusionViolation(error)) {
        throw doubleBooked(await this.conflictsOf(this.dataSource.manager, [participant], slots));
      }
      throw error;
    }
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────

  /**
   * Validates a plan with the domain rules and the practice's people: the therapist and
   * co-therapist must be therapists of the caller's practice and each member one of its clients,
   * named once and not also running the course. Every problem is reported as a body field.
   */
  private async prepare(
    tx: EntityManager,
    principal: Principal,
    body: CourseCreateBody,
  ): Promise<PreparedCourse> {
    const plan = inBody(() => validateCoursePlan(body));
    const ids = [
      plan.therapistId,
      ...(plan.coTherapistId ? [plan.coTherapistId] : []),
      ...body.members.map((m) => m.personId),
    ];
    const people = await practicePeople(tx, principal.practiceId, ids);
    const issues: { path: string; message: string }[] = [];
    const hasRole = (id: string, role: string) => people.get(id)?.roles.includes(role) === true;
    if (!hasRole(plan.therapistId, 'therapist')) {
      issues.push({ path: 'therapistId', message: 'must be a therapist of this practice' });
    }
    if (plan.coTherapistId && !hasRole(plan.coTherapistId, 'therapist')) {
      issues.push({ path: 'coTherapistId', message: 'must be a therapist of this practice' });
    }
    const seen = new Set<string>();
    body.members.forEach((member, index) => {
      const path = `members.${index}.personId`;
      if (!hasRole(member.personId, 'client')) {
        issues.push({ path, message: 'must be a client of this practice' });
      } else if (member.personId === plan.therapistId || member.personId === plan.coTherapistId) {
        issues.push({ path, message: 'must not be a therapist of this course' });
      } else if (seen.has(member.personId)) {
        issues.push({ path, message: 'must not name the same client twice' });
      }
      seen.add(member.personId);
    });
    if (issues.length > 0) throw invalidBody(issues);
    body.members.forEach((_, index) => admitMember(plan.format, index, plan.capacity));
    const series = weeklySeries({
      startDate: plan.startDate,
      weekday: plan.weekday,
      localTime: plan.localTime,
      timeZone: plan.timeZone,
      count: plan.sessionCount,
      durationMinutes: plan.durationMinutes,
    });
    const participants: Participant[] = [
      { personId: plan.therapistId, role: 'therapist' },
      ...(plan.coTherapistId ? [{ personId: plan.coTherapistId, role: 'therapist' as const }] : []),
      ...body.members.map((m) => ({ personId: m.personId, role: 'client' as const })),
    ];
    return { plan, series, participants };
  }

  /** Every clash the participants would have in the slots, read from their live bookings. */
  private async conflictsOf(
    tx: EntityManager,
    participants: readonly Participant[],
    slots: readonly ProposedSlot[],
  ): Promise<BookingConflict[]> {
    if (slots.length === 0 || participants.length === 0) return [];
    const existing = await loadBookings(
      tx,
      participants.map((p) => p.personId),
      slots,
    );
    return bookingConflicts(participants, slots, existing);
  }

  /** A course the viewer may see, locked for a roster change. */
  private async lockCourse(tx: EntityManager, viewer: Viewer, courseId: string) {
    const course = await courseRow(tx, viewer, courseId);
    await tx.query(`SELECT id FROM course WHERE id = $1 FOR UPDATE`, [courseId]);
    return course;
  }

  /** A new member must be a client of the practice and not run the course. */
  private async assertClient(
    tx: EntityManager,
    principal: Principal,
    course: CourseRow,
    personId: string,
    path: string,
  ): Promise<void> {
    const person = (await practicePeople(tx, principal.practiceId, [personId])).get(personId);
    if (!person?.roles.includes('client')) {
      throw invalidBody([{ path, message: 'must be a client of this practice' }]);
    }
    if (personId === course.therapistId || personId === course.coTherapistId) {
      throw invalidBody([{ path, message: 'must not be a therapist of this course' }]);
    }
  }

  private async detail(tx: EntityManager, viewer: Viewer, courseId: string): Promise<CourseDetail> {
    const { course, members, sessions } = await courseDetailRow(tx, viewer, courseId, {
      audit: false,
    });
    return toCourseDetail(course, members, sessions);
  }

  private async member(tx: EntityManager, memberId: string): Promise<RosterMember> {
    const [row] = await queryRows(
      tx,
      'roster member',
      memberRowSchema,
      `SELECT r.id, r.person_id AS "personId", p.display_name AS "displayName", r.relation, r.status
         FROM roster_member r JOIN person p ON p.id = r.person_id WHERE r.id = $1`,
      [memberId],
    );
    return toMember(row!);
  }
}
