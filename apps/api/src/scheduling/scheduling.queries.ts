import type { CourseFormat, FocusArea, MemberRelation, RosterStatus } from '@hearth/contracts';
import { DomainError } from '@hearth/domain';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../identity/token-service';

// Reads shared by the course and session services. Every read is scoped by a `Viewer`, and the
// scope is part of the SQL: a row the caller may not see is never loaded, so "not yours" and
// "does not exist" cannot be told apart (both are 404).

/** Who is reading, reduced to what the visibility rules need. */
export interface Viewer {
  readonly personId: string;
  readonly practiceId: string;
  /** Coordinators see and change everything in their practice. */
  readonly isCoordinator: boolean;
}

export function viewerOf(principal: Principal): Viewer {
  return {
    personId: principal.personId,
    practiceId: principal.practiceId,
    isCoordinator: principal.roles.includes('coordinator'),
  };
}

/** Parameters $1–$3 of every scoped query. */
export function viewerParams(viewer: Viewer): unknown[] {
  return [viewer.practiceId, viewer.personId, viewer.isCoordinator];
}

/**
 * A course `c` is visible to its practice's coordinators, to its therapist and co-therapist, and
 * to clients on its roster who are invited or active (not withdrawn or waitlisted).
 */
export const courseVisibleSql = `c.practice_id = $1 AND (
  $3::boolean OR c.therapist_id = $2 OR c.co_therapist_id = $2
  OR EXISTS (SELECT 1 FROM roster_member v
              WHERE v.course_id = c.id AND v.person_id = $2 AND v.status IN ('invited', 'active'))
)`;

/**
 * A session `s` of course `c` is visible to whoever sees the course as staff; a client sees only
 * the sessions they are booked into (so not those before they joined).
 */
export const sessionVisibleSql = `${courseVisibleSql} AND (
  $3::boolean OR c.therapist_id = $2 OR c.co_therapist_id = $2
  OR EXISTS (SELECT 1 FROM booking vb WHERE vb.session_id = s.id AND vb.person_id = $2)
)`;

export interface CourseRow {
  readonly id: string;
  readonly title: string;
  readonly format: CourseFormat;
  readonly focusAreas: FocusArea[];
  readonly therapistId: string;
  readonly therapistName: string;
  readonly coTherapistId: string | null;
  readonly coTherapistName: string | null;
  readonly sessionCount: number;
  readonly durationMinutes: number;
  readonly timeZone: string;
  readonly weekday: number;
  readonly localTime: string;
  readonly startDate: string;
  readonly maxMembers: number;
  readonly heldPlaces: number;
  readonly createdAt: Date;
}

const courseColumns = `
  c.id, c.title, c.format, c.focus_areas AS "focusAreas",
  c.therapist_id AS "therapistId", t.display_name AS "therapistName",
  c.co_therapist_id AS "coTherapistId", ct.display_name AS "coTherapistName",
  c.session_count AS "sessionCount", c.duration_minutes AS "durationMinutes",
  c.time_zone AS "timeZone", c.weekday, c.local_time AS "localTime",
  c.start_date::text AS "startDate", c.max_members AS "maxMembers", c.created_at AS "createdAt",
  (SELECT count(*)::int FROM roster_member h
    WHERE h.course_id = c.id AND h.status IN ('invited', 'active')) AS "heldPlaces"`;

const courseJoins = `
  JOIN person t ON t.id = c.therapist_id
  LEFT JOIN person ct ON ct.id = c.co_therapist_id`;

/** Courses the viewer may see, newest first. */
export function listCourseRows(tx: EntityManager, viewer: Viewer): Promise<CourseRow[]> {
  return tx.query(
    `SELECT ${courseColumns} FROM course c ${courseJoins}
      WHERE ${courseVisibleSql} ORDER BY c.created_at DESC, c.id`,
    viewerParams(viewer),
  );
}

/** One course the viewer may see. @throws DomainError `not_found` otherwise. */
export async function courseRow(
  tx: EntityManager,
  viewer: Viewer,
  courseId: string,
): Promise<CourseRow> {
  const [row]: CourseRow[] = await tx.query(
    `SELECT ${courseColumns} FROM course c ${courseJoins}
      WHERE ${courseVisibleSql} AND c.id = $4`,
    [...viewerParams(viewer), courseId],
  );
  if (!row) throw notFound('course');
  return row;
}

/** True when the viewer runs or coordinates the course (sees the whole roster and history). */
export function isStaffOf(
  viewer: Viewer,
  course: Pick<CourseRow, 'therapistId' | 'coTherapistId'>,
) {
  return (
    viewer.isCoordinator ||
    course.therapistId === viewer.personId ||
    course.coTherapistId === viewer.personId
  );
}

export interface MemberRow {
  readonly id: string;
  readonly personId: string;
  readonly displayName: string;
  readonly relation: MemberRelation;
  readonly status: RosterStatus;
}

/** A course's roster in the order people joined; only invited and active members unless `all`. */
export function memberRows(
  tx: EntityManager,
  courseId: string,
  all: boolean,
): Promise<MemberRow[]> {
  return tx.query(
    `SELECT r.id, r.person_id AS "personId", p.display_name AS "displayName", r.relation, r.status
       FROM roster_member r JOIN person p ON p.id = r.person_id
      WHERE r.course_id = $1 AND ($2::boolean OR r.status IN ('invited', 'active'))
      ORDER BY r.seq`,
    [courseId, all],
  );
}

export interface SessionRow {
  readonly id: string;
  readonly courseId: string;
  readonly number: number;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly status: 'scheduled' | 'cancelled';
}

/** A course's sessions in order; for a client only those they are booked into. */
export function courseSessionRows(
  tx: EntityManager,
  courseId: string,
  onlyBookedFor: string | null,
): Promise<SessionRow[]> {
  return tx.query(
    `SELECT s.id, s.course_id AS "courseId", s.number, s.starts_at AS "startsAt",
            s.ends_at AS "endsAt", s.status
       FROM session s
      WHERE s.course_id = $1
        AND ($2::uuid IS NULL
             OR EXISTS (SELECT 1 FROM booking b WHERE b.session_id = s.id AND b.person_id = $2))
      ORDER BY s.number`,
    [courseId, onlyBookedFor],
  );
}

export interface SessionWithCourseRow extends SessionRow {
  readonly course: CourseRow;
}

const sessionColumns = `s.id AS "sessionId", s.course_id AS "sessionCourseId", s.number AS "sessionNumber",
  s.starts_at AS "sessionStartsAt", s.ends_at AS "sessionEndsAt", s.status AS "sessionStatus"`;

type FlatSessionRow = CourseRow & {
  sessionId: string;
  sessionCourseId: string;
  sessionNumber: number;
  sessionStartsAt: Date;
  sessionEndsAt: Date;
  sessionStatus: 'scheduled' | 'cancelled';
};

function unflatten(row: FlatSessionRow): SessionWithCourseRow {
  const {
    sessionId,
    sessionCourseId,
    sessionNumber,
    sessionStartsAt,
    sessionEndsAt,
    sessionStatus,
  } = row;
  return {
    id: sessionId,
    courseId: sessionCourseId,
    number: sessionNumber,
    startsAt: sessionStartsAt,
    endsAt: sessionEndsAt,
    status: sessionStatus,
    course: row,
  };
}

/** Sessions the viewer may see that overlap `[from, to)`, in time order. */
export async function sessionsInWindow(
  tx: EntityManager,
  viewer: Viewer,
  from: Date,
  to: Date,
): Promise<SessionWithCourseRow[]> {
  const rows: FlatSessionRow[] = await tx.query(
    `SELECT ${courseColumns}, ${sessionColumns}
       FROM session s JOIN course c ON c.id = s.course_id ${courseJoins}
      WHERE s.practice_id = $1 AND s.starts_at < $5 AND s.ends_at > $4 AND ${sessionVisibleSql}
      ORDER BY s.starts_at, s.id`,
    [...viewerParams(viewer), from, to],
  );
  return rows.map(unflatten);
}

/**
 * One session the viewer may see, with its course. With `lock`, the session row is locked for
 * the rest of the transaction (reschedule and cancel).
 *
 * @throws DomainError `not_found` when there is none the viewer may see.
 */
export async function sessionRow(
  tx: EntityManager,
  viewer: Viewer,
  sessionId: string,
  lock = false,
): Promise<SessionWithCourseRow> {
  const [row]: FlatSessionRow[] = await tx.query(
    `SELECT ${courseColumns}, ${sessionColumns}
       FROM session s JOIN course c ON c.id = s.course_id ${courseJoins}
      WHERE s.id = $4 AND ${sessionVisibleSql}
      ${lock ? 'FOR UPDATE OF s' : ''}`,
    [...viewerParams(viewer), sessionId],
  );
  if (!row) throw notFound('session');
  return unflatten(row);
}

export interface PersonFacts {
  readonly id: string;
  readonly roles: string[];
}

/** Enabled people of the practice among `ids`, by id (others are simply missing). */
export async function practicePeople(
  tx: EntityManager,
  practiceId: string,
  ids: readonly string[],
): Promise<Map<string, PersonFacts>> {
  if (ids.length === 0) return new Map();
  const rows: PersonFacts[] = await tx.query(
    `SELECT id, roles FROM person
      WHERE practice_id = $1 AND id = ANY ($2::uuid[]) AND disabled_at IS NULL`,
    [practiceId, [...new Set(ids)]],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/** The one answer for an id the caller may not see, whether or not it exists. */
export function notFound(what: 'course' | 'session' | 'member'): DomainError {
  return new DomainError('not_found', `No such ${what}`);
}
