import { ApiError, bookingConflictSchema, type BookingConflict } from '@hearth/contracts';
import { formatSessionWhen } from './schedule-time';

/** Names of the people a screen knows, by id: conflicts carry ids, never names. */
export type NameOf = (personId: string) => string | undefined;

/**
 * "Theo Therapist (therapist) already has a session then: Monday 5 January 2026, 10:00–10:50 GMT."
 * Someone the screen cannot name is still counted as a person, never left out.
 */
export function conflictMessage(
  conflict: BookingConflict,
  nameOf: NameOf,
  timeZone: string,
): string {
  const who = nameOf(conflict.personId) ?? 'Someone taking part';
  const when = formatSessionWhen(conflict.existingStartsAt, conflict.existingEndsAt, timeZone);
  return `${who} (${conflict.role}) already has a session then: ${when}.`;
}

/** The conflicts a 409 `double_booked` names, or none for any other error. */
export function doubleBookings(error: unknown): BookingConflict[] {
  if (!(error instanceof ApiError) || error.status !== 409) return [];
  if (error.details?.['reason'] !== 'double_booked') return [];
  const parsed = bookingConflictSchema.array().safeParse(error.details['conflicts']);
  return parsed.success ? parsed.data : [];
}

/** One line per person and clash, without repeats, for a form's alert. */
export function conflictSummary(
  conflicts: readonly BookingConflict[],
  nameOf: NameOf,
  timeZone: string,
): string[] {
  return [...new Set(conflicts.map((c) => conflictMessage(c, nameOf, timeZone)))];
}
