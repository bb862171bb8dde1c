import { DomainError } from '../errors/domain-error';
import {
  type RosterStatus,
  assertCanAddMember,
  capacityOf,
  countHeldPlaces,
  defaultDurationMinutes,
  isAllowedDuration,
  isAllowedSessionCount,
  isCourseTherapist,
  rosterReadiness,
} from './course-format';

function thrown(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const roster = (...statuses: RosterStatus[]) => statuses.map((status) => ({ status }));

describe('capacityOf', () => {
  it('fixes the capacity of individual, couple and family courses', () => {
    expect(capacityOf('individual')).toEqual({ min: 1, max: 1 });
    expect(capacityOf('couple')).toEqual({ min: 2, max: 2 });
    expect(capacityOf('family')).toEqual({ min: 2, max: 8 });
  });

  it('gives a group 3–9 by default and lets it choose a maximum from 3 to 12', () => {
    expect(capacityOf('group')).toEqual({ min: 3, max: 9 });
    expect(capacityOf('group', null)).toEqual({ min: 3, max: 9 });
    expect(capacityOf('group', 12)).toEqual({ min: 3, max: 12 });
    expect(capacityOf('group', 3)).toEqual({ min: 3, max: 3 });
  });

  it.each([13, 2, 0, 8.5])('refuses a group maximum of %p', (maxMembers) => {
    const error = thrown(() => capacityOf('group', maxMembers));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual({
      issues: [
        { path: 'maxMembers', message: 'must be a whole number from 3 to 12 for a group course' },
      ],
    });
  });

  it.each(['couple', 'individual', 'family'] as const)(
    'refuses a maximum for a %s course',
    (format) => {
      const error = thrown(() => capacityOf(format, 2));
      expect(error.code).toBe('validation_failed');
      expect(error.details?.['issues']).toEqual([
        { path: 'maxMembers', message: expect.stringContaining(format) },
      ]);
    },
  );
});

describe('durations and session counts', () => {
  it('defaults to 50-minute sessions and 90 for groups', () => {
    expect(defaultDurationMinutes('individual')).toBe(50);
    expect(defaultDurationMinutes('couple')).toBe(50);
    expect(defaultDurationMinutes('family')).toBe(50);
    expect(defaultDurationMinutes('group')).toBe(90);
  });

  it('allows 30–120 minutes in steps of 5', () => {
    expect([30, 45, 50, 90, 120].every(isAllowedDuration)).toBe(true);
    expect([25, 125, 52, 0, -50, 50.5, Number.NaN].some(isAllowedDuration)).toBe(false);
  });

  it('allows 8–20 sessions', () => {
    expect(isAllowedSessionCount(8)).toBe(true);
    expect(isAllowedSessionCount(20)).toBe(true);
    expect(isAllowedSessionCount(7)).toBe(false);
    expect(isAllowedSessionCount(21)).toBe(false);
    expect(isAllowedSessionCount(12.5)).toBe(false);
  });
});

describe('assertCanAddMember', () => {
  it('counts invited and active members but not withdrawn ones', () => {
    expect(countHeldPlaces(roster('active', 'invited', 'withdrawn', 'withdrawn'))).toBe(2);
  });

  it('lets a couple take a second client and refuses a third', () => {
    const capacity = capacityOf('couple');
    expect(() => assertCanAddMember('couple', 1, capacity)).not.toThrow();
    const error = thrown(() => assertCanAddMember('couple', 2, capacity));
    expect(error.code).toBe('conflict');
    expect(error.details).toEqual({ reason: 'capacity_exceeded', format: 'couple', capacity: 2 });
    expect(error.message).toBe('This couple course is full: it has room for 2 clients');
  });

  it('frees the place of a withdrawn member', () => {
    const capacity = capacityOf('couple');
    const counted = countHeldPlaces(roster('active', 'withdrawn'));
    expect(() => assertCanAddMember('couple', counted, capacity)).not.toThrow();
  });

  it("holds to a group's own maximum", () => {
    const capacity = capacityOf('group', 6);
    expect(() => assertCanAddMember('group', 5, capacity)).not.toThrow();
    expect(thrown(() => assertCanAddMember('group', 6, capacity)).details).toEqual({
      reason: 'capacity_exceeded',
      format: 'group',
      capacity: 6,
    });
  });

  it('refuses an individual course a second client', () => {
    expect(
      thrown(() => assertCanAddMember('individual', 1, capacityOf('individual'))).message,
    ).toBe('This individual course is full: it has room for 1 client');
  });

  it('refuses a nonsense count', () => {
    expect(thrown(() => assertCanAddMember('group', -1, capacityOf('group'))).code).toBe(
      'validation_failed',
    );
  });
});

describe('rosterReadiness', () => {
  it('needs exactly two active clients for a couple', () => {
    const capacity = capacityOf('couple');
    expect(rosterReadiness(roster('active', 'invited'), capacity)).toEqual({
      ready: false,
      reason: 'too_few_members',
      activeMembers: 1,
      invitedMembers: 1,
      needed: 1,
      capacity,
    });
    expect(rosterReadiness(roster('active', 'active', 'withdrawn'), capacity)).toMatchObject({
      ready: true,
      needed: 0,
    });
  });

  it('needs three active members for a group, whatever the invitations', () => {
    const capacity = capacityOf('group');
    expect(
      rosterReadiness(roster('active', 'active', 'invited', 'invited'), capacity),
    ).toMatchObject({
      ready: false,
      needed: 1,
    });
    expect(rosterReadiness(roster('active', 'active', 'active'), capacity).ready).toBe(true);
  });

  it('is not ready with more active members than the maximum', () => {
    const capacity = capacityOf('group', 3);
    expect(rosterReadiness(roster('active', 'active', 'active', 'active'), capacity)).toMatchObject(
      {
        ready: false,
        reason: 'too_many_members',
      },
    );
  });

  it('is not ready with nobody on the roster', () => {
    expect(rosterReadiness([], capacityOf('individual'))).toMatchObject({
      ready: false,
      needed: 1,
    });
  });
});

describe('isCourseTherapist', () => {
  const course = { therapistId: 't1', coTherapistId: 't2' };
  it('is true for the therapist and the co-therapist only', () => {
    expect(isCourseTherapist(course, 't1')).toBe(true);
    expect(isCourseTherapist(course, 't2')).toBe(true);
    expect(isCourseTherapist(course, 'c1')).toBe(false);
    expect(isCourseTherapist({ therapistId: 't1', coTherapistId: null }, 'c1')).toBe(false);
  });
});
