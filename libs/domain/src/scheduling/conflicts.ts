import { DomainError } from '../errors/domain-error';
import { isValidDate } from './time-zone';
import { validationFailed } from './validation-issues';

/**
 * A half-open span of time `[startsAt, endsAt)`: it includes its start and excludes its end, the
 * same semantics as PostgreSQL's default `tstzrange` bounds, so the rule here and the database's
 * exclusion constraint agree about back-to-back sessions.
 */
export interface TimeInterval {
  readonly startsAt: Date;
  readonly endsAt: Date;
}

/** A session already in the calendar of the therapist or client being checked. */
export interface BookedSession extends TimeInterval {
  readonly id: string;
  /** Cancelled sessions free their time and never conflict. */
  readonly cancelled: boolean;
}

/** A proposed time and the existing session it collides with. */
export interface SessionConflict<P extends TimeInterval, E extends BookedSession> {
  readonly proposed: P;
  readonly existing: E;
}

/**
 * True when two half-open intervals share any instant. Back-to-back intervals (one ends at 11:00,
 * the next starts at 11:00) do not overlap.
 *
 * @throws DomainError `validation_failed` when either interval has an invalid date or does not
 * end after it starts.
 */
export function overlaps(a: TimeInterval, b: TimeInterval): boolean {
  assertInterval(a, 'a');
  assertInterval(b, 'b');
  return a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();
}

/**
 * For each proposed interval that collides with an existing, not cancelled session, the earliest
 * such session; proposals without a conflict are left out, and the result keeps the proposals'
 * order. A proposal with an `id` never conflicts with the existing session of the same id, so a
 * reschedule can be checked against a calendar that still holds the session being moved.
 *
 * @throws DomainError `validation_failed` for an interval with an invalid date or that does not
 * end after it starts.
 */
export function findConflicts<
  P extends TimeInterval & { readonly id?: string },
  E extends BookedSession,
>(proposed: readonly P[], existing: readonly E[]): SessionConflict<P, E>[] {
  existing.forEach((session, index) => assertInterval(session, `existing.${index}`));
  // Earliest first, so "the first conflict" does not depend on the order rows came from the database.
  const live = existing
    .filter((session) => !session.cancelled)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const conflicts: SessionConflict<P, E>[] = [];
  proposed.forEach((candidate, index) => {
    assertInterval(candidate, `proposed.${index}`);
    const clash = live.find(
      (session) =>
        session.id !== candidate.id &&
        session.startsAt.getTime() < candidate.endsAt.getTime() &&
        candidate.startsAt.getTime() < session.endsAt.getTime(),
    );
    if (clash) conflicts.push({ proposed: candidate, existing: clash });
  });
  return conflicts;
}

/**
 * Refuses proposed times that collide with existing sessions (see {@link findConflicts}).
 *
 * @throws DomainError `conflict` with details `{ reason: 'double_booked', conflicts: [{ startsAt,
 * existingSessionId }] }` listing every colliding proposal (ISO instants, no personal data).
 */
export function assertNoConflicts(
  proposed: readonly (TimeInterval & { readonly id?: string })[],
  existing: readonly BookedSession[],
): void {
  const conflicts = findConflicts(proposed, existing);
  if (conflicts.length === 0) return;
  throw new DomainError(
    'conflict',
    conflicts.length === 1
      ? 'This time overlaps a session already booked'
      : `${conflicts.length} of these times overlap sessions already booked`,
    {
      reason: 'double_booked',
      conflicts: conflicts.map(({ proposed: candidate, existing: session }) => ({
        startsAt: candidate.startsAt.toISOString(),
        existingSessionId: session.id,
      })),
    },
  );
}

function assertInterval(interval: TimeInterval, path: string): void {
  if (!isValidDate(interval.startsAt) || !isValidDate(interval.endsAt)) {
    throw validationFailed('Time interval', [
      { path, message: 'must have valid start and end dates' },
    ]);
  }
  if (interval.endsAt.getTime() <= interval.startsAt.getTime()) {
    throw validationFailed('Time interval', [{ path, message: 'must end after it starts' }]);
  }
}
