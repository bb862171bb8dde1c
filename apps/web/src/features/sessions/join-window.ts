import type { SessionListItem } from '@hearth/contracts';
import { joinBlocks, joinOpensMinutesBefore, joinWindowOf, type JoinBlock } from '@hearth/domain';

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

/** Whether Home may show an active Join link, and if not, what the person should do. */
export type JoinAdvice =
  | { readonly kind: 'open'; readonly closesAt: Date }
  | { readonly kind: 'blocked'; readonly blocks: readonly JoinBlock[] };

/**
 * The live server's own rule (libs/domain `joinBlocks`) applied to a session on Home: Join is
 * active exactly when the server would let the viewer in at `now`.
 */
export function joinAdvice(session: SessionListItem, now: Date): JoinAdvice {
  const blocks = joinBlocks(
    {
      isTherapist: session.viewerRole === 'therapist' || session.viewerRole === 'co_therapist',
      rosterStatus: session.viewerPlace,
      consentAccepted: session.viewerConsented,
      session: {
        startsAt: new Date(session.startsAt),
        endsAt: new Date(session.endsAt),
        cancelled: session.status === 'cancelled',
      },
    },
    now,
  );
  if (blocks.length > 0) return { kind: 'blocked', blocks };
  return {
    kind: 'open',
    closesAt: joinWindowOf({
      startsAt: new Date(session.startsAt),
      endsAt: new Date(session.endsAt),
    }).closesAt,
  };
}

/** What a block asks the person to do, in plain words; `time` formats an instant for them. */
export function blockText(block: JoinBlock, time: (instant: Date) => string): string {
  switch (block.reason) {
    case 'place_not_accepted':
      return 'Accept your place in this course (above) to join.';
    case 'consent_required':
      return 'Accept your practice’s consent (above) to join.';
    case 'not_on_roster':
      return 'You are not on this course’s roster. Ask your coordinator.';
    case 'waitlisted':
      return 'You are on the waitlist. Your coordinator will tell you when a place frees up.';
    case 'withdrawn':
      return 'You no longer have a place in this course. Ask your coordinator if this is a mistake.';
    case 'not_open_yet':
      return `Opens at ${time(block.opensAt)}, ${joinOpensMinutesBefore} minutes before the start.`;
    case 'cancelled':
      return 'Cancelled.';
    case 'ended':
      return 'Ended.';
  }
}
