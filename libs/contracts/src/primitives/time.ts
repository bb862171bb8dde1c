import { z } from 'zod';

/**
 * Every date and instant a request may carry lies in [2000-01-01, 2100-01-01). Outside it, values
 * that PostgreSQL accepts still break later reads (a session moved to 9999-12-31 ends past year
 * 9999, which no ISO string can hold, so every page showing it failed). Nobody books therapy
 * outside this century.
 */
export const earliestInstant = Date.UTC(2000, 0, 1);
export const latestInstant = Date.UTC(2100, 0, 1);

const inRange = (ms: number) => Number.isFinite(ms) && ms >= earliestInstant && ms < latestInstant;
// A value that is not a date at all is reported once, by the format check before the range.
const unparsedOrInRange = (ms: number) => Number.isNaN(ms) || inRange(ms);
const rangeMessage = 'must be between the years 2000 and 2099';

/** Whether an instant (ms since the epoch) is one a request may store. */
export function isSaneInstant(ms: number): boolean {
  return inRange(ms);
}

/** An ISO 8601 date-time with an offset (`Z` or `+01:00`), within the sane range. */
export function instantSchema(error = 'must be an ISO date-time with an offset') {
  return z.iso
    .datetime({ offset: true, error })
    .refine((value) => unparsedOrInRange(Date.parse(value)), rangeMessage);
}

/** A calendar date 'YYYY-MM-DD', within the sane range. */
export function dateSchema(error = "must be a date 'YYYY-MM-DD'") {
  return z.iso
    .date({ error })
    .refine((value) => unparsedOrInRange(Date.parse(`${value}T00:00:00Z`)), rangeMessage);
}
