import { practiceLocationLimits } from '@hearth/domain/vocabulary';
import { z } from 'zod';
import { defineRoute } from '../http/route';
import { uuid } from '../primitives';
import { humanText } from '../primitives/text';
import { timeZoneSchema } from '../identity/identity.contract';

/** A place where the practice sees people in person. */
export const practiceLocationSchema = z.object({
  id: uuid,
  /** What people choose on the request form, e.g. "Leeds Wellbeing Centre". */
  name: z.string(),
  /** One line of address, shown beside the name; null when not given. */
  addressLine: z.string().nullable(),
  /** The IANA zone the place keeps, when given. */
  timeZone: z.string().nullable(),
});
export type PracticeLocation = z.infer<typeof practiceLocationSchema>;

/** One location as a coordinator edits it: with its id to keep (or rename) it, without to add one. */
export const practiceLocationInputSchema = z.object({
  id: uuid.optional(),
  name: humanText({ max: practiceLocationLimits.nameMax }),
  addressLine: humanText({ max: practiceLocationLimits.addressMax, min: 0 }).nullable().optional(),
  timeZone: timeZoneSchema.nullable().optional(),
});

/**
 * The practice's whole list, in the order people see it. A location left out is no longer
 * offered: therapists stop being matched there, while requests that chose it keep its name.
 */
export const practiceLocationsBodySchema = z.object({
  locations: z
    .array(practiceLocationInputSchema)
    .max(practiceLocationLimits.max, `must list at most ${practiceLocationLimits.max} locations`),
});
export type PracticeLocationsBody = z.input<typeof practiceLocationsBodySchema>;

export const practiceLocationsSchema = z.object({ locations: z.array(practiceLocationSchema) });
export type PracticeLocations = z.infer<typeof practiceLocationsSchema>;

export const practiceRoutes = {
  locations: defineRoute({
    method: 'GET',
    path: '/api/practice/locations',
    summary:
      'Where the practice sees people in person, in the order offered (coordinators and therapists)',
    tags: ['practice'],
    roles: ['coordinator', 'therapist'],
    response: practiceLocationsSchema,
    errors: [403],
  }),
  updateLocations: defineRoute({
    method: 'PUT',
    path: '/api/practice/locations',
    summary:
      'Set where the practice sees people in person; an empty list means by video only (coordinators)',
    tags: ['practice'],
    roles: ['coordinator'],
    body: practiceLocationsBodySchema,
    response: practiceLocationsSchema,
    errors: [403],
  }),
} as const;
