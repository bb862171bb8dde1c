import { DomainError } from '../errors/domain-error';
import { capacityOf, countHeldPlaces, holdsPlace } from './course-format';
import { admitMember, hasWaitlist, planMemberStatusChange } from './roster-changes';

function thrown(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('admitMember', () => {
  it('gives a place while the roster has one', () => {
    expect(admitMember('couple', 1, capacityOf('couple'))).toBe('place');
    expect(admitMember('group', 8, capacityOf('group'), { waitlist: true })).toBe('place');
  });

  it('refuses a third partner for a couple, even when a waitlist is asked for', () => {
    for (const options of [{}, { waitlist: true }]) {
      const error = thrown(() => admitMember('couple', 2, capacityOf('couple'), options));
      expect(error.code).toBe('conflict');
      expect(error.details).toEqual({
        reason: 'capacity_exceeded',
        format: 'couple',
        capacity: 2,
      });
    }
  });

  it('waitlists a member of a full group only when asked', () => {
    const capacity = capacityOf('group', 3);
    expect(admitMember('group', 3, capacity, { waitlist: true })).toBe('waitlist');
    expect(thrown(() => admitMember('group', 3, capacity)).details?.['reason']).toBe(
      'capacity_exceeded',
    );
  });

  it('keeps a waitlist only for groups', () => {
    expect(hasWaitlist('group')).toBe(true);
    expect(hasWaitlist('family')).toBe(false);
    expect(hasWaitlist('couple')).toBe(false);
    expect(hasWaitlist('individual')).toBe(false);
  });

  it('does not count waitlisted members as holding places', () => {
    expect(holdsPlace('waitlisted')).toBe(false);
    expect(
      countHeldPlaces([{ status: 'active' }, { status: 'waitlisted' }, { status: 'invited' }]),
    ).toBe(2);
  });
});

describe('planMemberStatusChange', () => {
  it('frees the place of a member who withdraws', () => {
    expect(planMemberStatusChange('active', 'withdrawn')).toEqual({
      from: 'active',
      to: 'withdrawn',
      takesPlace: false,
      freesPlace: true,
    });
    expect(planMemberStatusChange('invited', 'withdrawn').freesPlace).toBe(true);
  });

  it('keeps the place of an invited member who accepts', () => {
    expect(planMemberStatusChange('invited', 'active')).toMatchObject({
      takesPlace: false,
      freesPlace: false,
    });
  });

  it('takes a place for a waitlisted or withdrawn member who comes back', () => {
    expect(planMemberStatusChange('waitlisted', 'active').takesPlace).toBe(true);
    expect(planMemberStatusChange('withdrawn', 'invited').takesPlace).toBe(true);
    expect(planMemberStatusChange('waitlisted', 'withdrawn')).toMatchObject({
      takesPlace: false,
      freesPlace: false,
    });
  });

  it('refuses a change to the same status, naming the field', () => {
    const error = thrown(() => planMemberStatusChange('active', 'active'));
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual({ issues: [{ path: 'status', message: 'is already active' }] });
  });

  it.each([
    ['active', 'invited'],
    ['active', 'waitlisted'],
    ['invited', 'waitlisted'],
    ['withdrawn', 'waitlisted'],
  ] as const)('refuses %s → %s', (from, to) => {
    const error = thrown(() => planMemberStatusChange(from, to));
    expect(error.code).toBe('conflict');
    expect(error.details).toEqual({ reason: 'invalid_status_change', from, to });
  });

  it('lets a client only accept an invitation or leave', () => {
    expect(planMemberStatusChange('invited', 'active', true).takesPlace).toBe(false);
    expect(planMemberStatusChange('active', 'withdrawn', true).freesPlace).toBe(true);
    expect(planMemberStatusChange('waitlisted', 'withdrawn', true).freesPlace).toBe(false);
    expect(thrown(() => planMemberStatusChange('withdrawn', 'active', true)).code).toBe('conflict');
    expect(thrown(() => planMemberStatusChange('waitlisted', 'active', true)).code).toBe(
      'conflict',
    );
  });
});
