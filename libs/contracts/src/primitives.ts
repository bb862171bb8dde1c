import { z } from 'zod';

// The building blocks every contract shares, declared once so a field means (and reports) the
// same thing on every route and socket event. Rules for what people type (human-entered text)
// build on `text` here.

/** The id of anything Hearth stores: a UUID. */
export const uuid = z.uuid({ error: 'must be an id' });

/** Path parameters that are ids, e.g. `idParams('courseId', 'memberId')`. */
export function idParams<const K extends string>(...names: readonly K[]) {
  return z.object(Object.fromEntries(names.map((name) => [name, uuid])) as Record<K, typeof uuid>);
}

/** An instant as ISO 8601 with a time zone designator (`Z` or `+01:00`). */
export const instant = z.iso.datetime({
  offset: true,
  error: 'must be an ISO date-time with an offset',
});

/** A calendar date, 'YYYY-MM-DD'. */
export const isoDate = z.iso.date({ error: "must be a date 'YYYY-MM-DD'" });

/** Text a person typed: trimmed, not empty, at most `max` characters. */
export function text(max: number) {
  return z
    .string({ error: 'must be text' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);
}

/** Text a person may leave empty (then ''): trimmed, at most `max` characters. */
export function optionalText(max: number) {
  return z
    .string({ error: 'must be text' })
    .trim()
    .max(max, `must be at most ${max} characters`)
    .default('');
}

/** For `.refine`: a list without repeated entries. */
export function unique<T>(list: readonly T[]): boolean {
  return new Set(list).size === list.length;
}
