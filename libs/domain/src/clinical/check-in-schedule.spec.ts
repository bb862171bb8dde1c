import { checkInAvailability, isCheckInSession } from './check-in-schedule';

const offered = (schedule: 'every_session' | 'every_4th', count: number) =>
  Array.from({ length: count }, (_, i) => i + 1).filter((n) =>
    isCheckInSession(schedule, n, count),
  );

describe('which sessions offer a check-in', () => {
  it('offers every session of a course when the course asks for every session', () => {
    expect(offered('every_session', 12)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('offers every 4th session from the first, and the last one', () => {
    expect(offered('every_4th', 12)).toEqual([1, 5, 9, 12]);
    expect(offered('every_4th', 16)).toEqual([1, 5, 9, 13, 16]);
    expect(offered('every_4th', 8)).toEqual([1, 5, 8]);
    expect(offered('every_4th', 17)).toEqual([1, 5, 9, 13, 17]);
    expect(offered('every_4th', 20)).toEqual([1, 5, 9, 13, 17, 20]);
  });

  it('offers nothing outside the course', () => {
    expect(isCheckInSession('every_session', 0, 12)).toBe(false);
    expect(isCheckInSession('every_session', 13, 12)).toBe(false);
    expect(isCheckInSession('every_4th', 1.5, 12)).toBe(false);
  });
});

describe('when a session’s check-in is open', () => {
  const startsAt = new Date('2027-03-10T10:00:00Z');
  const session = {
    number: 5,
    sessionCount: 12,
    startsAt,
    endsAt: new Date('2027-03-10T10:50:00Z'),
    cancelled: false,
  };
  const at = (iso: string) => new Date(iso);

  it('opens 72 hours before the start and closes when the session ends', () => {
    expect(checkInAvailability('every_session', session, at('2027-03-07T09:59:59Z'))).toBe(
      'not_yet_open',
    );
    expect(checkInAvailability('every_session', session, at('2027-03-07T10:00:00Z'))).toBe('open');
    expect(checkInAvailability('every_session', session, at('2027-03-10T10:49:59Z'))).toBe('open');
    expect(checkInAvailability('every_session', session, at('2027-03-10T10:50:00Z'))).toBe(
      'closed',
    );
  });

  it('is not offered for a session the schedule skips, or a cancelled one', () => {
    const now = at('2027-03-09T10:00:00Z');
    expect(checkInAvailability('every_4th', { ...session, number: 6 }, now)).toBe('not_scheduled');
    expect(checkInAvailability('every_4th', session, now)).toBe('open');
    expect(checkInAvailability('every_session', { ...session, cancelled: true }, now)).toBe(
      'cancelled',
    );
  });
});
