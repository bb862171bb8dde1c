import {
  checkInAvailabilities,
  checkInSchedules,
  gad7Severities,
  phq9Severities,
} from '@hearth/domain/vocabulary';
import { z } from 'zod';
import { idParams, instant, optionalText, text, uuid } from '../primitives';
import { defineRoute } from '../http/route';
import { humanText } from '../primitives/text';
import {
  courseIdParamsSchema,
  focusAreaSchema,
  personRefSchema,
  sessionIdParamsSchema,
} from '../scheduling/scheduling.contract';

// The schedules, severity bands and availabilities are the domain's lists (one vocabulary).
export const inventoryRelationValues = [
  'partner',
  'parent',
  'child',
  'sibling',
  'other_family',
  'friend',
  'colleague',
  'other',
] as const;
export const inventoryStatusValues = ['not_started', 'submitted', 'reviewed'] as const;

export const checkInScheduleSchema = z.enum(checkInSchedules);
export const phq9SeveritySchema = z.enum(phq9Severities);
export const gad7SeveritySchema = z.enum(gad7Severities);
export const inventoryRelationSchema = z.enum(inventoryRelationValues);
export const inventoryStatusSchema = z.enum(inventoryStatusValues);
export type CheckInSchedule = z.infer<typeof checkInScheduleSchema>;
export type Phq9Severity = z.infer<typeof phq9SeveritySchema>;
export type Gad7Severity = z.infer<typeof gad7SeveritySchema>;
export type InventoryRelation = z.infer<typeof inventoryRelationSchema>;
export type InventoryStatus = z.infer<typeof inventoryStatusSchema>;

// ── Consent ────────────────────────────────────────────────────────────────────────────────

/** The practice's current consent text and whether the caller has accepted it. */
export const consentSchema = z.object({
  version: z.number().int(),
  text: z.string(),
  publishedAt: instant,
  accepted: z.boolean(),
  acceptedAt: instant.nullable(),
});
export type Consent = z.infer<typeof consentSchema>;

export const consentAcceptBodySchema = z.object({
  /** The version the client read; accepting an older one than the current is refused (409). */
  version: z.number({ error: 'must be a number' }).int('must be a whole number').min(1),
});

export const consentPublishBodySchema = z.object({
  text: humanText({ min: 50, max: 20_000, multiline: true }),
});

export const consentVersionSchema = z.object({
  version: z.number().int(),
  text: z.string(),
  publishedAt: instant,
  /** Null for the default text every new practice starts with. */
  publishedBy: personRefSchema.nullable(),
  /** How many people have accepted this version. */
  acceptances: z.number().int(),
});
export type ConsentVersion = z.infer<typeof consentVersionSchema>;

// ── Check-ins ──────────────────────────────────────────────────────────────────────────────

const itemAnswer = z
  .number({ error: 'must be 0, 1, 2 or 3' })
  .int('must be 0, 1, 2 or 3')
  .min(0, 'must be 0, 1, 2 or 3')
  .max(3, 'must be 0, 1, 2 or 3');

export const checkInBodySchema = z.object({
  /** PHQ-9 items 1–9, each 0–3. */
  phq9: z.array(itemAnswer).length(9, 'must have exactly 9 answers'),
  /** GAD-7 items 1–7, each 0–3. */
  gad7: z.array(itemAnswer).length(7, 'must have exactly 7 answers'),
  /** 0 (very low) – 10 (very good). */
  mood: z
    .number({ error: 'must be a number' })
    .int('must be a whole number from 0 to 10')
    .min(0, 'must be a whole number from 0 to 10')
    .max(10, 'must be a whole number from 0 to 10'),
});
export type CheckInBody = z.infer<typeof checkInBodySchema>;

/** A scored check-in, as the client who gave it and the course's therapists see it. */
export const checkInSchema = z.object({
  id: uuid,
  sessionId: uuid,
  sessionNumber: z.number().int(),
  personId: uuid,
  submittedAt: instant,
  phq9: z.array(z.number().int()),
  gad7: z.array(z.number().int()),
  phq9Total: z.number().int(),
  phq9Severity: phq9SeveritySchema,
  gad7Total: z.number().int(),
  gad7Severity: gad7SeveritySchema,
  mood: z.number().int(),
});
export type CheckIn = z.infer<typeof checkInSchema>;

/** A session's check-in as its client sees it before filling it in. */
export const checkInFormSchema = z.object({
  sessionId: uuid,
  courseId: uuid,
  courseTitle: z.string(),
  number: z.number().int(),
  sessionCount: z.number().int(),
  startsAt: instant,
  availability: z.enum(checkInAvailabilities),
  submitted: checkInSchema.nullable(),
});
export type CheckInForm = z.infer<typeof checkInFormSchema>;

export const checkInScheduleBodySchema = z.object({ checkInSchedule: checkInScheduleSchema });
export const courseCheckInScheduleSchema = z.object({
  courseId: uuid,
  checkInSchedule: checkInScheduleSchema,
});

// ── Alerts ─────────────────────────────────────────────────────────────────────────────────

/** A PHQ-9 item 9 answered above 0: shown only to the course's therapist and co-therapist. */
export const clinicalAlertSchema = z.object({
  id: uuid,
  kind: z.literal('phq9_item9'),
  client: personRefSchema,
  course: z.object({ id: uuid, title: z.string() }),
  session: z.object({ id: uuid, number: z.number().int(), startsAt: instant }),
  /** 1 several days, 2 more than half the days, 3 nearly every day. */
  item9Answer: z.number().int(),
  raisedAt: instant,
  acknowledgedAt: instant.nullable(),
  acknowledgedBy: personRefSchema.nullable(),
});
export type ClinicalAlert = z.infer<typeof clinicalAlertSchema>;

export const alertIdParamsSchema = idParams('alertId');

// ── Interpersonal inventory ───────────────────────────────────────────────────────────────

const rating = z
  .number({ error: 'must be a number from 1 to 5' })
  .int('must be a whole number from 1 to 5')
  .min(1, 'must be a whole number from 1 to 5')
  .max(5, 'must be a whole number from 1 to 5');

/** One important person: a label such as "Mum" or "J." — never a full name. */
export const inventoryPersonSchema = z.object({
  label: text(40),
  relation: inventoryRelationSchema,
  /** 1 distant – 5 very close. */
  closeness: rating,
  /** 1 no support – 5 a lot of support. */
  support: rating,
  conflicts: optionalText(1000, true),
  expectations: optionalText(1000, true),
});
export type InventoryPerson = z.infer<typeof inventoryPersonSchema>;

export const inventoryBodySchema = z.object({
  people: z
    .array(inventoryPersonSchema)
    .min(1, 'must name at least one person')
    .max(20, 'must name at most 20 people'),
});
export type InventoryBody = z.input<typeof inventoryBodySchema>;

export const inventorySchema = z.object({
  courseId: uuid,
  personId: uuid,
  status: inventoryStatusSchema,
  people: z.array(inventoryPersonSchema),
  submittedAt: instant.nullable(),
  reviewedAt: instant.nullable(),
  reviewedBy: personRefSchema.nullable(),
});
export type Inventory = z.infer<typeof inventorySchema>;

// ── Focus, goals and progress ──────────────────────────────────────────────────────────────

export const focusBodySchema = z.object({
  areas: z
    .array(
      z.object({
        area: focusAreaSchema,
        goals: z
          .array(text(300))
          .min(1, 'must have at least one goal')
          .max(5, 'must have at most five goals'),
      }),
    )
    .min(1, 'must name one or two problem areas')
    .max(2, 'must name one or two problem areas'),
});
export type FocusBody = z.infer<typeof focusBodySchema>;

export const clientFocusSchema = focusBodySchema.shape.areas.element;
export const focusSchema = z.object({
  courseId: uuid,
  personId: uuid,
  /** Empty until the therapist and client agree the focus. */
  areas: z.array(clientFocusSchema),
  updatedAt: instant.nullable(),
  updatedBy: personRefSchema.nullable(),
});
export type Focus = z.infer<typeof focusSchema>;

export const progressBodySchema = z.object({ text: text(2000, true) });
export const progressNoteSchema = z.object({
  sessionId: uuid,
  sessionNumber: z.number().int(),
  text: z.string(),
  author: personRefSchema,
  updatedAt: instant,
});
export type ProgressNote = z.infer<typeof progressNoteSchema>;

// ── Therapist notes ────────────────────────────────────────────────────────────────────────

export const therapistNoteBodySchema = z.object({ text: text(10_000, true) });
/** A therapist's private note on one client in one session; never shown to clients. */
export const therapistNoteSchema = z.object({
  id: uuid,
  sessionId: uuid,
  sessionNumber: z.number().int(),
  personId: uuid,
  text: z.string(),
  author: personRefSchema,
  createdAt: instant,
  updatedAt: instant,
});
export type TherapistNote = z.infer<typeof therapistNoteSchema>;

// ── Overviews ──────────────────────────────────────────────────────────────────────────────

/** A course's clinical picture for its therapists: one entry per client on the roster. */
export const courseClinicalSchema = z.object({
  courseId: uuid,
  sessionCount: z.number().int(),
  checkInSchedule: checkInScheduleSchema,
  clients: z.array(
    z.object({
      personId: uuid,
      displayName: z.string(),
      consentAccepted: z.boolean(),
      inventory: inventoryStatusSchema,
      focusAreas: z.array(focusAreaSchema),
      /** Oldest first: the trend across the course. */
      checkIns: z.array(checkInSchema),
      openAlerts: z.number().int(),
    }),
  ),
});
export type CourseClinical = z.infer<typeof courseClinicalSchema>;

/** What a client has to do before their sessions. */
export const clientTasksSchema = z.object({
  consent: z.object({ version: z.number().int(), accepted: z.boolean() }),
  /** Check-ins open now and not yet filled in, soonest first. */
  checkIns: z.array(
    z.object({
      sessionId: uuid,
      courseId: uuid,
      courseTitle: z.string(),
      number: z.number().int(),
      sessionCount: z.number().int(),
      startsAt: instant,
    }),
  ),
  /** The client's courses with where their inventory stands. */
  courses: z.array(
    z.object({ courseId: uuid, courseTitle: z.string(), inventory: inventoryStatusSchema }),
  ),
});
export type ClientTasks = z.infer<typeof clientTasksSchema>;

export const courseClientParamsSchema = idParams('courseId', 'personId');
export const sessionClientParamsSchema = idParams('sessionId', 'personId');

export const clinicalRoutes = {
  getConsent: defineRoute({
    method: 'GET',
    path: '/api/consent',
    summary: "The practice's current consent text and whether the caller has accepted it",
    tags: ['consent'],
    response: consentSchema,
  }),
  acceptConsent: defineRoute({
    method: 'POST',
    path: '/api/consent/accept',
    summary: 'Accept the current consent text (clients, before their first session)',
    tags: ['consent'],
    roles: ['client'],
    body: consentAcceptBodySchema,
    response: consentSchema,
    errors: [403, 409],
  }),
  listConsentVersions: defineRoute({
    method: 'GET',
    path: '/api/consent/versions',
    summary: "Every version of the practice's consent text, newest first (coordinators)",
    tags: ['consent'],
    roles: ['coordinator'],
    response: z.object({ versions: z.array(consentVersionSchema) }),
    errors: [403],
  }),
  publishConsent: defineRoute({
    method: 'POST',
    path: '/api/consent/versions',
    summary: 'Publish a new consent text; every client must accept it again (coordinators)',
    tags: ['consent'],
    roles: ['coordinator'],
    body: consentPublishBodySchema,
    response: consentVersionSchema,
    status: 201,
    errors: [403],
  }),
  myTasks: defineRoute({
    method: 'GET',
    path: '/api/me/clinical',
    summary: 'What a client has to do before their sessions: consent, open check-ins, inventories',
    tags: ['clinical'],
    roles: ['client'],
    response: clientTasksSchema,
    errors: [403],
  }),
  getCheckInSchedule: defineRoute({
    method: 'GET',
    path: '/api/courses/:courseId/check-in-schedule',
    summary: 'How often a course offers check-ins (its coordinators and therapists)',
    tags: ['clinical'],
    roles: ['coordinator', 'therapist'],
    params: courseIdParamsSchema,
    response: courseCheckInScheduleSchema,
    errors: [403, 404],
  }),
  setCheckInSchedule: defineRoute({
    method: 'PUT',
    path: '/api/courses/:courseId/check-in-schedule',
    summary: 'Offer check-ins before every session or every 4th (coordinators and therapists)',
    tags: ['clinical'],
    roles: ['coordinator', 'therapist'],
    params: courseIdParamsSchema,
    body: checkInScheduleBodySchema,
    response: courseCheckInScheduleSchema,
    errors: [403, 404],
  }),
  courseClinical: defineRoute({
    method: 'GET',
    path: '/api/courses/:courseId/clinical',
    summary:
      "A course's clients with consent, inventory, focus and check-in trend (its therapists)",
    tags: ['clinical'],
    roles: ['therapist'],
    params: courseIdParamsSchema,
    response: courseClinicalSchema,
    errors: [403, 404],
  }),
  getCheckIn: defineRoute({
    method: 'GET',
    path: '/api/sessions/:sessionId/check-in',
    summary: "A session's check-in for the calling client: whether it is open, and their answers",
    tags: ['clinical'],
    roles: ['client'],
    params: sessionIdParamsSchema,
    response: checkInFormSchema,
    errors: [403, 404],
  }),
  submitCheckIn: defineRoute({
    method: 'POST',
    path: '/api/sessions/:sessionId/check-in',
    summary:
      'Fill in the PHQ-9, GAD-7 and mood before a session; item 9 above 0 alerts the therapists',
    tags: ['clinical'],
    roles: ['client'],
    params: sessionIdParamsSchema,
    body: checkInBodySchema,
    response: checkInSchema,
    status: 201,
    errors: [403, 404, 409],
  }),
  listAlerts: defineRoute({
    method: 'GET',
    path: '/api/clinical/alerts',
    summary: 'Unacknowledged alerts of the courses the therapist runs',
    tags: ['clinical'],
    roles: ['therapist'],
    response: z.object({ alerts: z.array(clinicalAlertSchema) }),
    errors: [403],
  }),
  sessionAlerts: defineRoute({
    method: 'GET',
    path: '/api/sessions/:sessionId/alerts',
    summary:
      "Alerts for a session's therapists: raised for this session, or still open in its course",
    tags: ['clinical'],
    roles: ['therapist'],
    params: sessionIdParamsSchema,
    response: z.object({ alerts: z.array(clinicalAlertSchema) }),
    errors: [403, 404],
  }),
  acknowledgeAlert: defineRoute({
    method: 'POST',
    path: '/api/clinical/alerts/:alertId/acknowledge',
    summary: 'Mark an alert as seen and acted on',
    tags: ['clinical'],
    roles: ['therapist'],
    params: alertIdParamsSchema,
    response: clinicalAlertSchema,
    errors: [403, 404],
  }),
  getInventory: defineRoute({
    method: 'GET',
    path: '/api/courses/:courseId/clients/:personId/inventory',
    summary: "A client's interpersonal inventory (the client, or the course's therapists)",
    tags: ['clinical'],
    roles: ['therapist', 'client'],
    params: courseClientParamsSchema,
    response: inventorySchema,
    errors: [403, 404],
  }),
  putInventory: defineRoute({
    method: 'PUT',
    path: '/api/courses/:courseId/clients/:personId/inventory',
    summary: "Save a client's important people; a change after review needs reviewing again",
    tags: ['clinical'],
    roles: ['therapist', 'client'],
    params: courseClientParamsSchema,
    body: inventoryBodySchema,
    response: inventorySchema,
    errors: [403, 404],
  }),
  reviewInventory: defineRoute({
    method: 'POST',
    path: '/api/courses/:courseId/clients/:personId/inventory/review',
    summary: 'Mark an inventory reviewed with the client (the course’s therapists)',
    tags: ['clinical'],
    roles: ['therapist'],
    params: courseClientParamsSchema,
    response: inventorySchema,
    errors: [403, 404, 409],
  }),
  getFocus: defineRoute({
    method: 'GET',
    path: '/api/courses/:courseId/clients/:personId/focus',
    summary: "A client's IPT problem areas and goals (the client, or the course's therapists)",
    tags: ['clinical'],
    roles: ['therapist', 'client'],
    params: courseClientParamsSchema,
    response: focusSchema,
    errors: [403, 404],
  }),
  putFocus: defineRoute({
    method: 'PUT',
    path: '/api/courses/:courseId/clients/:personId/focus',
    summary: "Set a client's one or two problem areas with their goals (the course's therapists)",
    tags: ['clinical'],
    roles: ['therapist'],
    params: courseClientParamsSchema,
    body: focusBodySchema,
    response: focusSchema,
    errors: [403, 404],
  }),
  listProgress: defineRoute({
    method: 'GET',
    path: '/api/courses/:courseId/clients/:personId/progress',
    summary: "Progress on a client's goals, session by session",
    tags: ['clinical'],
    roles: ['therapist', 'client'],
    params: courseClientParamsSchema,
    response: z.object({ notes: z.array(progressNoteSchema) }),
    errors: [403, 404],
  }),
  putProgress: defineRoute({
    method: 'PUT',
    path: '/api/sessions/:sessionId/clients/:personId/progress',
    summary: "Record a client's progress on their goals in one session (the course's therapists)",
    tags: ['clinical'],
    roles: ['therapist'],
    params: sessionClientParamsSchema,
    body: progressBodySchema,
    response: progressNoteSchema,
    errors: [403, 404],
  }),
  listNotes: defineRoute({
    method: 'GET',
    path: '/api/courses/:courseId/clients/:personId/notes',
    summary: "The course therapists' private notes on one client, session by session",
    tags: ['clinical'],
    roles: ['therapist'],
    params: courseClientParamsSchema,
    response: z.object({ notes: z.array(therapistNoteSchema) }),
    errors: [403, 404],
  }),
  putNote: defineRoute({
    method: 'PUT',
    path: '/api/sessions/:sessionId/clients/:personId/note',
    summary: 'Write the private note on one client in one session (encrypted at rest)',
    tags: ['clinical'],
    roles: ['therapist'],
    params: sessionClientParamsSchema,
    body: therapistNoteBodySchema,
    response: therapistNoteSchema,
    errors: [403, 404],
  }),
} as const;
