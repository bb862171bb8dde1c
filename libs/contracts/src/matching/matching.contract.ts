import { therapySettings } from '@hearth/domain/vocabulary';
import { z } from 'zod';
import { idParams, instant, isoDate, unique, uuid } from '../primitives';
import { defineRoute } from '../http/route';
import { humanText, opaqueText } from '../primitives/text';
import { timeZoneSchema } from '../identity/identity.contract';
import { availabilityWindowSchema } from '../profiles/therapist-profile.contract';
import {
  courseFormatSchema,
  focusAreaSchema,
  memberRelationSchema,
  wallTimeSchema,
} from '../scheduling/scheduling.contract';

export const therapySettingSchema = z.enum(therapySettings);
export type TherapySetting = z.infer<typeof therapySettingSchema>;

/** A location of the practice as the request form and the request show it. */
export const requestLocationSchema = z.object({
  id: uuid,
  name: z.string(),
  addressLine: z.string().nullable(),
});
export type RequestLocation = z.infer<typeof requestLocationSchema>;

export const therapyRequestStatusValues = ['open', 'matched', 'declined'] as const;
export const therapyRequestStatusSchema = z.enum(therapyRequestStatusValues);
export type TherapyRequestStatus = z.infer<typeof therapyRequestStatusSchema>;

/** Longest "what brings you" text: about a page. */
export const concernMaxLength = 2_000;

export const practiceParamsSchema = idParams('practiceId');
export const therapyRequestParamsSchema = idParams('requestId');

/** What the public form needs before it is shown: whose it is, and a token to send it back with. */
export const therapyRequestFormSchema = z.object({
  practiceName: z.string(),
  /** Signed: proves when the form was handed out. Send it back unchanged. */
  formToken: z.string(),
  /** Seconds a person needs at least before sending; quicker sends are refused. */
  minFillSeconds: z.number().int(),
  /** Where the practice sees people in person; empty when it sees them by video only. */
  locations: z.array(requestLocationSchema),
});
export type TherapyRequestForm = z.infer<typeof therapyRequestFormSchema>;

export const therapyRequestBodySchema = z
  .object({
    /** What to call them; used for the invitation if they are matched. */
    name: humanText({ max: 80 }),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .max(254, 'must be at most 254 characters')
      .pipe(z.email({ error: 'must be an email address' })),
    /** What brings them, in their own words. */
    concern: humanText({ max: concernMaxLength, multiline: true }),
    /** IPT focus areas they recognise; may be empty when they are not sure. */
    focusAreas: z.array(focusAreaSchema).max(4).refine(unique, 'must not repeat an area'),
    format: courseFormatSchema,
    setting: therapySettingSchema,
    /** The location they would come to: required for in person or either, absent for remote. */
    locationId: uuid.nullable().optional(),
    /** Languages they can have therapy in, as tags such as en or pt-BR. */
    languages: z
      .array(
        z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language tag such as en or pt-BR'),
      )
      .min(1, 'must name at least one language')
      .max(5, 'must name at most 5 languages')
      .refine(unique, 'must not repeat a language'),
    timeZone: timeZoneSchema,
    /** Weekly windows in their own time zone. */
    availability: z
      .array(availabilityWindowSchema)
      .min(1, 'must give at least one time')
      .max(21, 'must give at most 21 times'),
    consent: z.literal(true, { error: 'must be given so the practice can contact you' }),
    formToken: opaqueText(300).refine(
      (token) => token.length > 0,
      'is missing; load the form again',
    ),
    /** Left empty by people; the form hides it from them. */
    website: opaqueText(300).optional(),
  })
  .check((ctx) => {
    const { setting, locationId } = ctx.value;
    if (setting !== 'remote' && !locationId) {
      ctx.issues.push({
        code: 'custom',
        path: ['locationId'],
        message: 'must name the location for in-person sessions',
        input: locationId,
      });
    } else if (setting === 'remote' && locationId) {
      ctx.issues.push({
        code: 'custom',
        path: ['locationId'],
        message: 'must be left out for sessions by video',
        input: locationId,
      });
    }
  });
export type TherapyRequestBody = z.input<typeof therapyRequestBodySchema>;

export const therapyRequestReceiptSchema = z.object({
  /** Quote this when contacting the practice. */
  reference: z.string(),
  receivedAt: instant,
});
export type TherapyRequestReceipt = z.infer<typeof therapyRequestReceiptSchema>;

export const therapyRequestSummarySchema = z.object({
  id: uuid,
  reference: z.string(),
  status: therapyRequestStatusSchema,
  name: z.string(),
  format: courseFormatSchema,
  focusAreas: z.array(focusAreaSchema),
  setting: therapySettingSchema,
  /** The location chosen for in person or either (it may no longer be offered); null for remote. */
  location: z.object({ id: uuid, name: z.string() }).nullable(),
  languages: z.array(z.string()),
  receivedAt: instant,
});
export type TherapyRequestSummary = z.infer<typeof therapyRequestSummarySchema>;

export const matchSchema = z.object({
  kind: z.enum(['therapist', 'group']),
  rank: z.number().int(),
  /** 0–100 */
  score: z.number().int(),
  therapist: z.object({ personId: uuid, displayName: z.string() }),
  /** The group, for a group match. */
  group: z
    .object({
      courseId: uuid,
      title: z.string(),
      firstSessionAt: instant,
      placesLeft: z.number().int(),
    })
    .nullable(),
  /** The first weekly time both are free, on the requester's clock (therapist matches). */
  suggestedSlot: z.object({ weekday: z.number().int(), localTime: z.string() }).nullable(),
  reasons: z.array(z.string()),
  cautions: z.array(z.string()),
});
export type Match = z.infer<typeof matchSchema>;

export const decisionSchema = z.object({
  kind: z.enum(['accepted', 'declined']),
  at: instant,
  by: z.object({ personId: uuid, displayName: z.string() }),
  reason: z.string().nullable(),
  courseId: uuid.nullable(),
  placement: z.enum(['course', 'roster_place', 'waitlist']).nullable(),
});

export const therapyRequestDetailSchema = therapyRequestSummarySchema.extend({
  email: z.string(),
  concern: z.string(),
  timeZone: z.string(),
  availability: z.array(availabilityWindowSchema),
  /** Ranked now, against today's profiles, caseloads and groups; empty once decided. */
  matches: z.array(matchSchema),
  decision: decisionSchema.nullable(),
});
export type TherapyRequestDetail = z.infer<typeof therapyRequestDetailSchema>;

export const therapyRequestListQuerySchema = z.object({
  status: therapyRequestStatusSchema.optional(),
});

export const acceptMatchBodySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('therapist'),
    therapistId: uuid,
    title: humanText({ max: 120 }).optional(),
    focusAreas: z
      .array(focusAreaSchema)
      .min(1, 'must name at least one focus area')
      .max(4)
      .optional(),
    relation: memberRelationSchema.optional(),
    /** The course's weekly time, in `timeZone` (the requester's by default). */
    weekday: z.number().int().min(1).max(7),
    localTime: wallTimeSchema,
    startDate: isoDate,
    timeZone: timeZoneSchema.optional(),
    sessionCount: z.number().int().min(8).max(20).optional(),
  }),
  z.object({
    kind: z.literal('group'),
    courseId: uuid,
  }),
]);
export type AcceptMatchBody = z.input<typeof acceptMatchBodySchema>;

export const acceptedMatchSchema = z.object({
  request: therapyRequestDetailSchema,
  courseId: uuid,
  placement: z.enum(['course', 'roster_place', 'waitlist']),
  /** The invitation sent to the requester; null when they already had an account. */
  invitation: z
    .object({
      id: uuid,
      acceptPath: z.string(),
      expiresAt: instant,
      /** `queued`: emailed to the requester; `logged`: no mail server here, so not emailed. */
      email: z.enum(['queued', 'logged', 'not_requested']),
    })
    .nullable(),
});
export type AcceptedMatch = z.infer<typeof acceptedMatchSchema>;

export const declineBodySchema = z.object({
  reason: humanText({ max: 500, multiline: true }),
});

export const therapyRequestExportSchema = z.object({
  exportedAt: instant,
  practiceId: uuid,
  request: therapyRequestDetailSchema.omit({ matches: true }),
  consentGivenAt: instant.nullable(),
  /** Every recorded access to and decision on the request: when, what and by whom (an id). */
  audit: z.array(z.object({ at: instant, action: z.string(), actorId: uuid.nullable() })),
});
export type TherapyRequestExport = z.infer<typeof therapyRequestExportSchema>;

export const matchingRoutes = {
  requestForm: defineRoute({
    method: 'GET',
    path: '/api/practices/:practiceId/therapy-request-form',
    summary: "What the public request form needs: the practice's name and a signed form token",
    tags: ['matching'],
    public: true,
    params: practiceParamsSchema,
    response: therapyRequestFormSchema,
    errors: [404, 429],
  }),
  submitRequest: defineRoute({
    method: 'POST',
    path: '/api/practices/:practiceId/therapy-requests',
    summary: 'Ask a practice for therapy (no account needed); answers with a reference',
    tags: ['matching'],
    public: true,
    params: practiceParamsSchema,
    body: therapyRequestBodySchema,
    response: therapyRequestReceiptSchema,
    status: 201,
    errors: [404, 413, 429],
  }),
  listRequests: defineRoute({
    method: 'GET',
    path: '/api/therapy-requests',
    summary: "The practice's requests for therapy, newest first (coordinators)",
    tags: ['matching'],
    roles: ['coordinator'],
    query: therapyRequestListQuerySchema,
    response: z.object({ requests: z.array(therapyRequestSummarySchema) }),
    errors: [403],
  }),
  getRequest: defineRoute({
    method: 'GET',
    path: '/api/therapy-requests/:requestId',
    summary: 'A request with its ranked matches and the reasons for each (coordinators)',
    tags: ['matching'],
    roles: ['coordinator'],
    params: therapyRequestParamsSchema,
    response: therapyRequestDetailSchema,
    errors: [403, 404],
  }),
  acceptMatch: defineRoute({
    method: 'POST',
    path: '/api/therapy-requests/:requestId/accept',
    summary:
      'Accept a match: a course with the therapist, or a place (or waitlist entry) in the group, and an invitation to the requester',
    tags: ['matching'],
    roles: ['coordinator'],
    params: therapyRequestParamsSchema,
    body: acceptMatchBodySchema,
    response: acceptedMatchSchema,
    status: 201,
    errors: [403, 404, 409],
  }),
  declineRequest: defineRoute({
    method: 'POST',
    path: '/api/therapy-requests/:requestId/decline',
    summary: 'Decline a request, recording why (coordinators)',
    tags: ['matching'],
    roles: ['coordinator'],
    params: therapyRequestParamsSchema,
    body: declineBodySchema,
    response: therapyRequestDetailSchema,
    errors: [403, 404, 409],
  }),
  exportRequest: defineRoute({
    method: 'GET',
    path: '/api/therapy-requests/:requestId/export',
    summary:
      'Everything stored about a request, as JSON, for the person it is about (coordinators)',
    tags: ['matching'],
    roles: ['coordinator'],
    params: therapyRequestParamsSchema,
    response: therapyRequestExportSchema,
    errors: [403, 404],
  }),
} as const;
