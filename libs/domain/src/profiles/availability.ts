import { DomainError } from '../errors/domain-error';

/** A weekly window in the therapist's own time zone: ISO weekday (Monday = 1), 'HH:MM' to 'HH:MM'. */
export interface AvailabilityWindow {
  readonly weekday: number;
  readonly from: string;
  readonly to: string;
}

const wallTime = /^([01]\d|2[0-3]):[0-5]\d$/;

function minutes(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
}

/**
 * Checks a week of availability and returns it sorted by day and time. Each window must end after
 * it starts on the same day (an evening slot past midnight is two windows), and windows of one
 * day must not overlap — overlapping ones are almost always a typing mistake worth pointing at.
 * @throws DomainError `validation_failed` with `details.issues` naming each bad window by index.
 */
export function validateAvailability(windows: readonly AvailabilityWindow[]): AvailabilityWindow[] {
  const issues: { path: string; message: string }[] = [];
  windows.forEach((w, i) => {
    if (!Number.isInteger(w.weekday) || w.weekday < 1 || w.weekday > 7) {
      issues.push({
        path: `availability.${i}.weekday`,
        message: 'must be 1 (Monday) to 7 (Sunday)',
      });
    }
    if (!wallTime.test(w.from))
      issues.push({ path: `availability.${i}.from`, message: "must be a time like '09:30'" });
    if (!wallTime.test(w.to))
      issues.push({ path: `availability.${i}.to`, message: "must be a time like '17:00'" });
    if (wallTime.test(w.from) && wallTime.test(w.to) && minutes(w.to) <= minutes(w.from)) {
      issues.push({
        path: `availability.${i}.to`,
        message: 'must be later than the start on the same day',
      });
    }
  });
  if (issues.length === 0) {
    const indexed = windows
      .map((w, i) => ({ w, i }))
      .sort((a, b) => a.w.weekday - b.w.weekday || minutes(a.w.from) - minutes(b.w.from));
    for (let k = 1; k < indexed.length; k += 1) {
      const prev = indexed[k - 1]!;
      const next = indexed[k]!;
      if (prev.w.weekday === next.w.weekday && minutes(next.w.from) < minutes(prev.w.to)) {
        issues.push({
          path: `availability.${next.i}`,
          message: `overlaps window ${prev.i} on the same day`,
        });
      }
    }
  }
  if (issues.length > 0) {
    throw new DomainError(
      'validation_failed',
      `Invalid availability: ${issues[0]!.path} ${issues[0]!.message}`,
      {
        issues,
      },
    );
  }
  return [...windows].sort((a, b) => a.weekday - b.weekday || minutes(a.from) - minutes(b.from));
}
