import { DomainError } from '../errors/domain-error';
import { joinOpensMinutesBefore, joinWindowOf } from '../live/join-window';
import type { RosterStatus } from './course-format';

/** Why a person cannot join a session's live room now, in the order they must be put right. */
export type JoinBlock =
  /** Not a therapist of the course and not on its roster (or a coordinator only). */
  | { readonly reason: 'not_on_roster' }
  /** Offered a place they have not accepted yet. */
  | { readonly reason: 'place_not_accepted' }
  /** On the waitlist of a full group. */
  | { readonly reason: 'waitlisted' }
  /** Left the course or was withdrawn. */
  | { readonly reason: 'withdrawn' }
  /** Has not accepted the practice's current consent text. */
  | { readonly reason: 'consent_required' }
  | { readonly reason: 'cancelled' }
  | { readonly reason: 'not_open_yet'; readonly opensAt: Date }
  | { readonly reason: 'ended'; readonly closedAt: Date };

/** What the join rule needs to know about a person and a session. */
export interface JoinCandidate {
  /** The course's therapist or co-therapist: they need no place and no consent. */
  readonly isTherapist: boolean;
  /** The person's place on the course's roster, or null when they have none. */
  readonly rosterStatus: RosterStatus | null;
  /** Accepted the practice's current consent text. */
  readonly consentAccepted: boolean;
  readonly session: { readonly startsAt: Date; readonly endsAt: Date; readonly cancelled: boolean };
}

/**
 * Everything that stops a person joining a session at `now`, in the order the live server
 * checks them (the first one is its answer); empty when they may join. Home shows a Join link
 * only when this is empty, and says what each block asks the person to do.
 */
export function joinBlocks(candidate: JoinCandidate, now: Date): JoinBlock[] {
  const blocks: JoinBlock[] = [];
  if (!candidate.isTherapist) {
    const place = placeBlock(candidate.rosterStatus);
    // Without a place in the course nothing else matters: the person cannot be let in at all.
    if (place) return [place];
    if (!candidate.consentAccepted) blocks.push({ reason: 'consent_required' });
  }
  const { session } = candidate;
  const { opensAt, closesAt } = joinWindowOf(session);
  if (session.cancelled) blocks.push({ reason: 'cancelled' });
  else if (now < opensAt) blocks.push({ reason: 'not_open_yet', opensAt });
  else if (now > closesAt) blocks.push({ reason: 'ended', closedAt: closesAt });
  return blocks;
}

function placeBlock(status: RosterStatus | null): JoinBlock | null {
  switch (status) {
    case 'active':
      return null;
    case 'invited':
      return { reason: 'place_not_accepted' };
    case 'waitlisted':
      return { reason: 'waitlisted' };
    case 'withdrawn':
      return { reason: 'withdrawn' };
    case null:
      return { reason: 'not_on_roster' };
  }
}

/** The error the live server answers a refused join with: the code and details clients know. */
export function joinRefusal(block: JoinBlock): DomainError {
  switch (block.reason) {
    case 'not_on_roster':
      return new DomainError(
        'forbidden',
        'Only this session’s therapists and members can join it',
        {
          reason: block.reason,
        },
      );
    case 'place_not_accepted':
      return new DomainError(
        'forbidden',
        'Accept your place in this course (on your home page) before joining its sessions',
        { reason: block.reason },
      );
    case 'waitlisted':
      return new DomainError(
        'forbidden',
        'You are on this group’s waitlist; your coordinator will tell you when a place frees up',
        { reason: block.reason },
      );
    case 'withdrawn':
      return new DomainError(
        'forbidden',
        'You no longer have a place in this course; ask your coordinator if this is a mistake',
        { reason: block.reason },
      );
    case 'consent_required':
      return new DomainError(
        'forbidden',
        'Read and accept the practice’s consent (on your home page) before joining a session',
        { reason: block.reason },
      );
    case 'cancelled':
      return new DomainError('conflict', 'This session was cancelled', { reason: 'cancelled' });
    case 'not_open_yet':
      return new DomainError(
        'conflict',
        `The session opens ${joinOpensMinutesBefore} minutes before it starts`,
        { reason: 'not_open_yet', opensAt: block.opensAt.toISOString() },
      );
    case 'ended':
      return new DomainError('conflict', 'The session has ended', {
        reason: 'ended',
        closedAt: block.closedAt.toISOString(),
      });
  }
}

/** Throws the first block's {@link joinRefusal}, if any: the live server's door. */
export function assertMayJoin(candidate: JoinCandidate, now: Date): void {
  const [first] = joinBlocks(candidate, now);
  if (first) throw joinRefusal(first);
}
