import { z } from 'zod';
import { humanText } from './text-rule';
import { dateSchema, instantSchema } from './time-range';

// The building blocks every contract shares, declared once so a field means (and reports) the
// same thing on every route and socket event. Rules for what people type (human-entered text)
// build on `text` here.

/** The id of anything Hearth stores: a UUID. */
export const uuid = z.uuid({ error: 'must be an id' });

/** Path parameters that are ids, e.g. `idParams('courseId', 'memberId')`. */
export function idParams<const K extends string>(...names: readonly K[]) {
  return z.object(Object.fromEntries(names.map((name) => [name, uuid])) as Record<K, typeof uuid>);
}

/**
 * An instant as ISO 8601 with a time zone designator (`Z` or `+01:00`), within 2000–2099 so no
 * request can store one that breaks a later read (time-range.ts).
 */
export const instant = instantSchema();

/** A calendar date, 'YYYY-MM-DD', within 2000–2099. */
export const isoDate = dateSchema();

/**
 * Text a person typed, under the one text rule (text-rule.ts): no control characters or
 * text-direction overrides, not invisible, NFC, trimmed, not empty, at most `max` characters.
 */
export function text(max: number, options: { multiline?: boolean } = {}) {
  return humanText({ max, multiline: options.multiline ?? false });
}

/** Longer text a person may leave empty (then ''), line breaks allowed, under the same rule. */
export function optionalText(max: number) {
  return humanText({ min: 0, max, multiline: true }).default('');
}

/** For `.refine`: a list without repeated entries. */
export function unique<T>(list: readonly T[]): boolean {
  return new Set(list).size === list.length;
}
