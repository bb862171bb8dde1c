import { DomainError, isDomainError } from '../errors/domain-error';
import {
  type Capacity,
  type CourseFormat,
  type RosterStatus,
  assertCanAddMember,
  holdsPlace,
} from './course-format';
import { validationFailed } from './validation-issues';

/** Where a new member goes: onto the roster with a place, or onto the waitlist. */
export type Admission = 'place' | 'waitlist';

/** True for formats that keep a waitlist when full (only groups: a couple or family is fixed). */
export function hasWaitlist(format: CourseFormat): boolean {
  return format === 'group';
}

/**
 * Decides where a new member goes on a roster that already holds `heldPlaces` places. A member
 * takes a place while there is one; a full group puts them on the waitlist when the caller asks
 * for it. Nothing else may exceed the capacity.
 *
 * @throws DomainError `conflict` with details `{ reason: 'capacity_exceeded', format, capacity }`
 * when the roster is full and the member cannot be waitlisted.
 */
export function admitMember(
  format: CourseFormat,
  heldPlaces: number,
  capacity: Capacity,
  options: { readonly waitlist?: boolean } = {},
): Admission {
  try {
    assertCanAddMember(format, heldPlaces, capacity);
    return 'place';
  } catch (error) {
    if (
      options.waitlist === true &&
      hasWaitlist(format) &&
      isDomainError(error) &&
      error.details?.['reason'] === 'capacity_exceeded'
    ) {
      return 'waitlist';
    }
    throw error;
  }
}

/** What a change of roster status does to the member's place (and so to their bookings). */
export interface MemberStatusChange {
  readonly from: RosterStatus;
  readonly to: RosterStatus;
  /** The member gains a place: check capacity, then book the course's future sessions. */
  readonly takesPlace: boolean;
  /** The member gives up their place: free their future bookings. */
  readonly freesPlace: boolean;
}

// Which statuses each status may move to. A member is never put back to "invited" once active,
// and the waitlist is entered only when joining a full group, never by a later change.
const allowedChanges: Readonly<Record<RosterStatus, readonly RosterStatus[]>> = {
  invited: ['active', 'withdrawn'],
  active: ['withdrawn'],
  withdrawn: ['invited', 'active'],
  waitlisted: ['invited', 'active', 'withdrawn'],
};

// What a client may do to their own place: accept an invitation, or leave.
const selfServiceChanges: Readonly<Record<RosterStatus, readonly RosterStatus[]>> = {
  invited: ['active', 'withdrawn'],
  active: ['withdrawn'],
  withdrawn: [],
  waitlisted: ['withdrawn'],
};

/**
 * Checks a change of a member's roster status and says what it does to their place.
 *
 * @param bySelf - true when the member changes their own status (a client accepting or leaving);
 * they may only accept an invitation or withdraw.
 * @throws DomainError `validation_failed` (path `status`) when the status would not change;
 * `conflict` with `details.reason: 'invalid_status_change'` for a change that is not allowed.
 */
export function planMemberStatusChange(
  from: RosterStatus,
  to: RosterStatus,
  bySelf = false,
): MemberStatusChange {
  if (from === to) {
    throw validationFailed('Roster change', [{ path: 'status', message: `is already ${from}` }]);
  }
  const allowed = (bySelf ? selfServiceChanges : allowedChanges)[from];
  if (!allowed.includes(to)) {
    throw new DomainError('conflict', `A member who is ${from} cannot become ${to}`, {
      reason: 'invalid_status_change',
      from,
      to,
    });
  }
  return {
    from,
    to,
    takesPlace: !holdsPlace(from) && holdsPlace(to),
    freesPlace: holdsPlace(from) && !holdsPlace(to),
  };
}
