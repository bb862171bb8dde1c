// Calendar dates and wall-clock times with no time zone attached. They are handled as plain
// numbers (never as a Date in the machine's own zone) so the result cannot depend on where the
// code runs: a server in UTC and a browser in Sydney must produce the same series.

/** A day of the week as ISO 8601 numbers it: Monday = 1 … Sunday = 7. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A calendar date without a time zone. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A wall-clock time of day without a time zone, 24-hour. */
export interface WallTime {
  readonly hour: number;
  readonly minute: number;
}

const localDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const wallTimePattern = /^([01]\d|2[0-3]):([0-5]\d)$/;
const dayMs = 86_400_000;

/**
 * Reads a 'YYYY-MM-DD' calendar date, or returns undefined when the text is not one or names a
 * day that does not exist (2026-02-30).
 */
export function parseLocalDate(text: string): LocalDate | undefined {
  const match = typeof text === 'string' ? localDatePattern.exec(text) : null;
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // Date.UTC rolls 2026-02-30 over into March and maps years 0–99 to 19xx; a round trip catches both.
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (
    probe.getUTCFullYear() !== year ||
    probe.getUTCMonth() !== month - 1 ||
    probe.getUTCDate() !== day
  ) {
    return undefined;
  }
  return { year, month, day };
}

/** Reads an 'HH:MM' 24-hour time (00:00–23:59), or returns undefined when the text is not one. */
export function parseWallTime(text: string): WallTime | undefined {
  const match = typeof text === 'string' ? wallTimePattern.exec(text) : null;
  if (!match) return undefined;
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** Formats a calendar date as 'YYYY-MM-DD'. */
export function formatLocalDate(date: LocalDate): string {
  return `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
}

/** Formats a wall-clock time as 'HH:MM'. */
export function formatWallTime(time: WallTime): string {
  return `${pad(time.hour, 2)}:${pad(time.minute, 2)}`;
}

/** The calendar date `days` days after (or before, when negative) `date`. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * dayMs);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  };
}

/** The ISO weekday (Monday = 1 … Sunday = 7) of a calendar date. */
export function isoWeekdayOf(date: LocalDate): IsoWeekday {
  const sundayFirst = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return (sundayFirst === 0 ? 7 : sundayFirst) as IsoWeekday;
}

/** True for a whole number from 1 (Monday) to 7 (Sunday). */
export function isIsoWeekday(value: unknown): value is IsoWeekday {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 7;
}

/** The first date on or after `from` that falls on `weekday`. */
export function firstWeekdayOnOrAfter(from: LocalDate, weekday: IsoWeekday): LocalDate {
  return addDays(from, (weekday - isoWeekdayOf(from) + 7) % 7);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
