import { joinWindowOf } from '@hearth/domain';

// The server's rule (libs/domain), so the button and the gateway open and close together.
export { joinClosesMinutesAfter, joinOpensMinutesBefore } from '@hearth/domain';

export type JoinState =
  | { readonly kind: 'not_yet'; readonly opensAt: Date }
  | { readonly kind: 'open'; readonly closesAt: Date }
  | { readonly kind: 'ended' }
  | { readonly kind: 'cancelled' };

/**
 * Whether a session can be joined at `now`: from 10 minutes before its start until 30 minutes
 * after its planned end (sessions overrun), both ends included, as the gateway decides.
 */
export function joinState(
  session: { readonly startsAt: string; readonly endsAt: string; readonly status: string },
  now: Date,
): JoinState {
  if (session.status === 'cancelled') return { kind: 'cancelled' };
  const { opensAt, closesAt } = joinWindowOf({
    startsAt: new Date(session.startsAt),
    endsAt: new Date(session.endsAt),
  });
  const t = now.getTime();
  if (t < opensAt.getTime()) return { kind: 'not_yet', opensAt };
  if (t > closesAt.getTime()) return { kind: 'ended' };
  return { kind: 'open', closesAt };
}
