import { z } from 'zod';
import { idParams, instant, uuid } from '../primitives';
import { defineRoute } from '../http/route';
import { humanText } from '../primitives/text';
import { roleSchema } from '../identity/identity.contract';

export const personParamsSchema = idParams('personId');

/** Why a person's data is erased; kept with the restriction of their clinical records. */
export const erasureBodySchema = z.object({
  reason: humanText({ min: 3, max: 500, multiline: true }),
});
export type ErasureBody = z.infer<typeof erasureBodySchema>;

/** The restriction placed on a person's clinical records when their account was erased. */
export const clinicalRestrictionSchema = z.object({
  id: uuid,
  reason: z.string(),
  restrictedAt: instant,
  restrictedBy: uuid.nullable(),
});
export type ClinicalRestriction = z.infer<typeof clinicalRestrictionSchema>;

export const erasureResultSchema = z.object({
  personId: uuid,
  /** The placeholder that now stands where the name was. */
  displayName: z.string(),
  restriction: clinicalRestrictionSchema,
});
export type ErasureResult = z.infer<typeof erasureResultSchema>;

const exportedCheckInSchema = z.object({
  sessionId: uuid,
  courseId: uuid,
  phq9: z.array(z.number().int()),
  gad7: z.array(z.number().int()),
  mood: z.number().int(),
  phq9Total: z.number().int(),
  gad7Total: z.number().int(),
  submittedAt: instant,
});

/**
 * Clinical records about the person. Their contents are in the person's own export only: a
 * coordinator organises courses but does not read clinical records, so their copy counts them.
 * Therapists' private notes and safety alerts are counted, never included.
 */
export const exportedClinicalSchema = z.object({
  contentIncluded: z.boolean(),
  restriction: clinicalRestrictionSchema.nullable(),
  counts: z.object({
    consentAcceptances: z.number().int(),
    checkIns: z.number().int(),
    alerts: z.number().int(),
    inventories: z.number().int(),
    focus: z.number().int(),
    progressNotes: z.number().int(),
    therapistNotes: z.number().int(),
  }),
  consentAcceptances: z
    .array(z.object({ version: z.number().int(), acceptedAt: instant }))
    .optional(),
  checkIns: z.array(exportedCheckInSchema).optional(),
  inventories: z
    .array(
      z.object({
        courseId: uuid,
        people: z.array(z.unknown()),
        submittedAt: instant,
        reviewedAt: instant.nullable(),
      }),
    )
    .optional(),
  focus: z
    .array(z.object({ courseId: uuid, areas: z.array(z.unknown()), updatedAt: instant }))
    .optional(),
  progressNotes: z
    .array(z.object({ courseId: uuid, sessionId: uuid, text: z.string(), updatedAt: instant }))
    .optional(),
});

/** Everything Hearth holds about one person, as JSON (a subject access request's answer). */
export const personDataExportSchema = z.object({
  exportedAt: instant,
  /** `self` when the person asked for their own copy, `coordinator` when their practice did. */
  requestedBy: z.enum(['self', 'coordinator']),
  person: z.object({
    id: uuid,
    email: z.string(),
    displayName: z.string(),
    roles: z.array(roleSchema),
    timeZone: z.string(),
    createdAt: instant,
    disabledAt: instant.nullable(),
    hasPassword: z.boolean(),
    erased: z.boolean(),
  }),
  practice: z.object({ id: uuid, name: z.string() }),
  /** Sign-in sessions (refresh tokens, which are stored only as hashes). */
  signInSessions: z.array(
    z.object({
      createdAt: instant,
      expiresAt: instant,
      rotatedAt: instant.nullable(),
      revokedAt: instant.nullable(),
    }),
  ),
  invitations: z.array(
    z.object({
      id: uuid,
      email: z.string(),
      displayName: z.string(),
      roles: z.array(roleSchema),
      createdAt: instant,
      expiresAt: instant,
      acceptedAt: instant.nullable(),
      revokedAt: instant.nullable(),
    }),
  ),
  calendarFeed: z.object({ createdAt: instant }).nullable(),
  therapistProfile: z.record(z.string(), z.unknown()).nullable(),
  rosters: z.array(
    z.object({
      courseId: uuid,
      courseTitle: z.string(),
      relation: z.string(),
      status: z.string(),
      joinedAt: instant,
      updatedAt: instant,
    }),
  ),
  coursesLed: z.array(
    z.object({
      courseId: uuid,
      courseTitle: z.string(),
      role: z.enum(['therapist', 'co_therapist']),
    }),
  ),
  bookings: z.array(
    z.object({
      sessionId: uuid,
      courseId: uuid,
      number: z.number().int(),
      startsAt: instant,
      endsAt: instant,
      role: z.enum(['therapist', 'client']),
      cancelled: z.boolean(),
    }),
  ),
  attendance: z.array(z.object({ sessionId: uuid, kind: z.string(), at: instant })),
  reminders: z.array(
    z.object({
      sessionId: uuid,
      kind: z.string(),
      dueAt: instant,
      sentAt: instant.nullable(),
      outcome: z.string().nullable(),
    }),
  ),
  therapyRequests: z.array(z.record(z.string(), z.unknown())),
  clinical: exportedClinicalSchema,
  /** What the person did in Hearth, from the audit log (actions and ids, never contents). */
  activity: z.array(
    z.object({ action: z.string(), entity: z.string(), entityId: uuid.nullable(), at: instant }),
  ),
});
export type PersonDataExport = z.infer<typeof personDataExportSchema>;

export const privacyRoutes = {
  exportPerson: defineRoute({
    method: 'GET',
    path: '/api/people/:personId/export',
    summary:
      'Everything Hearth holds about a person, as JSON: for themself, or for a coordinator of their practice',
    tags: ['privacy'],
    params: personParamsSchema,
    stepUp: true,
    response: personDataExportSchema,
    errors: [403, 404],
  }),
  erasePerson: defineRoute({
    method: 'POST',
    path: '/api/people/:personId/erasure',
    summary:
      'Erase a person: name, email, password, sign-ins, invitations and calendar feed are replaced or removed, they can no longer sign in, and their clinical records are restricted with the reason (coordinators only)',
    tags: ['privacy'],
    roles: ['coordinator'],
    stepUp: true,
    params: personParamsSchema,
    body: erasureBodySchema,
    response: erasureResultSchema,
    errors: [403, 404, 409],
  }),
} as const;
