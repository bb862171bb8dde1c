import { fitsAvailability, sharedSlots } from './availability-overlap';

// A New Yorker free Mondays 13:00–14:00 and a Londoner free Mondays 18:00–19:00. Most of the year
// New York is 5 hours behind London, so 13:00 there is 18:00 here and they share the hour. In the
// weeks between the US change (2nd Sunday of March) and the UK one (last Sunday of March) the
// gap is 4 hours: 13:00 New York is 17:00 London and they share nothing.
const requester = {
  timeZone: 'America/New_York',
  windows: [{ weekday: 1, from: '13:00', to: '14:00' }],
};
const therapist = {
  timeZone: 'Europe/London',
  windows: [{ weekday: 1, from: '18:00', to: '19:00' }],
};

describe('sharedSlots', () => {
  it('finds the hour both are free in an ordinary week, on the requester’s clock', () => {
    const slots = sharedSlots(requester, therapist, new Date('2026-03-02T12:00:00Z'), 50);
    expect(slots).toHaveLength(1);
    expect(slots[0]).toMatchObject({
      startsAt: new Date('2026-03-02T18:00:00Z'),
      endsAt: new Date('2026-03-02T19:00:00Z'),
      weekday: 1,
      localTime: '13:00',
      partOfDay: 'afternoon',
      minutes: 60,
    });
  });

  it('follows each zone’s own daylight saving: the week only New York has changed shares nothing', () => {
    // 2026: the US moves on 8 March, the UK on 29 March.
    expect(sharedSlots(requester, therapist, new Date('2026-03-16T12:00:00Z'), 50)).toEqual([]);
    // Both have changed by April: 5 hours apart again.
    const april = sharedSlots(requester, therapist, new Date('2026-04-06T12:00:00Z'), 50);
    expect(april.map((s) => s.startsAt.toISOString())).toEqual(['2026-04-06T17:00:00.000Z']);
  });

  it('does the same in autumn, when the UK goes back a week before the US', () => {
    // 2026: UK on 25 October, US on 1 November — the week of 26 October is 4 hours apart.
    expect(sharedSlots(requester, therapist, new Date('2026-10-26T12:00:00Z'), 50)).toEqual([]);
    expect(sharedSlots(requester, therapist, new Date('2026-11-02T12:00:00Z'), 50)).toHaveLength(1);
  });

  it('matches windows that fall on different weekdays in the two zones', () => {
    // Sunday 22:00–23:30 in Los Angeles is Monday morning in Sydney.
    const slots = sharedSlots(
      { timeZone: 'America/Los_Angeles', windows: [{ weekday: 7, from: '22:00', to: '23:30' }] },
      { timeZone: 'Australia/Sydney', windows: [{ weekday: 1, from: '15:00', to: '19:00' }] },
      new Date('2026-06-01T12:00:00Z'),
      50,
    );
    expect(slots).toHaveLength(1);
    expect(slots[0]).toMatchObject({
      weekday: 7,
      localTime: '22:00',
      minutes: 90,
      partOfDay: 'evening',
    });
  });

  it('needs room for a whole session and starts it on a 5-minute mark', () => {
    const short = {
      timeZone: 'Europe/London',
      windows: [{ weekday: 1, from: '18:12', to: '19:00' }],
    };
    expect(sharedSlots(requester, short, new Date('2026-03-02T12:00:00Z'), 50)).toEqual([]);
    const slots = sharedSlots(requester, short, new Date('2026-03-02T12:00:00Z'), 45);
    expect(slots[0]?.localTime).toBe('13:15');
  });

  it('refuses an unknown zone', () => {
    expect(() =>
      sharedSlots({ ...requester, timeZone: 'Mars/Olympus' }, therapist, new Date(), 50),
    ).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });
});

describe('fitsAvailability', () => {
  const windows = [{ weekday: 3, from: '18:00', to: '20:00' }];

  it('reads a session on the requester’s own clock', () => {
    // 17:00 UTC on a summer Wednesday is 18:00 in London.
    expect(
      fitsAvailability(
        { timeZone: 'Europe/London', windows },
        new Date('2026-07-01T17:00:00Z'),
        90,
      ),
    ).toBe(true);
    // The same instant in winter is 17:00 London: before the window opens.
    expect(
      fitsAvailability(
        { timeZone: 'Europe/London', windows },
        new Date('2026-12-02T17:00:00Z'),
        90,
      ),
    ).toBe(false);
  });

  it('refuses a session that runs past the window', () => {
    expect(
      fitsAvailability(
        { timeZone: 'Europe/London', windows },
        new Date('2026-07-01T18:00:00Z'),
        90,
      ),
    ).toBe(false);
  });
});
