import type { courseCreateBodySchema } from '@hearth/contracts';
import type { CoursePlan, SeriesOccurrence } from '@hearth/domain';
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { preparedStatement, queryPrepared, runPrepared } from '../database/prepared';
import { idRow } from '../database/rows';
import type { Principal } from '../identity/token-service';
import type { Participant } from './booking-conflicts';

// Writing a new course: the course, its sessions, everyone's bookings, its roster and the audit
// rows, in two prepared statements.

/** A create request checked against the rules and the practice's people, ready to write. */
export interface PreparedCourse {
  readonly plan: CoursePlan;
  readonly series: readonly SeriesOccurrence[];
  readonly participants: readonly Participant[];
}

const insertCourseStatement = preparedStatement(
  'scheduling_insert_course',
  `WITH course_row AS (
     INSERT INTO course (practice_id, title, format, focus_areas, therapist_id, co_therapist_id,
                         session_count, duration_minutes, time_zone, weekday, local_time,
                         start_date, max_members, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     RETURNING id),
   sessions AS (
     INSERT INTO session (course_id, practice_id, number, starts_at, ends_at)
     SELECT c.id, $1, u.number, u.starts_at, u.ends_at
       FROM course_row c,
            unnest($15::smallint[], $16::timestamptz[], $17::timestamptz[])
              AS u (number, starts_at, ends_at)
     RETURNING id, starts_at, ends_at),
   -- Everyone taking part is booked into every session, by person then time (see bookSessions).
   booked AS (
     INSERT INTO booking (session_id, person_id, role, during)
     SELECT s.id, p.person_id, p.role, tstzrange(s.starts_at, s.ends_at, '[)')
       FROM sessions s CROSS JOIN unnest($18::uuid[], $19::text[]) AS p (person_id, role)
      ORDER BY p.person_id, s.starts_at),
   audited AS (
     INSERT INTO audit_event (practice_id, actor_id, action, entity, entity_id)
     SELECT $1, $14, 'course.created', 'course', c.id FROM course_row c)
   SELECT id FROM course_row`,
);

// Members join in the order given (roster_member.seq), and their audit rows follow that order.
const insertMembersStatement = preparedStatement(
  'scheduling_insert_members',
  `WITH added AS (
     INSERT INTO roster_member (course_id, person_id, relation, status)
     SELECT $1, m.person_id, m.relation, m.status
       FROM unnest($2::uuid[], $3::text[], $4::text[]) WITH ORDINALITY
              AS m (person_id, relation, status, position)
      ORDER BY m.position
     RETURNING id, seq)
   INSERT INTO audit_event (practice_id, actor_id, action, entity, entity_id)
   SELECT $5, $6, 'roster.member_added', 'roster_member', a.id FROM added a ORDER BY a.seq`,
);

/**
 * Writes the course, its sessions, everyone's bookings and the audit row in one statement, then
 * the roster and an audit row per member (in a second statement, so the audit keeps that order).
 */
export async function insertCourse(
  tx: EntityManager,
  principal: Principal,
  body: Pick<z.output<typeof courseCreateBodySchema>, 'title' | 'members'>,
  { plan, series, participants }: PreparedCourse,
): Promise<string> {
  const [course] = await queryPrepared(tx, insertCourseStatement, idRow, [
    principal.practiceId,
    body.title,
    plan.format,
    [...plan.focusAreas],
    plan.therapistId,
    plan.coTherapistId,
    plan.sessionCount,
    plan.durationMinutes,
    plan.timeZone,
    plan.weekday,
    plan.localTime,
    plan.startDate,
    plan.capacity.max,
    principal.personId,
    series.map((occurrence) => occurrence.number),
    series.map((occurrence) => occurrence.startsAt),
    series.map((occurrence) => occurrence.endsAt),
    participants.map((participant) => participant.personId),
    participants.map((participant) => participant.role),
  ]);
  const courseId = course!.id;
  if (body.members.length > 0) {
    await runPrepared(tx, insertMembersStatement, [
      courseId,
      body.members.map((member) => member.personId),
      body.members.map((member) => member.relation),
      body.members.map((member) => member.status),
      principal.practiceId,
      principal.personId,
    ]);
  }
  return courseId;
}
