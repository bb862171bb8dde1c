import { DomainError } from '../errors/domain-error';

/** A live session can be joined from this many minutes before its start… */
export const joinOpensMinutesBefore = 10;
/** …until this many minutes after its planned end (sessions overrun). */
export const joinClosesMinutesAfter = 30;

/** When a session's live room opens and closes. */
export interface JoinWindow {
  readonly opensAt: Date;
  readonly closesAt: Date;
}

export function joinWindowOf(session: { startsAt: Date; endsAt: Date }): JoinWindow {
  return {
    opensAt: new Date(session.startsAt.getTime() - joinOpensMinutesBefore * 60_000),
    closesAt: new Date(session.endsAt.getTime() + joinClosesMinutesAfter * 60_000),
  };
}

/** Throws `conflict` unless `now` lies in the session's join window and it is not cancelled. */
export function assertJoinable(
  session: { startsAt: Date; endsAt: Date; cancelled: boolean },
  now: Date,
): void {
  if (session.cancelled) {
    throw new DomainError('conflict', 'This session was cancelled', { reason: 'cancelled' });
  }
  const { opensAt, closesAt } = joinWindowOf(session);
  if (now < opensAt) {
    throw new DomainError(
      'conflict',
      `The session opens ${joinOpensMinutesBefore} minutes before it starts`,
      { reason: 'not_open_yet', opensAt: opensAt.toISOString() },
    );
  }
  if (now > closesAt) {
    throw new DomainError('conflict', 'The session has ended', {
      reason: 'ended',
      closedAt: closesAt.toISOString(),
    });
  }
}
