import {
  courseFormatSchema,
  focusAreaSchema,
  memberRelationSchema,
  rosterStatusSchema,
  sessionStatusSchema,
} from '@hearth/contracts';
import { DomainError, isCourseTherapist } from '@hearth/domain';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { preparedStatement, queryPrepared } from '../database/prepared';
import { relaxedCommitCte } from '../identity/audit.service';
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

const courseRowSchema = z.strictObject({
  id: z.guid(),
  title: z.string(),
  format: courseFormatSchema,
  focusAreas: z.array(focusAreaSchema),
  therapistId: z.guid(),
  therapistName: z.string(),
  coTherapistId: z.guid().nullable(),
  coTherapistName: z.string().nullable(),
  sessionCount: z.number().int(),
  durationMinutes: z.number().int(),
  timeZone: z.string(),
  weekday: z.number().int(),
  localTime: z.string(),
  startDate: z.string(),
  maxMembers: z.number().int(),
  heldPlaces: z.number().int(),
  createdAt: z.date(),
});
export type CourseRow = Readonly<z.infer<typeof courseRowSchema>>;

const courseColumns = `
  c.id, c.title, c.format, c.focus_areas AS "focusAreas",
  c.therapist_id AS "therapistId", t.display_name AS "therapistName",
  c.co_therapist_id AS "coTherapistId", ct.display_name AS "coTherapistName",
  c.session_count AS "sessionCount", c.duration_minutes AS "durationMinutes",
  c.time_zone AS "timeZone", c.weekday, c.local_time AS "localTime",
  c.start_date::text AS "startDate", c.max_members AS "maxMembers", c.created_at AS "createdAt",
  (SELECT count(*)::int FROM roster_member h
    WHERE h.course_id = c.id AND h.status IN ('invited', 'active')) AS "heldPlaces"`;

export const courseJoins = `
  JOIN person t ON t.id = c.therapist_id
  LEFT JOIN person ct ON ct.id = c.co_therapist_id`;

// The reads below are prepared statements (see database/prepared.ts): planning them costs
// PostgreSQL several times what running them does.

const listCourses = preparedStatement(
  'scheduling_list_courses',
  `SELECT ${courseColumns} FROM course c ${courseJoins}
    WHERE ${courseVisibleSql} ORDER BY c.created_at DESC, c.id`,
);

/** Courses the viewer may see, newest first. */
export function listCourseRows(tx: EntityManager, viewer: Viewer): Promise<CourseRow[]> {
  return queryPrepared(tx, listCourses, courseRowSchema, viewerParams(viewer));
}

const oneCourse = preparedStatement(
  'scheduling_course',
  `SELECT ${courseColumns} FROM course c ${courseJoins}
    WHERE ${courseVisibleSql} AND c.id = $4`,
);

/** One course the viewer may see. @throws DomainError `not_found` otherwise. */
export async function courseRow(
  tx: EntityManager,
  viewer: Viewer,
  courseId: string,
): Promise<CourseRow> {
  const [row] = await queryPrepared(tx, oneCourse, courseRowSchema, [
    ...viewerParams(viewer),
    courseId,
  ]);
  if (!row) throw notFound('course');
  return row;
}

/** True when the viewer runs or coordinates the course (sees the whole roster and history). */
export function isStaffOf(
  viewer: Viewer,
  course: Pick<CourseRow, 'therapistId' | 'coTherapistId'>,
) {
  return viewer.isCoordinator || isCourseTherapist(course, viewer.personId);
}

export const memberRowSchema = z.strictObject({
  id: z.guid(),
  personId: z.guid(),
  displayName: z.string(),
  relation: memberRelationSchema,
  status: rosterStatusSchema,
});
export type MemberRow = Readonly<z.infer<typeof memberRowSchema>>;

const courseMembers = preparedStatement(
  'scheduling_course_members',
  `SELECT r.id, r.person_id AS "personId", p.display_name AS "displayName", r.relation, r.status
     FROM roster_member r JOIN person p ON p.id = r.person_id
    WHERE r.course_id = $1 AND ($2::boolean OR r.status IN ('invited', 'active'))
    ORDER BY r.seq`,
);

/** A course's roster in the order people joined; only invited and active members unless `all`. */
export function memberRows(
  tx: EntityManager,
  courseId: string,
  all: boolean,
): Promise<MemberRow[]> {
  return queryPrepared(tx, courseMembers, memberRowSchema, [courseId, all]);
}

export const sessionRowShape = {
  id: z.guid(),
  courseId: z.guid(),
  number: z.number().int(),
  startsAt: z.date(),
  endsAt: z.date(),
  status: sessionStatusSchema,
};
export type SessionRow = Readonly<z.infer<z.ZodObject<typeof sessionRowShape>>>;

// A roster as JSON, in join order: everyone for staff (`staffSql`), otherwise only invited and
// active members. `courseIdSql` names the course.
export const membersJsonSql = (courseIdSql: string, staffSql: string) =>
  `(SELECT coalesce(json_agg(json_build_object(
             'id', r.id, 'personId', r.person_id, 'displayName', p.display_name,
             'relation', r.relation, 'status', r.status) ORDER BY r.seq), '[]')
      FROM roster_member r JOIN person p ON p.id = r.person_id
     WHERE r.course_id = ${courseIdSql} AND (${staffSql} OR r.status IN ('invited', 'active')))`;

/**
 * Whether viewer $2 (a coordinator when $3) runs or coordinates course `c`: true or false, never
 * null (a course without a co-therapist would otherwise give null for everyone else).
 */
export const staffOfCourseSql = `($3::boolean OR c.therapist_id = $2 OR coalesce(c.co_therapist_id = $2, false))`;

// A course the viewer ($1–$3) may see, id $4, with its roster and its sessions (for a client only
// those they are booked into) as JSON. `audited`: the statement also writes the audit row of
// this roster read, only when the course was found (see AuditService for the relaxed commit).
const courseDetailSql = (audited: boolean) => `WITH
   found AS (
     SELECT ${courseColumns}, ${staffOfCourseSql} AS staff
       FROM course c ${courseJoins}
      WHERE ${courseVisibleSql} AND c.id = $4)
   ${
     audited
       ? `, ${relaxedCommitCte},
   audited AS (
     INSERT INTO audit_event (practice_id, actor_id, action, entity, entity_id)
     SELECT $1, $2, 'roster.read', 'course', f.id FROM found f)`
       : ''
   }
   SELECT f.*, ${membersJsonSql('f.id', 'f.staff')} AS members,
     (SELECT coalesce(json_agg(json_build_object(
               'id', s.id, 'courseId', s.course_id, 'number', s.number,
               'startsAt', s.starts_at, 'endsAt', s.ends_at, 'status', s.status,
               -- Staff see where a moved session was first planned and the latest reason.
               'movedFrom', (SELECT h.from_starts_at FROM session_change h
                              WHERE f.staff AND h.session_id = s.id AND h.kind = 'rescheduled'
                              ORDER BY h.at, h.id LIMIT 1),
               'moveReason', (SELECT h.reason FROM session_change h
                               WHERE f.staff AND h.session_id = s.id AND h.kind = 'rescheduled'
                               ORDER BY h.at DESC, h.id DESC LIMIT 1))
             ORDER BY s.number), '[]')
        FROM session s
       WHERE s.course_id = f.id
         AND (f.staff OR EXISTS (SELECT 1 FROM booking b
                                  WHERE b.session_id = s.id AND b.person_id = $2))) AS sessions
     FROM found f ${audited ? 'CROSS JOIN relaxed' : ''}`;

const courseDetailStatement = preparedStatement('scheduling_course_detail', courseDetailSql(false));
const courseReadStatement = preparedStatement('scheduling_course_read', courseDetailSql(true));

/** A session on its course's page, with where it was first planned when it was moved. */
export interface CourseSessionRow extends SessionRow {
  readonly movedFrom: Date | null;
  readonly moveReason: string | null;
}

export interface CourseDetailRow {
  readonly course: CourseRow;
  readonly members: MemberRow[];
  readonly sessions: CourseSessionRow[];
}

// Inside JSON, instants are ISO strings.
const courseDetailRowSchema = courseRowSchema.extend({
  staff: z.boolean(),
  members: z.array(memberRowSchema),
  sessions: z.array(
    z.strictObject({
      ...sessionRowShape,
      startsAt: z.string(),
      endsAt: z.string(),
      movedFrom: z.string().nullable(),
      moveReason: z.string().nullable(),
    }),
  ),
});

/**
 * A course the viewer may see with its roster and sessions, in one statement; with `audit`, the
 * statement also writes the audit row of this roster read (only when the course was found).
 *
 * @throws DomainError `not_found` otherwise.
 */
export async function courseDetailRow(
  tx: EntityManager,
  viewer: Viewer,
  courseId: string,
  { audit }: { audit: boolean },
): Promise<CourseDetailRow> {
  const [row] = await queryPrepared(
    tx,
    audit ? courseReadStatement : courseDetailStatement,
    courseDetailRowSchema,
    [...viewerParams(viewer), courseId],
  );
  if (!row) throw notFound('course');
  const { staff: _staff, members, sessions, ...course } = row;
  return {
    course,
    members,
    sessions: sessions.map((session) => ({
      ...session,
      startsAt: new Date(session.startsAt),
      endsAt: new Date(session.endsAt),
      movedFrom: session.movedFrom === null ? null : new Date(session.movedFrom),
    })),
  };
}

const personFactsSchema = z.strictObject({ id: z.guid(), roles: z.array(z.string()) });
export type PersonFacts = Readonly<z.infer<typeof personFactsSchema>>;

const peopleOfPractice = preparedStatement(
  'scheduling_practice_people',
  `SELECT id, roles FROM person
    WHERE practice_id = $1 AND id = ANY ($2::uuid[]) AND disabled_at IS NULL`,
);

/** Enabled people of the practice among `ids`, by id (others are simply missing). */
export async function practicePeople(
  tx: EntityManager,
  practiceId: string,
  ids: readonly string[],
): Promise<Map<string, PersonFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await queryPrepared(tx, peopleOfPractice, personFactsSchema, [
    practiceId,
    [...new Set(ids)],
  ]);
  return new Map(rows.map((row) => [row.id, row]));
}

/** The one answer for an id the caller may not see, whether or not it exists. */
export function notFound(what: 'course' | 'session' | 'member'): DomainError {
  return new DomainError('not_found', `No such ${what}`);
}
