import { practiceLocationLimits } from '@hearth/domain/vocabulary';
import { z } from 'zod';
import { idParams, unique, uuid } from '../primitives';
import { defineRoute } from '../http/route';
import { humanText } from '../primitives/text';
import {
  courseFormatSchema,
  focusAreaSchema,
  wallTimeSchema,
} from '../scheduling/scheduling.contract';

const label = humanText({ max: 60 });

export const availabilityWindowSchema = z.object({
  weekday: z
    .number()
    .int()
    .min(1, 'must be 1 (Monday) to 7 (Sunday)')
    .max(7, 'must be 1 (Monday) to 7 (Sunday)'),
  from: wallTimeSchema,
  to: wallTimeSchema,
});

export const therapistProfileBodySchema = z.object({
  /** Approaches the therapist offers, e.g. "IPT", "IPT for adolescents (IPT-A)". */
  modalities: z.array(label).max(10).refine(unique, 'must not repeat an entry'),
  formats: z
    .array(courseFormatSchema)
    .min(1, 'must name at least one format')
    .refine(unique, 'must not repeat a format'),
  focusAreas: z
    .array(focusAreaSchema)
    .min(1, 'must name at least one focus area')
    .refine(unique, 'must not repeat an area'),
  /** BCP 47 language tags such as "en", "pl", "pt-BR". */
  languages: z
    .array(
      z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'must be a language tag such as en or pt-BR'),
    )
    .min(1, 'must name at least one language')
    .max(10)
    .refine(unique, 'must not repeat a language'),
  remote: z.boolean(),
  /** The practice's locations where they see clients in person (GET /api/practice/locations). */
  inPersonLocationIds: z
    .array(uuid)
    .max(practiceLocationLimits.max)
    .refine(unique, 'must not repeat a location'),
  /** Weekly windows in the therapist's own time zone. */
  availability: z.array(availabilityWindowSchema).max(42),
});
export type TherapistProfileBody = z.infer<typeof therapistProfileBodySchema>;

/** A therapist with their profile; a therapist who has not filled it in has empty lists. */
export const therapistProfileSchema = z.object({
  personId: uuid,
  displayName: z.string(),
  /** The zone the availability windows are in (the therapist's own). */
  timeZone: z.string(),
  modalities: z.array(z.string()),
  formats: z.array(courseFormatSchema),
  focusAreas: z.array(focusAreaSchema),
  languages: z.array(z.string()),
  remote: z.boolean(),
  /** The practice's current locations where they see clients in person. */
  inPersonLocationIds: z.array(uuid),
  availability: z.array(availabilityWindowSchema),
  /** When the profile was last saved; null when it never was. */
  updatedAt: z.iso.datetime({ offset: true }).nullable(),
});
export type TherapistProfile = z.infer<typeof therapistProfileSchema>;

const therapistParams = idParams('personId');

export const profileRoutes = {
  listTherapists: defineRoute({
    method: 'GET',
    path: '/api/therapists',
    summary: "The practice's therapists with their profiles (coordinators)",
    tags: ['therapists'],
    roles: ['coordinator'],
    response: z.object({ therapists: z.array(therapistProfileSchema) }),
    errors: [403],
  }),
  getProfile: defineRoute({
    method: 'GET',
    path: '/api/therapists/:personId/profile',
    summary: "A therapist's profile (coordinators, or the therapist themself)",
    tags: ['therapists'],
    roles: ['coordinator', 'therapist'],
    params: therapistParams,
    response: therapistProfileSchema,
    errors: [403, 404],
  }),
  putProfile: defineRoute({
    method: 'PUT',
    path: '/api/therapists/:personId/profile',
    summary: "Set a therapist's profile (coordinators, or the therapist themself)",
    tags: ['therapists'],
    roles: ['coordinator', 'therapist'],
    params: therapistParams,
    body: therapistProfileBodySchema,
    response: therapistProfileSchema,
    errors: [403, 404],
  }),
} as const;
