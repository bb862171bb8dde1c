import type { PersonDataExport } from '@hearth/contracts';
import { scoreCheckIn } from '@hearth/domain';
import type { EntityManager } from 'typeorm';
import {
  openRecord,
  parseCheckIn,
  type SealedColumns,
  type SealedTable,
} from '../clinical/clinical-sealing';
import type { NotesCipher } from '../clinical/notes-cipher';

// Every table that holds something about a person, found from the migrations. A new table with
// a person_id belongs here too (and, if it is not clinical, in the erasure).

type Row = Record<string, unknown>;

// One after the other: a transaction is one connection, and pg wants one query at a time on it.
async function inTurn<const T extends readonly (() => Promise<unknown>)[]>(
  queries: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const results: unknown[] = [];
  for (const query of queries) results.push(await query());
  return results as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
}

const iso = (value: unknown): string => new Date(value as string | Date).toISOString();
const isoOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : iso(value);

/** The person row and their practice, when the caller may see it. */
export interface Subject {
  readonly id: string;
  readonly practiceId: string;
  readonly practiceName: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: PersonDataExport['person']['roles'];
  readonly timeZone: string;
  readonly createdAt: unknown;
  readonly disabledAt: unknown;
  readonly hasPassword: boolean;
}

export async function findSubject(
  db: EntityManager,
  personId: string,
  practiceId: string,
  lock = false,
): Promise<Subject | undefined> {
  const [row] = (await db.query(
    `SELECT p.id, p.practice_id AS "practiceId", pr.name AS "practiceName", p.email,
            p.display_name AS "displayName", p.roles, p.time_zone AS "timeZone",
            p.created_at AS "createdAt", p.disabled_at AS "disabledAt",
            p.password_hash IS NOT NULL AS "hasPassword"
       FROM person p JOIN practice pr ON pr.id = p.practice_id
      WHERE p.id = $1 AND p.practice_id = $2
      ${lock ? 'FOR UPDATE OF p' : ''}`,
    [personId, practiceId],
  )) as Subject[];
  return row;
}

export async function findRestriction(
  db: EntityManager,
  personId: string,
): Promise<PersonDataExport['clinical']['restriction']> {
  const [row] = (await db.query(
    `SELECT id, reason, restricted_at, restricted_by FROM clinical_restriction WHERE person_id = $1`,
    [personId],
  )) as Row[];
  if (!row) return null;
  return {
    id: String(row['id']),
    reason: String(row['reason']),
    restrictedAt: iso(row['restricted_at']),
    restrictedBy: (row['restricted_by'] as string | null) ?? null,
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
    (sql: string, params: unknown[] = p) =>
    () =>
      db.query(sql, params) as Promise<Row[]>;
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
      `SELECT created_at, expires_at, rotated_at, revoked_at FROM refresh_token
        WHERE person_id = $1 ORDER BY created_at, id`,
      [subject.id],
    ),
    q(
      `SELECT id, email, display_name, roles, created_at, expires_at, accepted_at, revoked_at
         FROM invitation WHERE practice_id = $1 AND email = $2 ORDER BY created_at, id`,
      [subject.practiceId, subject.email],
    ),
    q(`SELECT created_at FROM calendar_feed WHERE person_id = $1`, [subject.id]),
    q(
      `SELECT modalities, formats, focus_areas, languages, remote,
              ARRAY(SELECT l.name FROM therapist_location tl
                      JOIN practice_location l ON l.id = tl.location_id
                     WHERE tl.person_id = t.person_id ORDER BY l.position, l.id) AS in_person_at,
              availability, updated_at
         FROM therapist_profile t WHERE person_id = $1`,
      [subject.id],
    ),
    q(
      `SELECT r.course_id, c.title, r.relation, r.status, r.created_at, r.updated_at
         FROM roster_member r JOIN course c ON c.id = r.course_id
        WHERE r.person_id = $1 AND c.practice_id = $2 ORDER BY r.seq`,
    ),
    q(
      `SELECT id, title, CASE WHEN therapist_id = $1 THEN 'therapist' ELSE 'co_therapist' END AS role
         FROM course WHERE practice_id = $2 AND $1 IN (therapist_id, co_therapist_id)
        ORDER BY created_at, id`,
    ),
    q(
      `SELECT b.session_id, s.course_id, s.number, lower(b.during) AS starts_at,
              upper(b.during) AS ends_at, b.role, b.cancelled
         FROM booking b JOIN session s ON s.id = b.session_id
        WHERE b.person_id = $1 AND s.practice_id = $2 ORDER BY lower(b.during), b.id`,
    ),
    q(
      `SELECT session_id, kind, at FROM attendance_event
        WHERE person_id = $1 AND practice_id = $2 ORDER BY at, id`,
    ),
    q(
      `SELECT session_id, kind, due_at, sent_at, outcome FROM reminder
        WHERE person_id = $1 ORDER BY due_at, id`,
      [subject.id],
    ),
    q(
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
      `SELECT action, entity, entity_id, at FROM audit_event
        WHERE actor_id = $1 AND practice_id = $2 ORDER BY at, id`,
    ),
  ]);

  const clinical: PersonDataExport['clinical'] = {
    contentIncluded: requestedBy === 'self',
    restriction: await findRestriction(db, subject.id),
    counts: counts as PersonDataExport['clinical']['counts'],
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
      createdAt: iso(r['created_at']),
      expiresAt: iso(r['expires_at']),
      rotatedAt: isoOrNull(r['rotated_at']),
      revokedAt: isoOrNull(r['revoked_at']),
    })),
    invitations: invitations.map((r) => ({
      id: String(r['id']),
      email: String(r['email']),
      displayName: String(r['display_name']),
      roles: r['roles'] as PersonDataExport['person']['roles'],
      createdAt: iso(r['created_at']),
      expiresAt: iso(r['expires_at']),
      acceptedAt: isoOrNull(r['accepted_at']),
      revokedAt: isoOrNull(r['revoked_at']),
    })),
    calendarFeed: feeds[0] ? { createdAt: iso(feeds[0]['created_at']) } : null,
    therapistProfile: profile
      ? {
          modalities: profile['modalities'],
          formats: profile['formats'],
          focusAreas: profile['focus_areas'],
          languages: profile['languages'],
          remote: profile['remote'],
          inPersonAt: profile['in_person_at'],
          availability: profile['availability'],
          updatedAt: iso(profile['updated_at']),
        }
      : null,
    rosters: rosters.map((r) => ({
      courseId: String(r['course_id']),
      courseTitle: String(r['title']),
      relation: String(r['relation']),
      status: String(r['status']),
      joinedAt: iso(r['created_at']),
      updatedAt: iso(r['updated_at']),
    })),
    coursesLed: led.map((r) => ({
      courseId: String(r['id']),
      courseTitle: String(r['title']),
      role: r['role'] as 'therapist' | 'co_therapist',
    })),
    bookings: bookings.map((r) => ({
      sessionId: String(r['session_id']),
      courseId: String(r['course_id']),
      number: Number(r['number']),
      startsAt: iso(r['starts_at']),
      endsAt: iso(r['ends_at']),
      role: r['role'] as 'therapist' | 'client',
      cancelled: Boolean(r['cancelled']),
    })),
    attendance: attendance.map((r) => ({
      sessionId: String(r['session_id']),
      kind: String(r['kind']),
      at: iso(r['at']),
    })),
    reminders: reminders.map((r) => ({
      sessionId: String(r['session_id']),
      kind: String(r['kind']),
      dueAt: iso(r['due_at']),
      sentAt: isoOrNull(r['sent_at']),
      outcome: (r['outcome'] as string | null) ?? null,
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
      action: String(r['action']),
      entity: String(r['entity']),
      entityId: (r['entity_id'] as string | null) ?? null,
      at: iso(r['at']),
    })),
  };
}

/** What the person can already see of their own clinical records in Hearth. */
async function clinicalContent(db: EntityManager, subject: Subject, cipher: NotesCipher) {
  const p = [subject.id, subject.practiceId];
  const q = (sql: string) => () => db.query(sql, p) as Promise<Row[]>;
  const [consent, checkIns, inventories, focus, progress] = await inTurn([
    q(
      `SELECT v.version, a.accepted_at FROM consent_acceptance a
         JOIN consent_version v ON v.id = a.consent_version_id
        WHERE a.person_id = $1 AND v.practice_id = $2 ORDER BY a.accepted_at, a.id`,
    ),
    q(
      `SELECT practice_id, session_id, course_id, person_id, key_id, nonce, ciphertext, submitted_at
         FROM check_in WHERE person_id = $1 AND practice_id = $2 ORDER BY submitted_at, id`,
    ),
    q(
      `SELECT practice_id, course_id, person_id, key_id, nonce, ciphertext, submitted_at,
              reviewed_at FROM interpersonal_inventory
        WHERE person_id = $1 AND practice_id = $2 ORDER BY submitted_at, id`,
    ),
    q(
      `SELECT practice_id, course_id, person_id, key_id, nonce, ciphertext, updated_at
         FROM client_focus
        WHERE person_id = $1 AND practice_id = $2 ORDER BY updated_at, id`,
    ),
    q(
      `SELECT practice_id, course_id, session_id, person_id, key_id, nonce, ciphertext, updated_at
         FROM progress_note
        WHERE person_id = $1 AND practice_id = $2 ORDER BY updated_at, id`,
    ),
  ]);
  // Every record is sealed in the database (clinical-sealing.ts); the person's copy is opened.
  const open = (table: SealedTable, scope: 'session_id' | 'course_id', r: Row) =>
    openRecord(
      cipher,
      table,
      {
        practiceId: String(r['practice_id']),
        scopeId: String(r[scope]),
        personId: String(r['person_id']),
      },
      r as unknown as SealedColumns,
    );
  return {
    consentAcceptances: consent.map((r) => ({
      version: Number(r['version']),
      acceptedAt: iso(r['accepted_at']),
    })),
    checkIns: checkIns.map((r) => {
      const answers = parseCheckIn(open('check_in', 'session_id', r));
      const score = scoreCheckIn(answers);
      return {
        sessionId: String(r['session_id']),
        courseId: String(r['course_id']),
        ...answers,
        phq9Total: score.phq9Total,
        gad7Total: score.gad7Total,
        submittedAt: iso(r['submitted_at']),
      };
    }),
    inventories: inventories.map((r) => ({
      courseId: String(r['course_id']),
      people: JSON.parse(open('interpersonal_inventory', 'course_id', r)) as unknown[],
      submittedAt: iso(r['submitted_at']),
      reviewedAt: isoOrNull(r['reviewed_at']),
    })),
    focus: focus.map((r) => ({
      courseId: String(r['course_id']),
      areas: JSON.parse(open('client_focus', 'course_id', r)) as unknown[],
      updatedAt: iso(r['updated_at']),
    })),
    progressNotes: progress.map((r) => ({
      courseId: String(r['course_id']),
      sessionId: String(r['session_id']),
      text: open('progress_note', 'session_id', r),
      updatedAt: iso(r['updated_at']),
    })),
  };
}
