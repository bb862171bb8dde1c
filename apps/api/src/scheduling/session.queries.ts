import { courseFormatSchema, rosterStatusSchema, type RosterStatus } from '@hearth/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { preparedStatement, queryPrepared } from '../database/prepared';
import { relaxedCommitCte } from '../identity/audit.service';
import {
  type CourseRow,
  type MemberRow,
  type SessionRow,
  type Viewer,
  courseJoins,
  memberRowSchema,
  membersJsonSql,
  notFound,
  sessionRowShape,
  sessionVisibleSql,
  staffOfCourseSql,
  viewerParams,
} from './scheduling.queries';

// Reads of sessions for the session views, scoped by a `Viewer` like every read of
// scheduling.queries.ts (prepared statements: see database/prepared.ts).

/** What a session's views show of its course. */
export type SessionCourse = Pick<
  CourseRow,
  | 'id'
  | 'title'
  | 'format'
  | 'sessionCount'
  | 'timeZone'
  | 'therapistId'
  | 'therapistName'
  | 'coTherapistId'
  | 'coTherapistName'
>;

export interface SessionWithCourseRow extends SessionRow {
  readonly course: SessionCourse;
}

// A session `s` with what its views show of course `c` (not the course's roster count or plan).
const sessionColumns = `s.id, s.course_id AS "courseId", s.number, s.starts_at AS "startsAt",
  s.ends_at AS "endsAt", s.status, c.title AS "courseTitle", c.format AS "courseFormat",
  c.session_count AS "courseSessionCount", c.time_zone AS "courseTimeZone",
  c.therapist_id AS "therapistId", t.display_name AS "therapistName",
  c.co_therapist_id AS "coTherapistId", ct.display_name AS "coTherapistName"`;

const flatSessionRowSchema = z.strictObject({
  ...sessionRowShape,
  courseTitle: z.string(),
  courseFormat: courseFormatSchema,
  courseSessionCount: z.number().int(),
  courseTimeZone: z.string(),
  therapistId: z.guid(),
  therapistName: z.string(),
  coTherapistId: z.guid().nullable(),
  coTherapistName: z.string().nullable(),
});
type FlatSessionRow = z.infer<typeof flatSessionRowSchema>;

function unflatten(row: FlatSessionRow): SessionWithCourseRow {
  return {
    id: row.id,
    courseId: row.courseId,
    number: row.number,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    status: row.status,
    course: {
      id: row.courseId,
      title: row.courseTitle,
      format: row.courseFormat,
      sessionCount: row.courseSessionCount,
      timeZone: row.courseTimeZone,
      therapistId: row.therapistId,
      therapistName: row.therapistName,
      coTherapistId: row.coTherapistId,
      coTherapistName: row.coTherapistName,
    },
  };
}

// What Home needs to apply the join rule for viewer $2 of practice $1: their own place on the
// course's roster and whether they accepted the practice's current consent.
const viewerJoinColumns = `
  (SELECT vp.status FROM roster_member vp WHERE vp.course_id = c.id AND vp.person_id = $2)
    AS "viewerPlace",
  EXISTS (SELECT 1 FROM consent_acceptance ca JOIN consent_version cv ON cv.id = ca.consent_version_id
           WHERE ca.person_id = $2 AND cv.practice_id = $1
             AND cv.version = (SELECT max(version) FROM consent_version WHERE practice_id = $1))
    AS "viewerConsented"`;

/** A session in a list, with the viewer's place and consent (see the join rule). */
export interface SessionListRow extends SessionWithCourseRow {
  readonly viewerPlace: RosterStatus | null;
  readonly viewerConsented: boolean;
}

const sessionsWindow = preparedStatement(
  'scheduling_sessions_in_window',
  `SELECT ${sessionColumns}, ${viewerJoinColumns}
     FROM session s JOIN course c ON c.id = s.course_id ${courseJoins}
    WHERE s.practice_id = $1 AND s.starts_at < $5 AND s.ends_at > $4 AND ${sessionVisibleSql}
    ORDER BY s.starts_at, s.id`,
);

/** Sessions the viewer may see that overlap `[from, to)`, in time order. */
export async function sessionsInWindow(
  tx: EntityManager,
  viewer: Viewer,
  from: Date,
  to: Date,
): Promise<SessionListRow[]> {
  const rows = await queryPrepared(
    tx,
    sessionsWindow,
    flatSessionRowSchema.extend({
      viewerPlace: rosterStatusSchema.nullable(),
      viewerConsented: z.boolean(),
    }),
    [...viewerParams(viewer), from, to],
  );
  return rows.map(({ viewerPlace, viewerConsented, ...row }) => ({
    ...unflatten(row),
    viewerPlace,
    viewerConsented,
  }));
}

const oneSessionSql = `SELECT ${sessionColumns}
  FROM session s JOIN course c ON c.id = s.course_id ${courseJoins}
 WHERE s.id = $4 AND ${sessionVisibleSql}`;
const oneSession = preparedStatement('scheduling_session', oneSessionSql);
const lockedSession = preparedStatement(
  'scheduling_session_locked',
  `${oneSessionSql} FOR UPDATE OF s`,
);

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
  const [row] = await queryPrepared(tx, lock ? lockedSession : oneSession, flatSessionRowSchema, [
    ...viewerParams(viewer),
    sessionId,
  ]);
  if (!row) throw notFound('session');
  return unflatten(row);
}

export interface SessionChangeRow {
  readonly kind: 'rescheduled' | 'cancelled';
  readonly fromStartsAt: Date;
  readonly fromEndsAt: Date;
  readonly toStartsAt: Date | null;
  readonly toEndsAt: Date | null;
  readonly reason: string | null;
  readonly changedBy: string;
  readonly at: Date;
}

/** What a session's page shows: the session, its roster as the viewer may see it, its history. */
export interface SessionReadRow {
  readonly session: SessionWithCourseRow;
  /** Whether the viewer runs or coordinates the course: all members and the history. */
  readonly staff: boolean;
  readonly members: MemberRow[];
  /** Reschedules and cancellations, oldest first; empty unless `staff`. */
  readonly history: SessionChangeRow[];
}

// Inside JSON, instants are ISO strings.
const sessionReadRowSchema = flatSessionRowSchema.extend({
  staff: z.boolean(),
  members: z.array(memberRowSchema),
  history: z.array(
    z.strictObject({
      kind: z.enum(['rescheduled', 'cancelled']),
      fromStartsAt: z.string(),
      fromEndsAt: z.string(),
      toStartsAt: z.string().nullable(),
      toEndsAt: z.string().nullable(),
      reason: z.string().nullable(),
      changedBy: z.guid(),
      at: z.string(),
    }),
  ),
});

// One statement, so one round trip and one plan for the whole read: the session the viewer may
// see with its course, the roster and history as JSON, and the audit row of the read — written
// only when there was something to read, in the same implicit transaction, without waiting for
// the WAL flush (see AuditService). $1–$3 are the viewer, $4 the session.
const sessionRead = preparedStatement(
  'scheduling_session_read',
  `WITH ${relaxedCommitCte},
   found AS (
     SELECT ${sessionColumns}, ${staffOfCourseSql} AS staff
       FROM session s JOIN course c ON c.id = s.course_id ${courseJoins}
      WHERE s.id = $4 AND ${sessionVisibleSql}),
   audited AS (
     INSERT INTO audit_event (practice_id, actor_id, action, entity, entity_id)
     SELECT $1, $2, 'session.read', 'session', f.id FROM found f)
   SELECT f.*,
     ${membersJsonSql('f."courseId"', 'f.staff')} AS members,
     (SELECT coalesce(json_agg(json_build_object(
               'kind', h.kind, 'fromStartsAt', h.from_starts_at, 'fromEndsAt', h.from_ends_at,
               'toStartsAt', h.to_starts_at, 'toEndsAt', h.to_ends_at, 'reason', h.reason,
               'changedBy', h.changed_by, 'at', h.at) ORDER BY h.at, h.id), '[]')
        FROM session_change h WHERE f.staff AND h.session_id = f.id) AS history
     FROM found f CROSS JOIN relaxed`,
);

const instantOrNull = (value: string | null) => (value === null ? null : new Date(value));

/**
 * Reads one session the viewer may see, with its roster and history, and audits the read.
 *
 * @throws DomainError `not_found` when there is none the viewer may see (nothing is audited).
 */
export async function readSession(
  db: DataSource,
  viewer: Viewer,
  sessionId: string,
): Promise<SessionReadRow> {
  const [row] = await queryPrepared(db, sessionRead, sessionReadRowSchema, [
    ...viewerParams(viewer),
    sessionId,
  ]);
  if (!row) throw notFound('session');
  const { staff, members, history, ...flat } = row;
  return {
    session: unflatten(flat),
    staff,
    members,
    history: history.map((change) => ({
      ...change,
      fromStartsAt: new Date(change.fromStartsAt),
      fromEndsAt: new Date(change.fromEndsAt),
      toStartsAt: instantOrNull(change.toStartsAt),
      toEndsAt: instantOrNull(change.toEndsAt),
      at: new Date(change.at),
    })),
  };
}
