import type { TimeInterval } from '@hearth/domain';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { preparedStatement, queryPrepared, runPrepared } from '../database/prepared';
import { queryRows } from '../database/rows';
import type { ExistingBooking, Participant, ProposedSlot } from './booking-conflicts';

// Booking rows are written and read with SQL: they are derived from sessions in bulk, and the
// overlap queries use tstzrange operators (served by the exclusion constraint's GiST index).

const overlappingBookings = preparedStatement(
  'scheduling_overlapping_bookings',
  `SELECT DISTINCT b.person_id, b.session_id, lower(b.during) AS starts_at, upper(b.during) AS ends_at
     FROM unnest($2::timestamptz[], $3::timestamptz[]) AS slot (starts_at, ends_at)
     JOIN booking b ON b.during && tstzrange(slot.starts_at, slot.ends_at, '[)')
    WHERE b.person_id = ANY ($1::uuid[]) AND NOT b.cancelled
      AND ($4::uuid IS NULL OR b.session_id <> $4)`,
);

const overlappingBookingSchema = z.strictObject({
  person_id: z.guid(),
  session_id: z.guid(),
  starts_at: z.date(),
  ends_at: z.date(),
});

/**
 * Live bookings of these people that overlap any of the slots, optionally leaving one session
 * out. Only clashes come back — one index probe per slot, as the exclusion constraint itself
 * does — rather than everyone's calendar over the whole span of a series.
 */
export async function loadBookings(
  tx: EntityManager,
  personIds: readonly string[],
  slots: readonly TimeInterval[],
  exceptSessionId: string | null = null,
): Promise<ExistingBooking[]> {
  if (personIds.length === 0 || slots.length === 0) return [];
  const rows = await queryPrepared(tx, overlappingBookings, overlappingBookingSchema, [
    personIds,
    slots.map((slot) => slot.startsAt),
    slots.map((slot) => slot.endsAt),
    exceptSessionId,
  ]);
  return rows.map((row) => ({
    personId: row.person_id,
    sessionId: row.session_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
  }));
}

const bookCourseSessions = preparedStatement(
  'scheduling_book_sessions',
  `INSERT INTO booking (session_id, person_id, role, during)
   SELECT s.id, p.person_id, p.role, tstzrange(s.starts_at, s.ends_at, '[)')
     FROM session s
    CROSS JOIN unnest($2::uuid[], $3::text[]) AS p (person_id, role)
    WHERE s.course_id = $1 AND s.status = 'scheduled'
      AND ($4::timestamptz IS NULL OR s.starts_at > $4)
    ORDER BY p.person_id, s.starts_at
   ON CONFLICT (session_id, person_id)
   DO UPDATE SET cancelled = false, role = EXCLUDED.role, during = EXCLUDED.during`,
);

/**
 * Books people into a course's scheduled sessions that start after `after` (all of them when
 * null). A person booked before and then freed (withdrawn) gets their row back. Rows go in by
 * person then time, so concurrent transactions meet in the same order and rarely deadlock.
 */
export async function bookSessions(
  tx: EntityManager,
  courseId: string,
  participants: readonly Participant[],
  after: Date | null,
): Promise<void> {
  if (participants.length === 0) return;
  await runPrepared(tx, bookCourseSessions, [
    courseId,
    participants.map((p) => p.personId),
    participants.map((p) => p.role),
    after,
  ]);
}

/** Frees one person's bookings in a course's sessions that start after `after`. */
export async function freeBookings(
  tx: EntityManager,
  courseId: string,
  personId: string,
  after: Date,
): Promise<void> {
  await tx.query(
    `UPDATE booking b SET cancelled = true
       FROM session s
      WHERE b.session_id = s.id AND s.course_id = $1 AND b.person_id = $2
        AND s.starts_at > $3 AND NOT b.cancelled`,
    [courseId, personId, after],
  );
}

/** The live participants of one session. */
export async function sessionParticipants(
  tx: EntityManager,
  sessionId: string,
): Promise<Participant[]> {
  const rows = await queryRows(
    tx,
    'session participants',
    z.strictObject({ person_id: z.guid(), role: z.enum(['therapist', 'client']) }),
    `SELECT person_id, role FROM booking WHERE session_id = $1 AND NOT cancelled
      ORDER BY role DESC, person_id`,
    [sessionId],
  );
  return rows.map((row) => ({ personId: row.person_id, role: row.role }));
}

/** A course's scheduled sessions that start after `now`: what a new member is booked into. */
export async function futureSlots(
  tx: EntityManager,
  courseId: string,
  now: Date,
): Promise<ProposedSlot[]> {
  const rows = await queryRows(
    tx,
    'future sessions of a course',
    z.strictObject({
      id: z.guid(),
      number: z.number().int(),
      startsAt: z.date(),
      endsAt: z.date(),
    }),
    `SELECT id, number, starts_at AS "startsAt", ends_at AS "endsAt" FROM session
      WHERE course_id = $1 AND status = 'scheduled' AND starts_at > $2 ORDER BY number`,
    [courseId, now],
  );
  return rows;
}
