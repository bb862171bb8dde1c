import { DomainError } from '../errors/domain-error';
import { parseWallTime } from '../scheduling/civil-time';

/** A weekly window in the therapist's own time zone: ISO weekday (Monday = 1), 'HH:MM' to 'HH:MM'. */
export interface AvailabilityWindow {
  readonly weekday: number;
  readonly from: string;
  readonly to: string;
}

/** Minutes since midnight of an 'HH:MM' time, or undefined when it is not one. */
function minutes(time: string): number | undefined {
  const wall = parseWallTime(time);
  return wall ? wall.hour * 60 + wall.minute : undefined;
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
    const from = minutes(w.from);
    const to = minutes(w.to);
    if (from === undefined) {
      issues.push({ path: `availability.${i}.from`, message: "must be a time like '09:30'" });
    }
    if (to === undefined) {
      issues.push({ path: `availability.${i}.to`, message: "must be a time like '17:00'" });
    }
    if (from !== undefined && to !== undefined && to <= from) {
      issues.push({
        path: `availability.${i}.to`,
        message: 'must be later than the start on the same day',
      });
    }
  });
  if (issues.length === 0) {
    const indexed = windows
      .map((w, i) => ({ w, i }))
      .sort((a, b) => a.w.weekday - b.w.weekday || minutes(a.w.from)! - minutes(b.w.from)!);
    for (let k = 1; k < indexed.length; k += 1) {
      const prev = indexed[k - 1]!;
      const next = indexed[k]!;
      if (prev.w.weekday === next.w.weekday && minutes(next.w.from)! < minutes(prev.w.to)!) {
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
  return [...windows].sort((a, b) => a.weekday - b.weekday || minutes(a.from)! - minutes(b.from)!);
}
