import {
  availabilityWindowSchema,
  courseFormatSchema,
  focusAreaSchema,
  memberRelationSchema,
  roleSchema,
  rosterStatusSchema,
  therapySettingSchema,
  type PersonDataExport,
} from '@hearth/contracts';
import { reminderKinds } from '@hearth/domain';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { queryRows, type RowSchema } from '../database/rows';
import type { NotesCipher } from '../clinical/notes-cipher';
import { clinicalContent } from './person-export-clinical.queries';
import { inTurn, iso, isoOrNull } from './person-export.rows';

// Every table that holds something about a person, found from the migrations. A new table with
// a person_id belongs here too (and, if it is not clinical, in the erasure).

const subjectRow = z.strictObject({
  id: z.guid(),
  practiceId: z.guid(),
  practiceName: z.string(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  timeZone: z.string(),
  createdAt: z.date(),
  disabledAt: z.date().nullable(),
  hasPassword: z.boolean(),
});
/** The person row and their practice, when the caller may see it. */
export type Subject = Readonly<z.infer<typeof subjectRow>>;

export async function findSubject(
  db: EntityManager,
  personId: string,
  practiceId: string,
  lock = false,
): Promise<Subject | undefined> {
  const [row] = await queryRows(
    db,
    'subject of a person export',
    subjectRow,
    `SELECT p.id, p.practice_id AS "practiceId", pr.name AS "practiceName", p.email,
            p.display_name AS "displayName", p.roles, p.time_zone AS "timeZone",
            p.created_at AS "createdAt", p.disabled_at AS "disabledAt",
            p.password_hash IS NOT NULL AS "hasPassword"
       FROM person p JOIN practice pr ON pr.id = p.practice_id
      WHERE p.id = $1 AND p.practice_id = $2
      ${lock ? 'FOR UPDATE OF p' : ''}`,
    [personId, practiceId],
  );
  return row;
}

export async function findRestriction(
  db: EntityManager,
  personId: string,
): Promise<PersonDataExport['clinical']['restriction']> {
  const [row] = await queryRows(
    db,
    'clinical restriction of a person',
    z.strictObject({
      id: z.guid(),
      reason: z.string(),
      restricted_at: z.date(),
      restricted_by: z.guid().nullable(),
    }),
    `SELECT id, reason, restricted_at, restricted_by FROM clinical_restriction WHERE person_id = $1`,
    [personId],
  );
  if (!row) return null;
  return {
    id: row.id,
    reason: row.reason,
    restrictedAt: iso(row.restricted_at),
    restrictedBy: row.restricted_by,
  };
}

/**
 * Everything about `subject`, read inside one transaction. Clinical contents only when
 * `withClinicalContent` (the person's own copy); otherwise their counts.
 */
export async function collectExport(
  db: EntityManager,
  subject: Subject,
  requestedBy: PersonDataExport['requestedBy'],
  now: Date,
  cipher: NotesCipher,
): Promise<PersonDataExport> {
  const p = [subject.id, subject.practiceId];
  const q =
    <S extends RowSchema>(purpose: string, schema: S, sql: string, params: unknown[] = p) =>
    () =>
      queryRows(db, purpose, schema, sql, params);
  const at = z.date();
  const atOrNull = z.date().nullable();
  const [
    signIns,
    invitations,
    feeds,
    profiles,
    rosters,
    led,
    bookings,
    attendance,
    reminders,
    requests,
    [counts],
    activity,
  ] = await inTurn([
    q(
      'export: sign-ins',
      z.strictObject({
        created_at: at,
        expires_at: at,
        rotated_at: atOrNull,
        revoked_at: atOrNull,
      }),
      `SELECT created_at, expires_at, rotated_at, revoked_at FROM refresh_token
        WHERE person_id = $1 ORDER BY created_at, id`,
      [subject.id],
    ),
    q(
      'export: invitations',
      z.strictObject({
        id: z.guid(),
        email: z.string(),
        display_name: z.string(),
        roles: z.array(roleSchema),
        created_at: at,
        expires_at: at,
        accepted_at: atOrNull,
        revoked_at: atOrNull,
      }),
      `SELECT id, email, display_name, roles, created_at, expires_at, accepted_at, revoked_at
         FROM invitation WHERE practice_id = $1 AND email = $2 ORDER BY created_at, id`,
      [subject.practiceId, subject.email],
    ),
    q(
      'export: calendar feed',
      z.strictObject({ created_at: at }),
      `SELECT created_at FROM calendar_feed WHERE person_id = $1`,
      [subject.id],
    ),
    q(
      'export: therapist profile',
      z.strictObject({
        modalities: z.array(z.string()),
        formats: z.array(courseFormatSchema),
        focus_areas: z.array(focusAreaSchema),
        languages: z.array(z.string()),
        remote: z.boolean(),
        in_person_at: z.array(z.string()),
        availability: z.array(availabilityWindowSchema),
        updated_at: at,
      }),
      `SELECT modalities, formats, focus_areas, languages, remote,
              ARRAY(SELECT l.name FROM therapist_location tl
                      JOIN practice_location l ON l.id = tl.location_id
                     WHERE tl.person_id = t.person_id ORDER BY l.position, l.id) AS in_person_at,
              availability, updated_at
         FROM therapist_profile t WHERE person_id = $1`,
      [subject.id],
    ),
    q(
      'export: roster places',
      z.strictObject({
        course_id: z.guid(),
        title: z.string(),
        relation: memberRelationSchema,
        status: rosterStatusSchema,
        created_at: at,
        updated_at: at,
      }),
      `SELECT r.course_id, c.title, r.relation, r.status, r.created_at, r.updated_at
         FROM roster_member r JOIN course c ON c.id = r.course_id
        WHERE r.person_id = $1 AND c.practice_id = $2 ORDER BY r.seq`,
    ),
    q(
      'export: courses led',
      z.strictObject({
        id: z.guid(),
        title: z.string(),
        role: z.enum(['therapist', 'co_therapist']),
      }),
      `SELECT id, title, CASE WHEN therapist_id = $1 THEN 'therapist' ELSE 'co_therapist' END AS role
         FROM course WHERE practice_id = $2 AND $1 IN (therapist_id, co_therapist_id)
        ORDER BY created_at, id`,
    ),
    q(
      'export: bookings',
      z.strictObject({
        session_id: z.guid(),
        course_id: z.guid(),
        number: z.number().int(),
        starts_at: at,
        ends_at: at,
        role: z.enum(['therapist', 'client']),
        cancelled: z.boolean(),
      }),
      `SELECT b.session_id, s.course_id, s.number, lower(b.during) AS starts_at,
              upper(b.during) AS ends_at, b.role, b.cancelled
         FROM booking b JOIN session s ON s.id = b.session_id
        WHERE b.person_id = $1 AND s.practice_id = $2 ORDER BY lower(b.during), b.id`,
    ),
    q(
      'export: attendance',
      z.strictObject({ session_id: z.guid(), kind: z.string(), at }),
      `SELECT session_id, kind, at FROM attendance_event
        WHERE person_id = $1 AND practice_id = $2 ORDER BY at, id`,
    ),
    q(
      'export: reminders',
      z.strictObject({
        session_id: z.guid(),
        kind: z.enum(reminderKinds),
        due_at: at,
        sent_at: atOrNull,
        outcome: z.enum(['sent', 'logged', 'skipped', 'failed']).nullable(),
      }),
      `SELECT session_id, kind, due_at, sent_at, outcome FROM reminder
        WHERE person_id = $1 ORDER BY due_at, id`,
      [subject.id],
    ),
    q(
      'export: therapy requests',
      // Personal fields are null once a request is anonymised.
      z.strictObject({
        reference: z.string(),
        status: z.enum(['open', 'accepting', 'matched', 'declined']),
        name: z.string().nullable(),
        email: z.string().nullable(),
        concern: z.string().nullable(),
        focusAreas: z.array(focusAreaSchema),
        format: courseFormatSchema,
        setting: therapySettingSchema,
        languages: z.array(z.string()),
        timeZone: z.string(),
        availability: z.array(availabilityWindowSchema).nullable(),
        consentAt: atOrNull,
        receivedAt: at,
        decidedAt: atOrNull,
        declineReason: z.string().nullable(),
        placement: z.enum(['course', 'roster_place', 'waitlist']).nullable(),
        anonymisedAt: atOrNull,
      }),
      `SELECT reference, status, name, email, concern, focus_areas AS "focusAreas", format, setting,
              languages, time_zone AS "timeZone", availability, consent_at AS "consentAt",
              received_at AS "receivedAt", decided_at AS "decidedAt",
              decline_reason AS "declineReason", placement, anonymised_at AS "anonymisedAt"
         FROM therapy_request
        WHERE practice_id = $2 AND (client_id = $1 OR (email IS NOT NULL AND email = $3))
        ORDER BY received_at, id`,
      [...p, subject.email],
    ),
    q(
      'export: clinical counts',
      z.strictObject({
        consentAcceptances: z.number().int(),
        checkIns: z.number().int(),
        alerts: z.number().int(),
        inventories: z.number().int(),
        focus: z.number().int(),
        progressNotes: z.number().int(),
        therapistNotes: z.number().int(),
      }),
      `SELECT
         (SELECT count(*) FROM consent_acceptance WHERE person_id = $1)::int AS "consentAcceptances",
         (SELECT count(*) FROM check_in WHERE person_id = $1 AND practice_id = $2)::int AS "checkIns",
         (SELECT count(*) FROM clinical_alert WHERE person_id = $1 AND practice_id = $2)::int AS alerts,
         (SELECT count(*) FROM interpersonal_inventory WHERE person_id = $1 AND practice_id = $2)::int AS inventories,
         (SELECT count(*) FROM client_focus WHERE person_id = $1 AND practice_id = $2)::int AS focus,
         (SELECT count(*) FROM progress_note WHERE person_id = $1 AND practice_id = $2)::int AS "progressNotes",
         (SELECT count(*) FROM therapist_note WHERE person_id = $1 AND practice_id = $2)::int AS "therapistNotes"`,
    ),
    q(
      'export: activity',
      z.strictObject({
        action: z.string(),
        entity: z.string(),
        entity_id: z.guid().nullable(),
        at,
      }),
      `SELECT action, entity, entity_id, at FROM audit_event
        WHERE actor_id = $1 AND practice_id = $2 ORDER BY at, id`,
    ),
  ]);

  const clinical: PersonDataExport['clinical'] = {
    contentIncluded: requestedBy === 'self',
    restriction: await findRestriction(db, subject.id),
    counts: counts!,
    ...(requestedBy === 'self' ? await clinicalContent(db, subject, cipher) : {}),
  };
  const profile = profiles[0];
  return {
    exportedAt: now.toISOString(),
    requestedBy,
    person: {
      id: subject.id,
      email: subject.email,
      displayName: subject.displayName,
      roles: subject.roles,
      timeZone: subject.timeZone,
      createdAt: iso(subject.createdAt),
      disabledAt: isoOrNull(subject.disabledAt),
      hasPassword: subject.hasPassword,
      erased: clinical.restriction !== null,
    },
    practice: { id: subject.practiceId, name: subject.practiceName },
    signInSessions: signIns.map((r) => ({
      createdAt: iso(r.created_at),
      expiresAt: iso(r.expires_at),
      rotatedAt: isoOrNull(r.rotated_at),
      revokedAt: isoOrNull(r.revoked_at),
    })),
    invitations: invitations.map((r) => ({
      id: r.id,
      email: r.email,
      displayName: r.display_name,
      roles: r.roles,
      createdAt: iso(r.created_at),
      expiresAt: iso(r.expires_at),
      acceptedAt: isoOrNull(r.accepted_at),
      revokedAt: isoOrNull(r.revoked_at),
    })),
    calendarFeed: feeds[0] ? { createdAt: iso(feeds[0].created_at) } : null,
    therapistProfile: profile
      ? {
          modalities: profile.modalities,
          formats: profile.formats,
          focusAreas: profile.focus_areas,
          languages: profile.languages,
          remote: profile.remote,
          inPersonAt: profile.in_person_at,
          availability: profile.availability,
          updatedAt: iso(profile.updated_at),
        }
      : null,
    rosters: rosters.map((r) => ({
      courseId: r.course_id,
      courseTitle: r.title,
      relation: r.relation,
      status: r.status,
      joinedAt: iso(r.created_at),
      updatedAt: iso(r.updated_at),
    })),
    coursesLed: led.map((r) => ({
      courseId: r.id,
      courseTitle: r.title,
      role: r.role,
    })),
    bookings: bookings.map((r) => ({
      sessionId: r.session_id,
      courseId: r.course_id,
      number: r.number,
      startsAt: iso(r.starts_at),
      endsAt: iso(r.ends_at),
      role: r.role,
      cancelled: r.cancelled,
    })),
    attendance: attendance.map((r) => ({
      sessionId: r.session_id,
      kind: r.kind,
      at: iso(r.at),
    })),
    reminders: reminders.map((r) => ({
      sessionId: r.session_id,
      kind: r.kind,
      dueAt: iso(r.due_at),
      sentAt: isoOrNull(r.sent_at),
      outcome: r.outcome,
    })),
    therapyRequests: requests.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([key, value]) => [
          key,
          value instanceof Date ? value.toISOString() : value,
        ]),
      ),
    ),
    clinical,
    activity: activity.map((r) => ({
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      at: iso(r.at),
    })),
  };
}
