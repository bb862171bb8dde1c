import type { GroupCandidate, TherapistCandidate } from '@hearth/domain';
import {
  availabilityWindowSchema,
  courseFormatSchema,
  focusAreaSchema,
  therapySettingSchema,
  type TherapyRequestDetail,
  type TherapyRequestSummary,
} from '@hearth/contracts';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { queryRows } from '../database/rows';

/**
 * A therapy_request row as the service reads it. Personal fields are cleared only when a request
 * is anonymised, and anonymised requests are never read here.
 */
const requestRowSchema = z.strictObject({
  id: z.guid(),
  practice_id: z.guid(),
  reference: z.string(),
  status: z.enum(['open', 'accepting', 'matched', 'declined']),
  name: z.string(),
  email: z.string(),
  concern: z.string(),
  focus_areas: z.array(focusAreaSchema),
  format: courseFormatSchema,
  setting: therapySettingSchema,
  location_id: z.guid().nullable(),
  location_name: z.string().nullable(),
  /** The location chosen is no longer offered: nobody is matched there now. */
  location_retired: z.boolean(),
  languages: z.array(z.string()),
  time_zone: z.string(),
  availability: z.array(availabilityWindowSchema),
  consent_at: z.date().nullable(),
  received_at: z.date(),
  decided_at: z.date().nullable(),
  decided_by: z.guid().nullable(),
  decided_by_name: z.string().nullable(),
  decline_reason: z.string().nullable(),
  course_id: z.guid().nullable(),
  client_id: z.guid().nullable(),
  invitation_id: z.guid().nullable(),
  placement: z.enum(['course', 'roster_place', 'waitlist']).nullable(),
});
export type RequestRow = z.infer<typeof requestRowSchema>;

const requestColumns = `r.id, r.practice_id, r.reference, r.status, r.name, r.email, r.concern,
  r.focus_areas, r.format, r.setting, r.location_id, l.name AS location_name,
  l.retired_at IS NOT NULL AS location_retired, r.languages,
  r.time_zone, r.availability, r.consent_at,
  r.received_at, r.decided_at, r.decided_by, d.display_name AS decided_by_name, r.decline_reason,
  r.course_id, r.client_id, r.invitation_id, r.placement`;

/**
 * One request of the practice, or undefined. Anonymised requests are gone as far as anyone
 * reading them is concerned: only counts remain.
 */
export async function requestRow(
  tx: EntityManager,
  practiceId: string,
  requestId: string,
): Promise<RequestRow | undefined> {
  const [row] = await queryRows(
    tx,
    'therapy request',
    requestRowSchema,
    `SELECT ${requestColumns}
       FROM therapy_request r LEFT JOIN person d ON d.id = r.decided_by
       LEFT JOIN practice_location l ON l.id = r.location_id
      WHERE r.id = $1 AND r.practice_id = $2 AND r.anonymised_at IS NULL`,
    [requestId, practiceId],
  );
  return row;
}

export async function requestRows(
  tx: EntityManager,
  practiceId: string,
  status: string | undefined,
): Promise<RequestRow[]> {
  return queryRows(
    tx,
    'therapy requests of a practice',
    requestRowSchema,
    `SELECT ${requestColumns}
       FROM therapy_request r LEFT JOIN person d ON d.id = r.decided_by
       LEFT JOIN practice_location l ON l.id = r.location_id
      WHERE r.practice_id = $1 AND r.anonymised_at IS NULL
        AND ($2::text IS NULL OR r.status = $2 OR ($2 = 'open' AND r.status = 'accepting'))
      ORDER BY r.received_at DESC, r.id
      LIMIT 500`,
    [practiceId, status ?? null],
  );
}

// A request being accepted right now still shows as open: the decision is not made yet.
const publicStatus = (status: RequestRow['status']) => (status === 'accepting' ? 'open' : status);

export function toSummary(row: RequestRow): TherapyRequestSummary {
  return {
    id: row.id,
    reference: row.reference,
    status: publicStatus(row.status),
    name: row.name,
    format: row.format,
    focusAreas: row.focus_areas,
    setting: row.setting,
    location:
      row.location_id && row.location_name
        ? { id: row.location_id, name: row.location_name }
        : null,
    languages: row.languages,
    receivedAt: new Date(row.received_at).toISOString(),
  };
}

export function toDetail(
  row: RequestRow,
  matches: TherapyRequestDetail['matches'],
): TherapyRequestDetail {
  const decided = row.status === 'matched' || row.status === 'declined';
  return {
    ...toSummary(row),
    email: row.email,
    concern: row.concern,
    timeZone: row.time_zone,
    availability: row.availability,
    matches,
    decision:
      decided && row.decided_at && row.decided_by
        ? {
            kind: row.status === 'matched' ? 'accepted' : 'declined',
            at: new Date(row.decided_at).toISOString(),
            by: { personId: row.decided_by, displayName: row.decided_by_name ?? '' },
            reason: row.decline_reason,
            courseId: row.course_id,
            placement: row.placement,
          }
        : null,
  };
}

const therapistRowSchema = z.strictObject({
  person_id: z.guid(),
  display_name: z.string(),
  time_zone: z.string(),
  formats: z.array(courseFormatSchema),
  focus_areas: z.array(focusAreaSchema),
  languages: z.array(z.string()),
  remote: z.boolean(),
  in_person_location_ids: z.array(z.guid()),
  availability: z.array(availabilityWindowSchema),
  caseload: z.number().int(),
});

/** The practice's therapists with a profile, and how many courses each runs that are not over. */
export async function therapistCandidates(
  tx: EntityManager,
  practiceId: string,
  now: Date,
): Promise<TherapistCandidate[]> {
  const rows = await queryRows(
    tx,
    'therapist candidates',
    therapistRowSchema,
    `SELECT p.id AS person_id, p.display_name, p.time_zone, t.formats, t.focus_areas, t.languages,
            t.remote, t.availability,
            ARRAY(SELECT tl.location_id FROM therapist_location tl
                    JOIN practice_location l ON l.id = tl.location_id AND l.retired_at IS NULL
                   WHERE tl.person_id = p.id) AS in_person_location_ids,
            (SELECT count(*)::int FROM course c
              WHERE (c.therapist_id = p.id OR c.co_therapist_id = p.id) AND c.cancelled_at IS NULL
                AND EXISTS (SELECT 1 FROM session s
                             WHERE s.course_id = c.id AND s.status = 'scheduled' AND s.ends_at > $2)
            ) AS caseload
       FROM person p JOIN therapist_profile t ON t.person_id = p.id
      WHERE p.practice_id = $1 AND 'therapist' = ANY (p.roles) AND p.disabled_at IS NULL`,
    [practiceId, now],
  );
  return rows.map((r) => ({
    personId: r.person_id,
    displayName: r.display_name,
    timeZone: r.time_zone,
    formats: r.formats,
    focusAreas: r.focus_areas,
    languages: r.languages,
    remote: r.remote,
    inPersonLocationIds: r.in_person_location_ids,
    availability: r.availability,
    caseload: r.caseload,
  }));
}

const groupRowSchema = z.strictObject({
  id: z.guid(),
  title: z.string(),
  therapist_id: z.guid(),
  therapist_name: z.string(),
  focus_areas: z.array(focusAreaSchema),
  languages: z.array(z.string()),
  first_session_at: z.date(),
  duration_minutes: z.number().int(),
  max_members: z.number().int(),
  held: z.number().int(),
});

/** The practice's group courses whose first session is still ahead. */
export async function groupCandidates(
  tx: EntityManager,
  practiceId: string,
  now: Date,
): Promise<GroupCandidate[]> {
  const rows = await queryRows(
    tx,
    'group candidates',
    groupRowSchema,
    `SELECT c.id, c.title, c.therapist_id, tp.display_name AS therapist_name, c.focus_areas,
            c.duration_minutes, c.max_members, s1.starts_at AS first_session_at,
            (SELECT count(*)::int FROM roster_member m
              WHERE m.course_id = c.id AND m.status IN ('invited', 'active')) AS held,
            ARRAY(SELECT DISTINCT l FROM unnest(coalesce(a.languages, '{}'::text[])
                                                || coalesce(b.languages, '{}'::text[])) AS l) AS languages
       FROM course c
       JOIN person tp ON tp.id = c.therapist_id
       JOIN session s1 ON s1.course_id = c.id AND s1.number = 1
       LEFT JOIN therapist_profile a ON a.person_id = c.therapist_id
       LEFT JOIN therapist_profile b ON b.person_id = c.co_therapist_id
      WHERE c.practice_id = $1 AND c.format = 'group' AND c.cancelled_at IS NULL
        AND s1.starts_at > $2`,
    [practiceId, now],
  );
  return rows.map((r) => ({
    courseId: r.id,
    title: r.title,
    therapistId: r.therapist_id,
    therapistName: r.therapist_name,
    focusAreas: r.focus_areas,
    languages: r.languages,
    firstSessionAt: new Date(r.first_session_at),
    durationMinutes: r.duration_minutes,
    maxMembers: r.max_members,
    heldPlaces: r.held,
  }));
}
