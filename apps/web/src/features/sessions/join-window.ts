/** How early the waiting room opens: people test camera and microphone before the start. */
export const joinOpensMinutesBefore = 10;

export type JoinState =
  | { readonly kind: 'not_yet'; readonly opensAt: Date }
  | { readonly kind: 'open' }
  | { readonly kind: 'ended' }
  | { readonly kind: 'cancelled' };

/** Whether a session can be joined at `now`: from 10 minutes before its start until its end. */
export function joinState(
  session: { readonly startsAt: string; readonly endsAt: string; readonly status: string },
  now: Date,
): JoinState {
  if (session.status === 'cancelled') return { kind: 'cancelled' };
  const opensAt = new Date(Date.parse(session.startsAt) - joinOpensMinutesBefore * 60_000);
  const t = now.getTime();
  if (t < opensAt.getTime()) return { kind: 'not_yet', opensAt };
  if (t >= Date.parse(session.endsAt)) return { kind: 'ended' };
  return { kind: 'open' };
}
