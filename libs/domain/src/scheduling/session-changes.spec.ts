import { DomainError } from '../errors/domain-error';
import { type SessionState, planCancellation, planReschedule } from './session-changes';

const now = new Date('2026-05-01T12:00:00Z');
const upcoming: SessionState = {
  startsAt: new Date('2026-05-04T18:00:00Z'),
  endsAt: new Date('2026-05-04T18:50:00Z'),
  cancelled: false,
};

function thrown(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('planReschedule', () => {
  it('moves a session and keeps its length', () => {
    expect(
      planReschedule(
        upcoming,
        { startsAt: new Date('2026-05-05T09:00:00Z'), reason: ' Bank holiday ' },
        now,
      ),
    ).toEqual({
      kind: 'rescheduled',
      from: { startsAt: upcoming.startsAt, endsAt: upcoming.endsAt },
      to: { startsAt: new Date('2026-05-05T09:00:00Z'), endsAt: new Date('2026-05-05T09:50:00Z') },
      reason: 'Bank holiday',
    });
  });

  it('takes a new length when given one', () => {
    const change = planReschedule(
      upcoming,
      { startsAt: new Date('2026-05-04T18:00:00Z'), durationMinutes: 90 },
      now,
    );
    expect(change.to.endsAt).toEqual(new Date('2026-05-04T19:30:00Z'));
    expect(change).not.toHaveProperty('reason');
  });

  it('refuses a cancelled session', () => {
    const error = thrown(() =>
      planReschedule(
        { ...upcoming, cancelled: true },
        { startsAt: new Date('2026-05-06T09:00:00Z') },
        now,
      ),
    );
    expect(error.code).toBe('conflict');
    expect(error.details).toEqual({ reason: 'session_cancelled' });
  });

  it('refuses a session that is over or under way', () => {
    const started = thrown(() =>
      planReschedule(
        upcoming,
        { startsAt: new Date('2026-05-06T09:00:00Z') },
        new Date('2026-05-04T18:10:00Z'),
      ),
    );
    expect(started.code).toBe('conflict');
    expect(started.details).toEqual({
      reason: 'session_started',
      startsAt: '2026-05-04T18:00:00.000Z',
    });
    expect(
      thrown(() =>
        planReschedule(
          upcoming,
          { startsAt: new Date('2026-06-01T09:00:00Z') },
          new Date('2026-05-10T00:00:00Z'),
        ),
      ).details?.['reason'],
    ).toBe('session_started');
  });

  it('refuses a new time that is not in the future', () => {
    for (const startsAt of [now, new Date('2026-04-30T09:00:00Z')]) {
      const error = thrown(() => planReschedule(upcoming, { startsAt }, now));
      expect(error.code).toBe('validation_failed');
      expect(error.details).toEqual({
        issues: [{ path: 'startsAt', message: 'must be in the future' }],
      });
    }
  });

  it('refuses a move to the time the session already has', () => {
    expect(
      thrown(() => planReschedule(upcoming, { startsAt: upcoming.startsAt }, now)).details,
    ).toEqual({
      issues: [{ path: 'startsAt', message: 'is already the time of this session' }],
    });
  });

  it('refuses an invalid date, a bad length and an overlong reason together', () => {
    const error = thrown(() =>
      planReschedule(
        upcoming,
        { startsAt: new Date('nonsense'), durationMinutes: 200, reason: 'x'.repeat(501) },
        now,
      ),
    );
    expect(error.code).toBe('validation_failed');
    expect((error.details?.['issues'] as { path: string }[]).map((issue) => issue.path)).toEqual([
      'durationMinutes',
      'startsAt',
      'reason',
    ]);
  });
});

describe('planCancellation', () => {
  it('records the cancelled time and the reason', () => {
    expect(planCancellation(upcoming, { reason: 'Therapist unwell' }, now)).toEqual({
      kind: 'cancelled',
      from: { startsAt: upcoming.startsAt, endsAt: upcoming.endsAt },
      reason: 'Therapist unwell',
    });
  });

  it('drops an empty reason', () => {
    expect(planCancellation(upcoming, { reason: '   ' }, now)).toEqual({
      kind: 'cancelled',
      from: { startsAt: upcoming.startsAt, endsAt: upcoming.endsAt },
    });
  });

  it('refuses to cancel twice', () => {
    const error = thrown(() => planCancellation({ ...upcoming, cancelled: true }, {}, now));
    expect(error.code).toBe('conflict');
    expect(error.details).toEqual({ reason: 'already_cancelled' });
  });

  it('refuses to cancel a session that has started or is over', () => {
    expect(
      thrown(() => planCancellation(upcoming, {}, upcoming.startsAt)).details?.['reason'],
    ).toBe('session_started');
    expect(
      thrown(() => planCancellation(upcoming, {}, new Date('2026-05-05T00:00:00Z'))).code,
    ).toBe('conflict');
  });

  it('does not share Date objects with the session it was given', () => {
    const change = planCancellation(upcoming, {}, now);
    change.from.startsAt.setTime(0);
    expect(upcoming.startsAt.toISOString()).toBe('2026-05-04T18:00:00.000Z');
  });
});
