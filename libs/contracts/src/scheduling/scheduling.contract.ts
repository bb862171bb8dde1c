import {
  courseFormats,
  focusAreas,
  iptPhases,
  memberRelations,
  rosterStatuses,
} from '@hearth/domain/vocabulary';
import { z } from 'zod';
import { idParams, instant, isoDate, uuid } from '../primitives';
import { defineRoute } from '../http/route';
import { humanText } from '../primitives/text';
import { instantSchema } from '../primitives/time';
import { timeZoneSchema } from '../identity/identity.contract';

// The value lists are the domain's (one vocabulary); the wire only validates against them.
export const courseFormatSchema = z.enum(courseFormats);
export const focusAreaSchema = z.enum(focusAreas);
export const memberRelationSchema = z.enum(memberRelations);
export const rosterStatusSchema = z.enum(rosterStatuses);
export const iptPhaseSchema = z.enum(iptPhases);
export type CourseFormat = z.infer<typeof courseFormatSchema>;
export type FocusArea = z.infer<typeof focusAreaSchema>;
export type MemberRelation = z.infer<typeof memberRelationSchema>;
export type RosterStatus = z.infer<typeof rosterStatusSchema>;
export type IptPhase = z.infer<typeof iptPhaseSchema>;

/**
 * Create endpoints accept this header: a replay with the same key and body returns the first
 * response; the same key with a different body is refused with 422 `idempotency_key_reused`.
 * Keys are kept per person and route.
 */
export const idempotencyKeyHeader = 'Idempotency-Key';
export const idempotencyKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be 1–128 characters of A–Z, a–z, 0–9, _ and -');

/** A wall-clock time of day, 'HH:MM' 24-hour, without a zone. */
export const wallTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a 24-hour time 'HH:MM', like '09:30'");

export const initialMemberSchema = z.object({
  personId: uuid,
  relation: memberRelationSchema,
  /** `invited` (default) holds a place until the client accepts; `active` when already agreed. */
  status: z.enum(['invited', 'active']).default('invited'),
});

export const courseCreateBodySchema = z.object({
  title: humanText({ max: 120 }),
  format: courseFormatSchema,
  focusAreas: z.array(focusAreaSchema).min(1, 'must name at least one focus area').max(4),
  therapistId: uuid,
  coTherapistId: uuid.nullable().optional(),
  /** Only for groups (3–12, default 9); other formats take their capacity from the format. */
  maxMembers: z.number().int().min(1).max(12).nullable().optional(),
  /** 8–20, default 12. */
  sessionCount: z.number().int().min(8).max(20).optional(),
  /** 30–120 in steps of 5; default 50, or 90 for groups. */
  durationMinutes: z.number().int().min(30).max(120).multipleOf(5).optional(),
  timeZone: timeZoneSchema,
  /** ISO weekday, Monday = 1 … Sunday = 7. */
  weekday: z.number().int().min(1).max(7),
  /** Wall-clock start in `timeZone`, 'HH:MM' 24-hour; kept across daylight-saving changes. */
  localTime: wallTimeSchema,
  /** 'YYYY-MM-DD': session 1 is on the first `weekday` on or after this date. */
  startDate: isoDate,
  /** Clients to put on the roster with the course; all are booked or nothing is created. */
  members: z.array(initialMemberSchema).max(12).default([]),
});
export type CourseCreateBody = z.input<typeof courseCreateBodySchema>;

/** A person as a roster or course shows them: never an email. */
export const personRefSchema = z.object({ personId: uuid, displayName: z.string() });
export type PersonRef = z.infer<typeof personRefSchema>;

export const rosterMemberSchema = z.object({
  /** The roster entry's id (for PATCH), not the person's. */
  id: uuid,
  personId: uuid,
  displayName: z.string(),
  relation: memberRelationSchema,
  status: rosterStatusSchema,
});
export type RosterMember = z.infer<typeof rosterMemberSchema>;

export const capacitySchema = z.object({ min: z.number().int(), max: z.number().int() });

export const rosterReadinessSchema = z.object({
  ready: z.boolean(),
  reason: z.enum(['too_few_members', 'too_many_members']).optional(),
  activeMembers: z.number().int(),
  invitedMembers: z.number().int(),
  needed: z.number().int(),
});

export const sessionStatusSchema = z.enum(['scheduled', 'cancelled']);

export const sessionSummarySchema = z.object({
  id: uuid,
  courseId: uuid,
  number: z.number().int(),
  /** "Session N of M" */
  label: z.string(),
  phase: iptPhaseSchema,
  startsAt: instant,
  endsAt: instant,
  status: sessionStatusSchema,
});
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

export const courseSummarySchema = z.object({
  id: uuid,
  title: z.string(),
  format: courseFormatSchema,
  focusAreas: z.array(focusAreaSchema),
  therapist: personRefSchema,
  coTherapist: personRefSchema.nullable(),
  sessionCount: z.number().int(),
  durationMinutes: z.number().int(),
  timeZone: z.string(),
  weekday: z.number().int(),
  localTime: z.string(),
  startDate: z.string(),
  capacity: capacitySchema,
  /** Invited and active members (the places taken). */
  heldPlaces: z.number().int(),
  createdAt: instant,
});
export type CourseSummary = z.infer<typeof courseSummarySchema>;

/** A session on its course's page: for staff, also where a rescheduled session was first planned. */
export const courseSessionSchema = sessionSummarySchema.extend({
  /** The start first planned, when the session was moved since (staff only; null otherwise). */
  movedFrom: instant.nullable(),
  /** The reason given for the latest move, if any (staff only). */
  moveReason: z.string().nullable(),
});
export type CourseSession = z.infer<typeof courseSessionSchema>;

export const courseDetailSchema = courseSummarySchema.extend({
  /** Clients see only invited and active members; staff also see withdrawn and waitlisted ones. */
  members: z.array(rosterMemberSchema),
  readiness: rosterReadinessSchema,
  /** Clients see only the sessions they are booked into. */
  sessions: z.array(courseSessionSchema),
});
export type CourseDetail = z.infer<typeof courseDetailSchema>;

/** One existing booking a proposed time collides with. */
export const bookingConflictSchema = z.object({
  /** Number of the proposed session in its series (absent for a reschedule). */
  sessionNumber: z.number().int().optional(),
  startsAt: instant,
  endsAt: instant,
  /** Who is double-booked: their id, never their name. */
  personId: uuid,
  role: z.enum(['therapist', 'client']),
  existingSessionId: uuid,
  existingStartsAt: instant,
  existingEndsAt: instant,
});
export type BookingConflict = z.infer<typeof bookingConflictSchema>;

export const coursePreviewSchema = z.object({
  format: courseFormatSchema,
  capacity: capacitySchema,
  sessionCount: z.number().int(),
  durationMinutes: z.number().int(),
  timeZone: z.string(),
  firstSessionDate: z.string(),
  sessions: z.array(
    z.object({
      number: z.number().int(),
      label: z.string(),
      phase: iptPhaseSchema,
      startsAt: instant,
      endsAt: instant,
      /** 'YYYY-MM-DD' in the course's zone. */
      localDate: z.string(),
      conflicts: z.array(bookingConflictSchema),
    }),
  ),
  hasConflicts: z.boolean(),
});
export type CoursePreview = z.infer<typeof coursePreviewSchema>;

export const courseIdParamsSchema = idParams('courseId');
export const memberParamsSchema = idParams('courseId', 'memberId');
export const sessionIdParamsSchema = idParams('sessionId');

export const memberAddBodySchema = z.object({
  personId: uuid,
  relation: memberRelationSchema,
  status: z.enum(['invited', 'active']).default('invited'),
  /** For a full group: put the client on the waitlist instead of refusing (other formats refuse). */
  waitlist: z.boolean().default(false),
});
export type MemberAddBody = z.input<typeof memberAddBodySchema>;

export const memberUpdateBodySchema = z.object({
  /** Withdrawing frees the member's future bookings; coming back books them again. */
  status: z.enum(['invited', 'active', 'withdrawn']),
  /**
   * Why (coordinators): required when a coordinator makes a place active for the client, kept in
   * the place's history.
   */
  reason: z.string().trim().max(500, 'must be at most 500 characters').optional(),
});

/** A place in a course offered to the caller, waiting for their answer (Home). */
export const placeOfferSchema = z.object({
  /** The roster entry's id: what the answer names. */
  memberId: z.uuid(),
  course: z.object({
    id: z.uuid(),
    title: z.string(),
    format: courseFormatSchema,
    sessionCount: z.number().int(),
    durationMinutes: z.number().int(),
    timeZone: z.string(),
  }),
  therapist: personRefSchema,
  relation: memberRelationSchema,
  /** The next session the place would take the caller to, or null when none is left. */
  nextSessionStartsAt: instant.nullable(),
});
export type PlaceOffer = z.infer<typeof placeOfferSchema>;

export const placeOfferParamsSchema = z.object({ memberId: uuid });
export const placeOfferAnswerBodySchema = z.object({ answer: z.enum(['accept', 'decline']) });

export const sessionWindowQuerySchema = z
  .object({ from: instantSchema(), to: instantSchema() })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), {
    path: ['to'],
    message: 'must be after from',
  })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 92 * 86_400_000, {
    path: ['to'],
    message: 'must be at most 92 days after from',
  });

export const sessionItemSchema = sessionSummarySchema.extend({
  course: z.object({
    id: uuid,
    title: z.string(),
    format: courseFormatSchema,
    sessionCount: z.number().int(),
    timeZone: z.string(),
  }),
  therapist: personRefSchema,
  coTherapist: personRefSchema.nullable(),
  /** How the caller takes part; `coordinator` when they see it only as the practice's coordinator. */
  viewerRole: z.enum(['therapist', 'co_therapist', 'client', 'coordinator']),
});

/** A session in a list (Home, the week view), with what Home needs to say whether Join works. */
export const sessionListItemSchema = sessionItemSchema.extend({
  /** The caller's own place on the course's roster, or null when they have none. */
  viewerPlace: rosterStatusSchema.nullable(),
  /** Whether the caller accepted the practice's current consent text (needed to join as a client). */
  viewerConsented: z.boolean(),
});
export type SessionListItem = z.infer<typeof sessionListItemSchema>;
export type SessionItem = z.infer<typeof sessionItemSchema>;

export const sessionChangeSchema = z.object({
  kind: z.enum(['rescheduled', 'cancelled']),
  fromStartsAt: instant,
  fromEndsAt: instant,
  toStartsAt: instant.nullable(),
  toEndsAt: instant.nullable(),
  reason: z.string().nullable(),
  changedBy: uuid,
  at: instant,
});

export const sessionDetailSchema = sessionItemSchema.extend({
  durationMinutes: z.number().int(),
  /** Clients see only invited and active members. */
  members: z.array(rosterMemberSchema),
  /** Reschedules and cancellations, oldest first (staff only; empty for clients). */
  history: z.array(sessionChangeSchema),
});
export type SessionDetail = z.infer<typeof sessionDetailSchema>;

export const rescheduleBodySchema = z.object({
  startsAt: instantSchema(),
  /** New length (30–120 in steps of 5); the session keeps its length when left out. */
  durationMinutes: z.number().int().min(30).max(120).multipleOf(5).optional(),
  reason: humanText({ min: 0, max: 500, multiline: true }).optional(),
});

export const cancelBodySchema = z
  .object({ reason: humanText({ min: 0, max: 500, multiline: true }).optional() })
  .default({});

export const schedulingRoutes = {
  previewCourse: defineRoute({
    method: 'POST',
    path: '/api/courses/preview',
    summary:
      'The weekly series a course plan would generate, with every double-booking per session; writes nothing',
    tags: ['courses'],
    roles: ['coordinator'],
    body: courseCreateBodySchema,
    response: coursePreviewSchema,
    errors: [403],
  }),
  createCourse: defineRoute({
    method: 'POST',
    idempotent: true,
    path: '/api/courses',
    summary:
      'Create a course with its whole series and bookings, and optionally its roster, all or nothing (Idempotency-Key supported)',
    tags: ['courses'],
    roles: ['coordinator'],
    body: courseCreateBodySchema,
    response: courseDetailSchema,
    status: 201,
    errors: [403, 409, 422],
  }),
  listCourses: defineRoute({
    method: 'GET',
    path: '/api/courses',
    summary: 'Courses the caller may see: the practice for coordinators, their own for others',
    tags: ['courses'],
    response: z.object({ courses: z.array(courseSummarySchema) }),
  }),
  getCourse: defineRoute({
    method: 'GET',
    path: '/api/courses/:courseId',
    summary: 'A course with its roster and sessions',
    tags: ['courses'],
    params: courseIdParamsSchema,
    response: courseDetailSchema,
    errors: [404],
  }),
  addMember: defineRoute({
    method: 'POST',
    idempotent: true,
    path: '/api/courses/:courseId/members',
    summary:
      "Add a client to a roster and book the course's future sessions; a full group can waitlist (Idempotency-Key supported)",
    tags: ['courses'],
    roles: ['coordinator'],
    params: courseIdParamsSchema,
    body: memberAddBodySchema,
    response: rosterMemberSchema,
    status: 201,
    errors: [403, 404, 409, 422],
  }),
  updateMember: defineRoute({
    method: 'PATCH',
    path: '/api/courses/:courseId/members/:memberId',
    summary:
      'Change a member’s status (coordinators; a client may accept or leave their own place)',
    tags: ['courses'],
    roles: ['coordinator', 'client'],
    params: memberParamsSchema,
    body: memberUpdateBodySchema,
    response: rosterMemberSchema,
    errors: [403, 404, 409],
  }),
  listPlaceOffers: defineRoute({
    method: 'GET',
    path: '/api/me/place-offers',
    summary: 'Places in courses offered to the caller that wait for their answer',
    tags: ['courses'],
    response: z.object({ offers: z.array(placeOfferSchema) }),
  }),
  answerPlaceOffer: defineRoute({
    method: 'POST',
    path: '/api/me/place-offers/:memberId',
    summary:
      'Accept (the place becomes active) or decline (it is withdrawn) a place offered to the caller',
    tags: ['courses'],
    roles: ['client'],
    params: placeOfferParamsSchema,
    body: placeOfferAnswerBodySchema,
    response: rosterMemberSchema,
    errors: [403, 404, 409],
  }),
  listSessions: defineRoute({
    method: 'GET',
    path: '/api/sessions',
    summary:
      "The caller's sessions in a window (the whole practice for coordinators): the week view",
    tags: ['sessions'],
    query: sessionWindowQuerySchema,
    response: z.object({ sessions: z.array(sessionListItemSchema) }),
  }),
  getSession: defineRoute({
    method: 'GET',
    path: '/api/sessions/:sessionId',
    summary: 'A session with its course, "Session N of M", phase and roster',
    tags: ['sessions'],
    params: sessionIdParamsSchema,
    response: sessionDetailSchema,
    errors: [404],
  }),
  rescheduleSession: defineRoute({
    method: 'POST',
    path: '/api/sessions/:sessionId/reschedule',
    summary: 'Move one session (history kept); refused if anyone taking part is booked then',
    tags: ['sessions'],
    roles: ['coordinator', 'therapist'],
    params: sessionIdParamsSchema,
    body: rescheduleBodySchema,
    response: sessionDetailSchema,
    errors: [403, 404, 409],
  }),
  cancelSession: defineRoute({
    method: 'POST',
    path: '/api/sessions/:sessionId/cancel',
    summary: 'Cancel one session (history kept); frees everyone’s time',
    tags: ['sessions'],
    roles: ['coordinator', 'therapist'],
    params: sessionIdParamsSchema,
    body: cancelBodySchema,
    response: sessionDetailSchema,
    errors: [403, 404, 409],
  }),
} as const;
