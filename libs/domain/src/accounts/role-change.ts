import { DomainError } from '../errors/domain-error';

type Role = 'coordinator' | 'therapist' | 'client';

/**
 * Checks a change of someone's roles. A coordinator may not take their own coordinator role
 * away (the practice could be left with no one to manage it), and roles that still have work
 * attached cannot go: a therapist who runs courses, a client with a place on a roster.
 */
export function checkRoleChange(change: {
  readonly current: readonly Role[];
  readonly next: readonly Role[];
  readonly self: boolean;
  readonly runsCourses: boolean;
  readonly holdsPlaces: boolean;
}): void {
  const losing = (role: Role) => change.current.includes(role) && !change.next.includes(role);
  if (change.self && losing('coordinator')) {
    throw new DomainError('conflict', 'You cannot take away your own coordinator role', {
      field: 'roles',
    });
  }
  if (losing('therapist') && change.runsCourses) {
    throw new DomainError(
      'conflict',
      'This therapist still runs courses; give them to another therapist first',
      { field: 'roles' },
    );
  }
  if (losing('client') && change.holdsPlaces) {
    throw new DomainError(
      'conflict',
      'This client still has a place on a roster; withdraw them first',
      { field: 'roles' },
    );
  }
}
