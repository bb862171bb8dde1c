import {
  type IsoWeekday,
  type LocalDate,
  type WallTime,
  formatLocalDate,
  formatWallTime,
  isoWeekdayOf,
  parseLocalDate,
  parseWallTime,
} from './civil-time';
import { type ValidationIssue, validationFailed } from './validation-issues';

/** What a wall clock and calendar in a time zone show at an instant. */
export interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** ISO weekday, Monday = 1 … Sunday = 7. */
  readonly weekday: IsoWeekday;
  /** 'YYYY-MM-DD' */
  readonly localDate: string;
  /** 'HH:MM', 24-hour */
  readonly localTime: string;
}

const dayMs = 86_400_000;

// Building a DateTimeFormat is far slower than using one, and a series asks for dozens of offsets.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      // h23, not hour12: false: some ICU versions print midnight as "24" with the latter.
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

// Making an Intl.DateTimeFormat to ask costs ~50 µs, and a course plan asks several times; what
// Intl answers for a name does not change while the process runs. Bounded, since names come
// from requests (Intl knows about 600 zones and their aliases).
const canonicalNames = new Map<string, string | undefined>();
const canonicalNamesLimit = 2_000;

/**
 * The canonical IANA name of a time zone as this runtime's Intl knows it ('europe/london' →
 * 'Europe/London', 'US/Eastern' → 'America/New_York'), or undefined when Intl does not know the
 * zone. Fixed offsets such as '+01:00' are refused: they are not places and never follow a
 * country's daylight-saving rules, so a weekly series in one would drift from local time.
 */
export function canonicalTimeZone(name: string): string | undefined {
  if (typeof name !== 'string' || name.trim() === '' || /^[+-]/.test(name.trim())) return undefined;
  if (canonicalNames.has(name)) return canonicalNames.get(name);
  let canonical: string | undefined;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions()
      .timeZone;
    canonical = /^[+-]/.test(resolved) ? undefined : resolved;
  } catch {
    canonical = undefined;
  }
  if (canonicalNames.size < canonicalNamesLimit) canonicalNames.set(name, canonical);
  return canonical;
}

/**
 * What the calendar and wall clock show at `instant` in `timeZone`, as read through Intl.
 *
 * @throws DomainError `validation_failed` for an invalid Date or an unknown time zone.
 */
export function toLocalParts(instant: Date, timeZone: string): LocalParts {
  const issues: ValidationIssue[] = [];
  if (!isValidDate(instant)) issues.push({ path: 'instant', message: 'must be a valid date' });
  const zone = canonicalTimeZone(timeZone);
  if (!zone) issues.push(timeZoneIssue('timeZone'));
  if (issues.length > 0 || !zone) throw validationFailed('Local time lookup', issues);
  return readParts(instant.getTime(), zone);
}

/**
 * How far the wall clock in `timeZone` is ahead of UTC at `instant`, in minutes (60 for London in
 * summer, -300 for New York in winter).
 *
 * @throws DomainError `validation_failed` for an invalid Date or an unknown time zone.
 */
export function utcOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = toLocalParts(instant, timeZone);
  return Math.round(offsetFromParts(parts, instant.getTime()) / 60_000);
}

/**
 * The instant at which the wall clock in `timeZone` shows `localTime` on `localDate`.
 *
 * Daylight saving makes some wall times special, and these are resolved the way calendar
 * programs do (and as Temporal's "compatible" mode does):
 * - a time skipped when clocks go forward moves forward by the length of the gap
 *   (01:30 on 2026-03-29 in Europe/London becomes 02:30 BST, 01:30 UTC);
 * - a time that happens twice when clocks go back takes the earlier of the two instants
 *   (01:30 on 2026-10-25 in Europe/London is 00:30 UTC, still BST).
 *
 * @param localDate - 'YYYY-MM-DD'
 * @param localTime - 'HH:MM', 24-hour
 * @param timeZone - an IANA zone such as 'Europe/London'
 * @throws DomainError `validation_failed` naming each bad argument.
 */
export function instantFromLocal(localDate: string, localTime: string, timeZone: string): Date {
  const issues: ValidationIssue[] = [];
  const date = parseLocalDate(localDate);
  if (!date)
    issues.push({ path: 'localDate', message: "must be a real date written 'YYYY-MM-DD'" });
  const time = parseWallTime(localTime);
  if (!time) issues.push({ path: 'localTime', message: "must be a 24-hour time 'HH:MM'" });
  const zone = canonicalTimeZone(timeZone);
  if (!zone) issues.push(timeZoneIssue('timeZone'));
  if (!date || !time || !zone) throw validationFailed('Local time', issues);
  return new Date(resolveLocal(date, time, zone));
}

/**
 * Epoch milliseconds for a wall time in an already-validated zone. Shared with the weekly series,
 * which validates once and then resolves many dates.
 */
export function resolveLocal(date: LocalDate, time: WallTime, zone: string): number {
  // The wall time read as if it were UTC; the real instant is this minus the zone's offset.
  const wallAsUtc = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute);
  // Offsets change at most once around any one day in real zones, so the offsets a day either
  // side are the only two the answer can use; each is right only if it reproduces itself.
  const before = offsetAt(wallAsUtc - dayMs, zone);
  const after = offsetAt(wallAsUtc + dayMs, zone);
  const candidates = [...new Set([before, after])]
    .map((offset) => wallAsUtc - offset)
    .filter((instant) => wallAsUtc - instant === offsetAt(instant, zone))
    .sort((a, b) => a - b);
  // Ambiguous (clocks went back): both fit, take the earlier. Neither fits: the time fell in a gap,
  // and reading it with the offset from before the change lands it the length of the gap later.
  return candidates[0] ?? wallAsUtc - before;
}

/** True for a Date object that holds a real instant (not `new Date('nonsense')`). */
export function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/** The issue reported for a time zone Intl does not know. */
export function timeZoneIssue(path: string): ValidationIssue {
  return { path, message: "must be an IANA time zone such as 'Europe/London'" };
}

function offsetAt(epochMs: number, zone: string): number {
  return offsetFromParts(readParts(epochMs, zone), epochMs);
}

function offsetFromParts(parts: LocalParts, epochMs: number): number {
  const wallAsUtc = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  );
  // Intl shows whole seconds, so compare against the instant truncated to its second.
  return wallAsUtc - Math.floor(epochMs / 1000) * 1000;
}

function readParts(epochMs: number, zone: string): LocalParts {
  const values: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  const date = { year: values.year ?? NaN, month: values.month ?? NaN, day: values.day ?? NaN };
  const time = { hour: (values.hour ?? NaN) % 24, minute: values.minute ?? NaN };
  return {
    ...date,
    ...time,
    second: values.second ?? NaN,
    weekday: isoWeekdayOf(date),
    localDate: formatLocalDate(date),
    localTime: formatWallTime(time),
  };
}
