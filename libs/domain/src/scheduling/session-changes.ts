import { DomainError } from '../errors/domain-error';
import { type TimeInterval } from './conflicts';
import { isAllowedDuration, sessionDurationLimits } from './course-format';
import { isValidDate } from './time-zone';
import { type ValidationIssue, validationFailed } from './validation-issues';

/** What the change rules need to know about a session. */
export interface SessionState extends TimeInterval {
  readonly cancelled: boolean;
}

/** A request to move one session. */
export interface RescheduleRequest {
  readonly startsAt: Date;
  /** New length; the session keeps its current length when left out. */
  readonly durationMinutes?: number | null;
  readonly reason?: string | null;
}

/** A request to cancel one session. */
export interface CancelRequest {
  readonly reason?: string | null;
}

/** A history record of a session being moved. */
export interface RescheduledChange {
  readonly kind: 'rescheduled';
  readonly from: TimeInterval;
  readonly to: TimeInterval;
  readonly reason?: string;
}

/** A history record of a session being cancelled. */
export interface CancelledChange {
  readonly kind: 'cancelled';
  readonly from: TimeInterval;
  readonly reason?: string;
}

/** A change to one session, as stored in its history. */
export type SessionChange = RescheduledChange | CancelledChange;

/** Longest reason kept with a change. */
export const changeReasonMaxLength = 500;

/**
 * Checks a request to move one session and returns the history record; the caller then saves
 * `to` as the session's new time (after checking it with `findConflicts`).
 *
 * @param now - the current instant, passed in so the rule stays pure.
 * @throws DomainError `conflict` with `details.reason` `'session_cancelled'` or
 * `'session_started'` (a session that has begun or is over cannot move);
 * `validation_failed` naming `startsAt` (invalid, not after `now`, or unchanged),
 * `durationMinutes` (not 30–120 in steps of 5) or `reason` (too long).
 */
export function planReschedule(
  session: SessionState,
  request: RescheduleRequest,
  now: Date,
): RescheduledChange {
  assertChangeable(session, now, 'rescheduled');

  const issues: ValidationIssue[] = [];
  const currentMs = session.endsAt.getTime() - session.startsAt.getTime();
  const durationMs =
    request.durationMinutes === undefined || request.durationMinutes === null
      ? currentMs
      : request.durationMinutes * 60_000;
  if (request.durationMinutes !== undefined && request.durationMinutes !== null) {
    if (!isAllowedDuration(request.durationMinutes)) {
      const { min, max, step } = sessionDurationLimits;
      issues.push({
        path: 'durationMinutes',
        message: `must be ${min}–${max} minutes in steps of ${step}`,
      });
    }
  }
  if (!isValidDate(request.startsAt)) {
    issues.push({ path: 'startsAt', message: 'must be a valid date' });
  } else if (request.startsAt.getTime() <= now.getTime()) {
    issues.push({ path: 'startsAt', message: 'must be in the future' });
  } else if (
    request.startsAt.getTime() === session.startsAt.getTime() &&
    durationMs === currentMs
  ) {
    issues.push({ path: 'startsAt', message: 'is already the time of this session' });
  }
  const reason = checkReason(request.reason, issues);
  if (issues.length > 0) throw validationFailed('Reschedule', issues);

  const to = {
    startsAt: new Date(request.startsAt.getTime()),
    endsAt: new Date(request.startsAt.getTime() + durationMs),
  };
  return { kind: 'rescheduled', from: copy(session), to, ...(reason ? { reason } : {}) };
}

/**
 * Checks a request to cancel one session and returns the history record.
 *
 * @param now - the current instant, passed in so the rule stays pure.
 * @throws DomainError `conflict` with `details.reason` `'already_cancelled'` or
 * `'session_started'`; `validation_failed` naming `reason` when it is too long.
 */
export function planCancellation(
  session: SessionState,
  request: CancelRequest,
  now: Date,
): CancelledChange {
  assertChangeable(session, now, 'cancelled');
  const issues: ValidationIssue[] = [];
  const reason = checkReason(request.reason, issues);
  if (issues.length > 0) throw validationFailed('Cancellation', issues);
  return { kind: 'cancelled', from: copy(session), ...(reason ? { reason } : {}) };
}

function assertChangeable(session: SessionState, now: Date, change: SessionChange['kind']): void {
  if (!isValidDate(now)) {
    throw validationFailed('Session change', [{ path: 'now', message: 'must be a valid date' }]);
  }
  if (session.cancelled) {
    throw change === 'cancelled'
      ? new DomainError('conflict', 'This session is already cancelled', {
          reason: 'already_cancelled',
        })
      : new DomainError('conflict', 'A cancelled session cannot be rescheduled', {
          reason: 'session_cancelled',
        });
  }
  // Once a session has begun, people may be in the room and attendance is being recorded.
  if (session.startsAt.getTime() <= now.getTime()) {
    throw new DomainError('conflict', `A session that has already started cannot be ${change}`, {
      reason: 'session_started',
      startsAt: session.startsAt.toISOString(),
    });
  }
}

function checkReason(
  value: string | null | undefined,
  issues: ValidationIssue[],
): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    issues.push({ path: 'reason', message: 'must be text' });
    return undefined;
  }
  const trimmed = value.trim();
  if (trimmed.length > changeReasonMaxLength) {
    issues.push({ path: 'reason', message: `must be at most ${changeReasonMaxLength} characters` });
    return undefined;
  }
  return trimmed === '' ? undefined : trimmed;
}

function copy(interval: TimeInterval): TimeInterval {
  return {
    startsAt: new Date(interval.startsAt.getTime()),
    endsAt: new Date(interval.endsAt.getTime()),
  };
}
