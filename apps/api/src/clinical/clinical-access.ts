import { DomainError, isCourseTherapist } from '@hearth/domain';
import { checkInScheduleSchema, rosterStatusSchema, sessionStatusSchema } from '@hearth/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { anyRow, queryRows } from '../database/rows';
import type { Principal } from '../identity/token-service';

// Who may see a client's clinical records. The rules are part of every query: a course or a
// session is looked up only inside the caller's practice, and anything the caller may not see
// is "not found", so ids of other practices, courses or clients reveal nothing.
//
// - The course's therapist and co-therapist see and write every record of its clients.
// - A client sees their own records (never another member's), and never therapist notes or
//   alerts — routes for those are for therapists only.
// - Coordinators organise courses but do not read clinical records (they may set the course's
//   check-in schedule).

type Db = DataSource | EntityManager;

export const courseRefSchema = z.strictObject({
  id: z.guid(),
  practiceId: z.guid(),
  title: z.string(),
  sessionCount: z.number().int(),
  therapistId: z.guid(),
  coTherapistId: z.guid().nullable(),
  checkInSchedule: checkInScheduleSchema,
});
export type CourseRef = Readonly<z.infer<typeof courseRefSchema>>;

/** A session's own columns (`sessionColumns`). */
export const sessionRefShape = {
  id: z.guid(),
  number: z.number().int(),
  startsAt: z.date(),
  endsAt: z.date(),
  status: sessionStatusSchema,
};

const sessionRefSchema = z.strictObject({ ...sessionRefShape, course: courseRefSchema });
export type SessionRef = Readonly<z.infer<typeof sessionRefSchema>>;

export const notFound = (what: string) => new DomainError('not_found', `No such ${what}`);

export function runsCourse(principal: Principal, course: CourseRef): boolean {
  return principal.roles.includes('therapist') && isCourseTherapist(course, principal.personId);
}

const courseColumns = `c.id, c.practice_id AS "practiceId", c.title, c.session_count AS "sessionCount",
  c.therapist_id AS "therapistId", c.co_therapist_id AS "coTherapistId",
  c.check_in_schedule AS "checkInSchedule"`;

/** A course of the caller's practice, whoever they are (callers decide what they may do). */
export async function courseOfPractice(
  db: Db,
  principal: Principal,
  courseId: string,
  lock = false,
): Promise<CourseRef> {
  const [row] = await queryRows(
    db,
    'course of a practice',
    courseRefSchema,
    `SELECT ${courseColumns} FROM course c WHERE c.id = $1 AND c.practice_id = $2
      ${lock ? 'FOR UPDATE' : ''}`,
    [courseId, principal.practiceId],
  );
  if (!row) throw notFound('course');
  return row;
}

/** A course the caller runs as its therapist or co-therapist. */
export async function courseRunBy(
  db: Db,
  principal: Principal,
  courseId: string,
): Promise<CourseRef> {
  const course = await courseOfPractice(db, principal, courseId);
  if (!runsCourse(principal, course)) throw notFound('course');
  return course;
}

/**
 * A client's place in a course, as the caller may reach it: `therapist` when the caller runs
 * the course (any member, withdrawn ones included, for the history), `self` when the caller is
 * that client holding a place (invited or active). `selfAllowed: false` keeps clients out.
 */
export async function clientOfCourse(
  db: Db,
  principal: Principal,
  courseId: string,
  personId: string,
  selfAllowed: boolean,
): Promise<{ course: CourseRef; as: 'therapist' | 'self' }> {
  const [row] = await queryRows(
    db,
    'client of a course',
    courseRefSchema.extend({ rosterStatus: rosterStatusSchema }),
    `SELECT ${courseColumns}, rm.status AS "rosterStatus"
       FROM course c JOIN roster_member rm ON rm.course_id = c.id AND rm.person_id = $3
      WHERE c.id = $1 AND c.practice_id = $2`,
    [courseId, principal.practiceId, personId],
  );
  if (!row) throw notFound('client in this course');
  const { rosterStatus, ...course } = row;
  if (runsCourse(principal, course)) return { course, as: 'therapist' };
  if (
    selfAllowed &&
    principal.personId === personId &&
    principal.roles.includes('client') &&
    (rosterStatus === 'active' || rosterStatus === 'invited')
  ) {
    return { course, as: 'self' };
  }
  throw notFound('client in this course');
}

const sessionColumns = `s.id, s.number, s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.status`;

async function sessionOfPractice(
  db: Db,
  principal: Principal,
  sessionId: string,
  extraJoin = '',
  extraParams: unknown[] = [],
): Promise<SessionRef | undefined> {
  const [row] = await queryRows(
    db,
    'session of a practice',
    sessionRefSchema,
    `SELECT ${sessionColumns},
            json_build_object('id', c.id, 'practiceId', c.practice_id, 'title', c.title,
              'sessionCount', c.session_count, 'therapistId', c.therapist_id,
              'coTherapistId', c.co_therapist_id, 'checkInSchedule', c.check_in_schedule) AS course
       FROM session s JOIN course c ON c.id = s.course_id ${extraJoin}
      WHERE s.id = $1 AND s.practice_id = $2`,
    [sessionId, principal.practiceId, ...extraParams],
  );
  return row;
}

/** A session of a course the caller runs. */
export async function sessionRunBy(
  db: Db,
  principal: Principal,
  sessionId: string,
): Promise<SessionRef> {
  const session = await sessionOfPractice(db, principal, sessionId);
  if (!session || !runsCourse(principal, session.course)) throw notFound('session');
  return session;
}

/**
 * A session the calling client is booked into (and holds a place in its course): the one whose
 * check-in they may fill in.
 */
export async function sessionOfClient(
  db: Db,
  principal: Principal,
  sessionId: string,
): Promise<SessionRef> {
  const session = await sessionOfPractice(
    db,
    principal,
    sessionId,
    `JOIN booking b ON b.session_id = s.id AND b.person_id = $3 AND NOT b.cancelled
     JOIN roster_member rm ON rm.course_id = c.id AND rm.person_id = $3
                          AND rm.status IN ('invited', 'active')`,
    [principal.personId],
  );
  if (!session || !principal.roles.includes('client')) throw notFound('session');
  return session;
}

/**
 * A client booked into a session of a course the caller runs: the pair a progress note or a
 * private note is written about.
 */
export async function clientOfSessionRunBy(
  db: Db,
  principal: Principal,
  sessionId: string,
  personId: string,
): Promise<SessionRef> {
  const session = await sessionOfPractice(
    db,
    principal,
    sessionId,
    `JOIN booking b ON b.session_id = s.id AND b.person_id = $3 AND b.role = 'client'`,
    [personId],
  );
  if (!session || !runsCourse(principal, session.course)) throw notFound('client in this session');
  return session;
}

/**
 * Refuses a change to the clinical records of a person whose records were restricted when
 * their account was erased: what is kept stays as it was.
 */
export async function assertNotRestricted(db: Db, personId: string): Promise<void> {
  const [row] = await queryRows(
    db,
    'clinical restriction of a person',
    anyRow,
    `SELECT 1 FROM clinical_restriction WHERE person_id = $1 LIMIT 1`,
    [personId],
  );
  if (row) {
    throw new DomainError('conflict', 'This person’s clinical records are restricted', {
      reason: 'restricted',
    });
  }
}
