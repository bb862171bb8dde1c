import { instantFromLocal, toLocalParts } from '@hearth/domain';

const dayMs = 86_400_000;

function utcMidnight(localDate: string): Date {
  const [year, month, day] = localDate.split('-').map(Number);
  return new Date(Date.UTC(year ?? NaN, (month ?? NaN) - 1, day ?? NaN));
}

/** The calendar date `days` after (or before) a 'YYYY-MM-DD' date; no time zone is involved. */
export function addLocalDays(localDate: string, days: number): string {
  return new Date(utcMidnight(localDate).getTime() + days * dayMs).toISOString().slice(0, 10);
}

/** The Monday on or before a 'YYYY-MM-DD' date. */
export function mondayOf(localDate: string): string {
  const sundayFirst = utcMidnight(localDate).getUTCDay();
  return addLocalDays(localDate, -((sundayFirst + 6) % 7));
}

/** Today's date on the wall calendar of `timeZone`. */
export function localDateOf(instant: Date, timeZone: string): string {
  return toLocalParts(instant, timeZone).localDate;
}

/** The Monday of the week `instant` falls in, as a calendar in `timeZone` shows it. */
export function currentWeekMonday(instant: Date, timeZone: string): string {
  return mondayOf(localDateOf(instant, timeZone));
}

/** True for a real 'YYYY-MM-DD' date (2026-02-30 is not one). */
export function isLocalDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && addLocalDays(text, 0) === text;
}

export interface Week {
  /** 'YYYY-MM-DD' of the Monday. */
  readonly monday: string;
  /** The seven dates, Monday first. */
  readonly days: readonly string[];
  /** Midnight at the start of Monday in the zone. */
  readonly from: Date;
  /** Midnight at the start of the next Monday: a week is 167 or 169 hours when clocks change. */
  readonly to: Date;
}

/** The week from one Monday midnight to the next in `timeZone`. */
export function weekOf(monday: string, timeZone: string): Week {
  const days = Array.from({ length: 7 }, (_, index) => addLocalDays(monday, index));
  return {
    monday,
    days,
    from: instantFromLocal(monday, '00:00', timeZone),
    to: instantFromLocal(addLocalDays(monday, 7), '00:00', timeZone),
  };
}

export interface DayGroup<T> {
  readonly date: string;
  readonly items: readonly T[];
}

/**
 * Puts sessions under the day they start on in `timeZone`, in time order. With `days`, every
 * one of those days gets a group (empty ones too) and sessions on other days are left out.
 */
export function groupByLocalDay<T extends { readonly startsAt: string }>(
  items: readonly T[],
  timeZone: string,
  days?: readonly string[],
): DayGroup<T>[] {
  const sorted = [...items].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const byDate = new Map<string, T[]>((days ?? []).map((day) => [day, []]));
  for (const item of sorted) {
    const date = localDateOf(new Date(item.startsAt), timeZone);
    const list = byDate.get(date);
    if (list) list.push(item);
    else if (!days) byDate.set(date, [item]);
  }
  return [...byDate.entries()].map(([date, grouped]) => ({ date, items: grouped }));
}

/** "Monday, 5 January 2026" for a calendar date (no zone: it is already a local date). */
export function formatLocalDate(localDate: string, locale = 'en-GB'): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(utcMidnight(localDate));
}

/** "5 January 2026" */
export function formatShortLocalDate(localDate: string, locale = 'en-GB'): string {
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(utcMidnight(localDate));
}

/** "10:00" on the wall clock of `timeZone`. */
export function formatTime(iso: string, timeZone: string): string {
  return toLocalParts(new Date(iso), timeZone).localTime;
}

/** The zone's short name at that moment, e.g. "GMT", "BST", "CET". */
export function zoneAbbreviation(iso: string, timeZone: string, locale = 'en-GB'): string {
  const part = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
    .formatToParts(new Date(iso))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** "10:00–10:50 GMT"; a session over midnight says so: "23:30–00:30 (+1 day) GMT". */
export function formatTimeRange(startsAt: string, endsAt: string, timeZone: string): string {
  const days = dayDifference(
    localDateOf(new Date(startsAt), timeZone),
    localDateOf(new Date(endsAt), timeZone),
  );
  const later = days > 0 ? ` (+${days} ${days === 1 ? 'day' : 'days'})` : '';
  return `${formatTime(startsAt, timeZone)}–${formatTime(endsAt, timeZone)}${later} ${zoneAbbreviation(startsAt, timeZone)}`;
}

// Whole days from one 'YYYY-MM-DD' to another.
function dayDifference(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** "Monday, 5 January 2026, 10:00–10:50 GMT" */
export function formatSessionWhen(startsAt: string, endsAt: string, timeZone: string): string {
  const date = formatLocalDate(localDateOf(new Date(startsAt), timeZone));
  return `${date}, ${formatTimeRange(startsAt, endsAt, timeZone)}`;
}
