import { type CheckInAvailability, type CheckInSchedule } from '../vocabulary';

export {
  checkInAvailabilities,
  checkInSchedules,
  type CheckInAvailability,
  type CheckInSchedule,
} from '../vocabulary';

/** How long before a session starts its check-in opens. */
export const checkInOpensBeforeMs = 72 * 3_600_000;

/**
 * Whether session `number` of a course of `sessionCount` offers a check-in. Every 4th means
 * sessions 1, 5, 9, 13 and 17 — session 1 gives the baseline — and always the last session, so
 * the course ends with an outcome measure.
 */
export function isCheckInSession(
  schedule: CheckInSchedule,
  number: number,
  sessionCount: number,
): boolean {
  if (!Number.isInteger(number) || number < 1 || number > sessionCount) return false;
  if (schedule === 'every_session') return true;
  return (number - 1) % 4 === 0 || number === sessionCount;
}

/** A session as the check-in rule sees it. */
export interface CheckInSession {
  readonly number: number;
  readonly sessionCount: number;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly cancelled: boolean;
}

/**
 * Whether a client may fill in a session's check-in now: `open` from 72 hours before the
 * session starts until it ends; otherwise the reason it is not offered.
 */
export function checkInAvailability(
  schedule: CheckInSchedule,
  session: CheckInSession,
  now: Date,
): CheckInAvailability {
  if (!isCheckInSession(schedule, session.number, session.sessionCount)) return 'not_scheduled';
  if (session.cancelled) return 'cancelled';
  if (now.getTime() < session.startsAt.getTime() - checkInOpensBeforeMs) return 'not_yet_open';
  if (now.getTime() >= session.endsAt.getTime()) return 'closed';
  return 'open';
}
