import { DomainError } from '../errors/domain-error';
import type { RosterStatus } from './course-format';
import { type MemberStatusChange, planMemberStatusChange } from './roster-changes';
import { validationFailed } from './validation-issues';

// How a roster place becomes active, in one place so the API, Home and the roster page agree:
//
// - A place is *offered* (status `invited`) when a coordinator puts a client on a roster, or when
//   accepting a request for therapy places the requester.
// - Someone offered a place before they had an account (placed from a request for therapy) gets
//   an invitation with it: accepting that invitation accepts every place offered so far.
// - A client with an account answers an offer from Home: Accept makes the place active, Decline
//   withdraws it.
// - A coordinator may mark a place active for the client (who agreed by phone, say) and must say
//   why; the reason is kept with the change and the change is audited.
// - Only an active place lets a client into the session (see roster-join.ts).

/** How a client answers a place offered to them. */
export type OfferAnswer = 'accept' | 'decline';

/** The longest reason a coordinator may give for changing someone's place. */
export const rosterChangeReasonMaxLength = 500;

/**
 * Checks a client's answer to an offered place and says what it does.
 *
 * @throws DomainError `conflict` with `details.reason: 'not_offered'` (and the current `status`)
 * when the place is not an open offer (already answered, withdrawn or waitlisted).
 */
export function planOfferAnswer(current: RosterStatus, answer: OfferAnswer): MemberStatusChange {
  if (current !== 'invited') {
    throw new DomainError(
      'conflict',
      current === 'active'
        ? 'You have already accepted this place'
        : 'This place is no longer offered to you',
      { reason: 'not_offered', status: current },
    );
  }
  return planMemberStatusChange(current, answer === 'accept' ? 'active' : 'withdrawn', true);
}

/** A coordinator's change of a place, with the reason kept beside it. */
export interface CoordinatorRosterChange extends MemberStatusChange {
  readonly reason: string | null;
}

/**
 * Checks a coordinator's change of a member's status. Making a place active on the client's
 * behalf (they have not accepted it themselves) needs a reason; other changes may carry one.
 *
 * @throws DomainError `validation_failed` (path `reason`) when the reason is missing or too long,
 * and whatever {@link planMemberStatusChange} throws.
 */
export function planCoordinatorRosterChange(
  from: RosterStatus,
  to: RosterStatus,
  reason: string | null | undefined,
): CoordinatorRosterChange {
  const change = planMemberStatusChange(from, to);
  const trimmed = reason?.trim() ?? '';
  if (to === 'active' && trimmed === '') {
    throw validationFailed('Roster change', [
      {
        path: 'reason',
        message: 'must say why the place is made active without the client accepting it',
      },
    ]);
  }
  if (trimmed.length > rosterChangeReasonMaxLength) {
    throw validationFailed('Roster change', [
      { path: 'reason', message: `must be at most ${rosterChangeReasonMaxLength} characters` },
    ]);
  }
  return { ...change, reason: trimmed === '' ? null : trimmed };
}

/**
 * The places an accepted invitation makes active: every place still offered to the person when
 * they accept (a waitlist entry stays one; withdrawn places stay withdrawn).
 */
export function placesAcceptedWithInvitation<T extends { readonly status: RosterStatus }>(
  places: readonly T[],
): T[] {
  return places.filter((place) => place.status === 'invited');
}
