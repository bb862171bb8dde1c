import { isDomainError } from '../errors/domain-error';
import { rosterStatuses } from './course-format';
import {
  placesAcceptedWithInvitation,
  planCoordinatorRosterChange,
  planOfferAnswer,
} from './roster-lifecycle';

function errorOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('a client answering an offered place', () => {
  it('accepting makes the place active and books nothing new (the place was held)', () => {
    expect(planOfferAnswer('invited', 'accept')).toEqual({
      from: 'invited',
      to: 'active',
      takesPlace: false,
      freesPlace: false,
    });
  });

  it('declining withdraws it and frees the place', () => {
    expect(planOfferAnswer('invited', 'decline')).toMatchObject({
      to: 'withdrawn',
      freesPlace: true,
    });
  });

  it.each(rosterStatuses.filter((s) => s !== 'invited'))(
    'a place that is %s is not an open offer',
    (status) => {
      for (const answer of ['accept', 'decline'] as const) {
        const error = errorOf(() => planOfferAnswer(status, answer));
        expect(error.code).toBe('conflict');
        expect(error.details).toEqual({ reason: 'not_offered', status });
      }
    },
  );
});

describe('a coordinator changing a place', () => {
  it('making a place active needs a reason, kept trimmed', () => {
    const error = errorOf(() => planCoordinatorRosterChange('invited', 'active', '   '));
    expect(error.code).toBe('validation_failed');
    expect(error.details?.['issues']).toEqual([expect.objectContaining({ path: 'reason' })]);
    expect(errorOf(() => planCoordinatorRosterChange('invited', 'active', undefined)).code).toBe(
      'validation_failed',
    );
    expect(
      planCoordinatorRosterChange('invited', 'active', '  Agreed by phone on Monday '),
    ).toEqual({
      from: 'invited',
      to: 'active',
      takesPlace: false,
      freesPlace: false,
      reason: 'Agreed by phone on Monday',
    });
  });

  it('bringing a withdrawn client back as active takes a place again', () => {
    expect(planCoordinatorRosterChange('withdrawn', 'active', 'Came back')).toMatchObject({
      takesPlace: true,
    });
  });

  it('withdrawing needs no reason', () => {
    expect(planCoordinatorRosterChange('active', 'withdrawn', undefined)).toMatchObject({
      freesPlace: true,
      reason: null,
    });
  });

  it('a reason longer than 500 characters is refused', () => {
    const error = errorOf(() => planCoordinatorRosterChange('invited', 'active', 'x'.repeat(501)));
    expect(error.code).toBe('validation_failed');
  });

  it('changes the roster rules forbid stay forbidden', () => {
    expect(errorOf(() => planCoordinatorRosterChange('active', 'invited', 'oops')).code).toBe(
      'conflict',
    );
  });
});

describe('accepting an invitation', () => {
  it('accepts every place still offered, and nothing else', () => {
    const places = rosterStatuses.map((status, i) => ({ id: String(i), status }));
    expect(placesAcceptedWithInvitation(places)).toEqual([{ id: '0', status: 'invited' }]);
  });
});
