import {
  type IsoWeekday,
  firstWeekdayOnOrAfter,
  formatLocalDate,
  isIsoWeekday,
  parseLocalDate,
  parseWallTime,
} from './civil-time';
import {
  type Capacity,
  type CourseFormat,
  type FocusArea,
  capacityOf,
  courseFormats,
  defaultDurationMinutes,
  focusAreas as allFocusAreas,
  isAllowedDuration,
  isAllowedSessionCount,
  isCourseFormat,
  isFocusArea,
  maxMembersIssue,
  sessionCountLimits,
  sessionDurationLimits,
} from './course-format';
import { canonicalTimeZone, timeZoneIssue } from './time-zone';
import { type ValidationIssue, validationFailed } from './validation-issues';

/** What a coordinator submits to plan a course; optional fields take the format's defaults. */
export interface CoursePlanInput {
  readonly format: string;
  readonly focusAreas: readonly string[];
  readonly therapistId: string;
  readonly coTherapistId?: string | null;
  /** Only for groups: the course's own maximum (3–12, default 9). */
  readonly maxMembers?: number | null;
  /** 8–20, default 12. */
  readonly sessionCount?: number | null;
  /** 30–120 in steps of 5; default 50, or 90 for groups. */
  readonly durationMinutes?: number | null;
  /** IANA zone the weekly time is kept in, e.g. 'Europe/London'. */
  readonly timeZone: string;
  /** ISO weekday of the sessions, Monday = 1 … Sunday = 7. */
  readonly weekday: number;
  /** Wall-clock start time in the course's zone, 'HH:MM' 24-hour. */
  readonly localTime: string;
  /** 'YYYY-MM-DD' in the course's zone: the week the course starts. */
  readonly startDate: string;
}

/** A valid course plan with every default applied. */
export interface CoursePlan {
  readonly format: CourseFormat;
  readonly focusAreas: readonly FocusArea[];
  readonly therapistId: string;
  readonly coTherapistId: string | null;
  readonly capacity: Capacity;
  readonly sessionCount: number;
  readonly durationMinutes: number;
  /** Canonical IANA name (e.g. 'europe/london' is stored as 'Europe/London'). */
  readonly timeZone: string;
  readonly weekday: IsoWeekday;
  readonly localTime: string;
  readonly startDate: string;
  /** 'YYYY-MM-DD' of session 1: the first `weekday` on or after `startDate`. */
  readonly firstSessionDate: string;
}

/** Most focus areas a course may name; an individual course names one client's one or two. */
export const focusAreaLimits = { min: 1, max: 4, maxForIndividual: 2 } as const;

/**
 * Validates a course plan and applies the format's defaults (12 sessions; 50-minute sessions, 90
 * for groups; a group's maximum of 9).
 *
 * An individual course may name at most 2 focus areas, because IPT gives each client one focus,
 * sometimes two; couple, family and group courses may name 1–4 distinct areas.
 *
 * @throws DomainError `validation_failed` with `details.issues` naming every bad field
 * (format, focusAreas, therapistId, coTherapistId, maxMembers, sessionCount, durationMinutes,
 * timeZone, weekday, localTime, startDate), not just the first.
 */
export function validateCoursePlan(input: CoursePlanInput): CoursePlan {
  const issues: ValidationIssue[] = [];
  const report = (path: string, message: string) => issues.push({ path, message });

  const format = isCourseFormat(input.format) ? input.format : undefined;
  if (!format) report('format', `must be one of ${courseFormats.join(', ')}`);

  const focusAreas = checkFocusAreas(input.focusAreas, format, report);

  const therapistId = nonEmpty(input.therapistId);
  if (!therapistId) report('therapistId', 'is required');
  const coTherapistId =
    input.coTherapistId === undefined || input.coTherapistId === null
      ? null
      : nonEmpty(input.coTherapistId);
  if (coTherapistId === undefined) report('coTherapistId', 'must be an id or left out');
  else if (coTherapistId !== null && coTherapistId === therapistId) {
    report('coTherapistId', 'must be a different person from the therapist');
  }

  const capacityIssue = format ? maxMembersIssue(format, input.maxMembers) : undefined;
  if (capacityIssue) issues.push(capacityIssue);
  const capacity = format && !capacityIssue ? capacityOf(format, input.maxMembers) : undefined;

  const sessionCount = input.sessionCount ?? sessionCountLimits.default;
  if (!isAllowedSessionCount(sessionCount)) {
    report(
      'sessionCount',
      `must be a whole number from ${sessionCountLimits.min} to ${sessionCountLimits.max}`,
    );
  }

  const durationMinutes =
    input.durationMinutes ?? (format ? defaultDurationMinutes(format) : undefined);
  if (durationMinutes !== undefined && !isAllowedDuration(durationMinutes)) {
    const { min, max, step } = sessionDurationLimits;
    report('durationMinutes', `must be ${min}–${max} minutes in steps of ${step}`);
  }

  const timeZone = canonicalTimeZone(input.timeZone);
  if (!timeZone) issues.push(timeZoneIssue('timeZone'));

  const weekday = isIsoWeekday(input.weekday) ? input.weekday : undefined;
  if (!weekday) report('weekday', 'must be a whole number from 1 (Monday) to 7 (Sunday)');

  if (!parseWallTime(input.localTime)) report('localTime', "must be a 24-hour time 'HH:MM'");

  const startDate = parseLocalDate(input.startDate);
  if (!startDate) report('startDate', "must be a real date written 'YYYY-MM-DD'");

  if (
    issues.length > 0 ||
    !format ||
    !focusAreas ||
    !therapistId ||
    coTherapistId === undefined ||
    !capacity ||
    durationMinutes === undefined ||
    !timeZone ||
    !weekday ||
    !startDate
  ) {
    throw validationFailed('Course plan', issues);
  }

  return {
    format,
    focusAreas,
    therapistId,
    coTherapistId,
    capacity,
    sessionCount,
    durationMinutes,
    timeZone,
    weekday,
    localTime: input.localTime,
    startDate: input.startDate,
    firstSessionDate: formatLocalDate(firstWeekdayOnOrAfter(startDate, weekday)),
  };
}

function checkFocusAreas(
  value: readonly string[],
  format: CourseFormat | undefined,
  report: (path: string, message: string) => void,
): readonly FocusArea[] | undefined {
  if (!Array.isArray(value)) {
    report('focusAreas', 'must be a list of focus areas');
    return undefined;
  }
  let valid = true;
  value.forEach((area, index) => {
    if (!isFocusArea(area)) {
      report(`focusAreas.${index}`, `must be one of ${allFocusAreas.join(', ')}`);
      valid = false;
    }
  });
  const max = format === 'individual' ? focusAreaLimits.maxForIndividual : focusAreaLimits.max;
  if (value.length < focusAreaLimits.min || value.length > max) {
    const scope = format === 'individual' ? 'for an individual course' : 'for a course';
    report('focusAreas', `must name ${focusAreaLimits.min}–${max} focus areas ${scope}`);
    valid = false;
  } else if (new Set(value).size !== value.length) {
    report('focusAreas', 'must not name the same focus area twice');
    valid = false;
  }
  return valid ? [...(value as readonly FocusArea[])] : undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
