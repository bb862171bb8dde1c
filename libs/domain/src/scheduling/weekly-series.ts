import {
  addDays,
  firstWeekdayOnOrAfter,
  formatLocalDate,
  isIsoWeekday,
  parseLocalDate,
  parseWallTime,
} from './civil-time';
import { canonicalTimeZone, resolveLocal, timeZoneIssue } from './time-zone';
import { type ValidationIssue, validationFailed } from './validation-issues';

/** What a weekly series is generated from; the fields a course plan stores. */
export interface WeeklySeriesInput {
  /** 'YYYY-MM-DD': the series starts on the first `weekday` on or after this date. */
  readonly startDate: string;
  /** ISO weekday, Monday = 1 … Sunday = 7. */
  readonly weekday: number;
  /** Wall-clock start time in `timeZone`, 'HH:MM' 24-hour. */
  readonly localTime: string;
  /** IANA zone, e.g. 'Europe/London'. */
  readonly timeZone: string;
  /** How many sessions, at least 1. */
  readonly count: number;
  /** Length of each session in minutes. */
  readonly durationMinutes: number;
}

/** One session of a weekly series. */
export interface SeriesOccurrence {
  /** 1-based session number. */
  readonly number: number;
  readonly startsAt: Date;
  /** `startsAt` plus the duration in real time (a session across a DST change still lasts 50 minutes). */
  readonly endsAt: Date;
  /** 'YYYY-MM-DD' of the session in the series' zone. */
  readonly localDate: string;
}

/**
 * Generates a weekly series that keeps the same wall-clock time in its time zone: session 1 on
 * the first `weekday` on or after `startDate`, then every 7 calendar days, each at `localTime`
 * in `timeZone` — so the UTC instant shifts by an hour when daylight saving starts or ends.
 *
 * A `localTime` that does not exist on some date (clocks went forward) moves forward by the gap,
 * and one that happens twice (clocks went back) takes the earlier instant; see
 * `instantFromLocal`.
 *
 * @throws DomainError `validation_failed` naming each bad field.
 */
export function weeklySeries(input: WeeklySeriesInput): SeriesOccurrence[] {
  const issues: ValidationIssue[] = [];
  const startDate = parseLocalDate(input.startDate);
  if (!startDate)
    issues.push({ path: 'startDate', message: "must be a real date written 'YYYY-MM-DD'" });
  const weekday = isIsoWeekday(input.weekday) ? input.weekday : undefined;
  if (!weekday) {
    issues.push({
      path: 'weekday',
      message: 'must be a whole number from 1 (Monday) to 7 (Sunday)',
    });
  }
  const time = parseWallTime(input.localTime);
  if (!time) issues.push({ path: 'localTime', message: "must be a 24-hour time 'HH:MM'" });
  const zone = canonicalTimeZone(input.timeZone);
  if (!zone) issues.push(timeZoneIssue('timeZone'));
  if (!Number.isInteger(input.count) || input.count < 1) {
    issues.push({ path: 'count', message: 'must be a whole number of at least 1' });
  }
  if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 1) {
    issues.push({ path: 'durationMinutes', message: 'must be a whole number of at least 1' });
  }
  if (issues.length > 0 || !startDate || !weekday || !time || !zone) {
    throw validationFailed('Weekly series', issues);
  }

  const first = firstWeekdayOnOrAfter(startDate, weekday);
  const durationMs = input.durationMinutes * 60_000;
  return Array.from({ length: input.count }, (_, index) => {
    // Step in calendar days, not in 7 × 24 hours, so a DST change cannot move the wall time.
    const date = addDays(first, index * 7);
    const startsAt = resolveLocal(date, time, zone);
    return {
      number: index + 1,
      startsAt: new Date(startsAt),
      endsAt: new Date(startsAt + durationMs),
      localDate: formatLocalDate(date),
    };
  });
}
