import { z } from 'zod';
import { humanText } from './text';
import { dateSchema, instantSchema } from './time';

export * from './text';
export * from './time';

// The building blocks every contract shares, declared once so a field means (and reports) the
// same thing on every route and socket event: ids, instants and dates within the sane range
// (./time), and text people type under the one text rule (./text).

/** The id of anything Hearth stores: a UUID. */
export const uuid = z.uuid({ error: 'must be an id' });

/** Path parameters that are ids, e.g. `idParams('courseId', 'memberId')`. */
export function idParams<const K extends string>(...names: readonly K[]) {
  return z.object(Object.fromEntries(names.map((name) => [name, uuid])) as Record<K, typeof uuid>);
}

/** An instant as ISO 8601 with a time zone designator (`Z` or `+01:00`), 2000–2099. */
export const instant = instantSchema();

/** A calendar date, 'YYYY-MM-DD', 2000–2099. */
export const isoDate = dateSchema();

/** Text a person typed, under the text rule: not empty, at most `max` characters. */
export function text(max: number, multiline = false) {
  return humanText({ max, multiline });
}

/** Text a person may leave empty (then ''), under the text rule, at most `max` characters. */
export function optionalText(max: number, multiline = false) {
  return humanText({ min: 0, max, multiline }).default('');
}

/** For `.refine`: a list without repeated entries. */
export function unique<T>(list: readonly T[]): boolean {
  return new Set(list).size === list.length;
}
