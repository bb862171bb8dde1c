import { DomainError } from '../errors/domain-error';
import { type WeeklySeriesInput, weeklySeries } from './weekly-series';

const isoDays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

// Reads the wall clock independently of the code under test (other locale and options).
function wallClock(instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    weekday: 'short',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((part) => part.type === type)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}`,
    weekday: isoDays.indexOf(get('weekday')) + 1,
  };
}

function startsOf(input: Omit<WeeklySeriesInput, 'durationMinutes'>): string[] {
  return weeklySeries({ ...input, durationMinutes: 50 }).map((s) => s.startsAt.toISOString());
}

describe('weeklySeries', () => {
  it('starts on the first requested weekday on or after the start date and numbers sessions', () => {
    const series = weeklySeries({
      startDate: '2026-01-07', // a Wednesday
      weekday: 1,
      localTime: '18:00',
      timeZone: 'Europe/London',
      count: 3,
      durationMinutes: 50,
    });
    expect(series).toEqual([
      {
        number: 1,
        startsAt: new Date('2026-01-12T18:00:00Z'),
        endsAt: new Date('2026-01-12T18:50:00Z'),
        localDate: '2026-01-12',
      },
      {
        number: 2,
        startsAt: new Date('2026-01-19T18:00:00Z'),
        endsAt: new Date('2026-01-19T18:50:00Z'),
        localDate: '2026-01-19',
      },
      {
        number: 3,
        startsAt: new Date('2026-01-26T18:00:00Z'),
        endsAt: new Date('2026-01-26T18:50:00Z'),
        localDate: '2026-01-26',
      },
    ]);
  });

  describe('Europe/London', () => {
    it('keeps 18:00 when clocks go forward on 2026-03-29 (UTC moves an hour earlier)', () => {
      expect(
        startsOf({
          startDate: '2026-03-16',
          weekday: 1,
          localTime: '18:00',
          timeZone: 'Europe/London',
          count: 3,
        }),
      ).toEqual([
        '2026-03-16T18:00:00.000Z',
        '2026-03-23T18:00:00.000Z',
        '2026-03-30T17:00:00.000Z',
      ]);
    });

    it('keeps 19:00 when clocks go back on 2026-10-25 (UTC moves an hour later)', () => {
      expect(
        startsOf({
          startDate: '2026-10-22',
          weekday: 4,
          localTime: '19:00',
          timeZone: 'Europe/London',
          count: 2,
        }),
      ).toEqual(['2026-10-22T18:00:00.000Z', '2026-10-29T19:00:00.000Z']);
    });

    it('moves 01:30 on 2026-03-29, which does not exist, to 02:30 BST', () => {
      expect(
        startsOf({
          startDate: '2026-03-22',
          weekday: 7,
          localTime: '01:30',
          timeZone: 'Europe/London',
          count: 3,
        }),
      ).toEqual([
        '2026-03-22T01:30:00.000Z',
        '2026-03-29T01:30:00.000Z',
        '2026-04-05T00:30:00.000Z',
      ]);
    });

    it('takes the first 01:30 on 2026-10-25, which happens twice', () => {
      expect(
        startsOf({
          startDate: '2026-10-18',
          weekday: 7,
          localTime: '01:30',
          timeZone: 'Europe/London',
          count: 3,
        }),
      ).toEqual([
        '2026-10-18T00:30:00.000Z',
        '2026-10-25T00:30:00.000Z',
        '2026-11-01T01:30:00.000Z',
      ]);
    });

    it('keeps the real duration of a session that spans the change', () => {
      const [session] = weeklySeries({
        startDate: '2026-03-29',
        weekday: 7,
        localTime: '00:30',
        timeZone: 'Europe/London',
        count: 1,
        durationMinutes: 90,
      });
      expect(session?.startsAt.toISOString()).toBe('2026-03-29T00:30:00.000Z');
      // 90 real minutes, although the wall clock reads 00:30 → 03:00.
      expect(session?.endsAt.toISOString()).toBe('2026-03-29T02:00:00.000Z');
    });
  });

  describe('America/New_York', () => {
    it('keeps 17:00 across 2026-03-08 and 2026-11-01', () => {
      const base = { weekday: 3, localTime: '17:00', timeZone: 'America/New_York', count: 2 };
      expect(startsOf({ ...base, startDate: '2026-03-04' })).toEqual([
        '2026-03-04T22:00:00.000Z',
        '2026-03-11T21:00:00.000Z',
      ]);
      expect(startsOf({ ...base, startDate: '2026-10-28' })).toEqual([
        '2026-10-28T21:00:00.000Z',
        '2026-11-04T22:00:00.000Z',
      ]);
    });

    it('moves 02:30 on 2026-03-08, which does not exist, to 03:30 EDT', () => {
      expect(
        startsOf({
          startDate: '2026-03-01',
          weekday: 7,
          localTime: '02:30',
          timeZone: 'America/New_York',
          count: 3,
        }),
      ).toEqual([
        '2026-03-01T07:30:00.000Z',
        '2026-03-08T07:30:00.000Z',
        '2026-03-15T06:30:00.000Z',
      ]);
    });

    it('takes the first 01:30 (EDT) on 2026-11-01, which happens twice', () => {
      expect(
        startsOf({
          startDate: '2026-10-25',
          weekday: 7,
          localTime: '01:30',
          timeZone: 'America/New_York',
          count: 3,
        }),
      ).toEqual([
        '2026-10-25T05:30:00.000Z',
        '2026-11-01T05:30:00.000Z',
        '2026-11-08T06:30:00.000Z',
      ]);
    });
  });

  describe('Australia/Sydney (southern hemisphere)', () => {
    it('keeps 10:00 when daylight saving ends on 2026-04-05 and starts on 2026-10-04', () => {
      const base = { weekday: 7, localTime: '10:00', timeZone: 'Australia/Sydney', count: 2 };
      expect(startsOf({ ...base, startDate: '2026-03-29' })).toEqual([
        '2026-03-28T23:00:00.000Z',
        '2026-04-05T00:00:00.000Z',
      ]);
      expect(startsOf({ ...base, startDate: '2026-09-27' })).toEqual([
        '2026-09-27T00:00:00.000Z',
        '2026-10-03T23:00:00.000Z',
      ]);
    });
  });

  describe('Asia/Tokyo (no daylight saving)', () => {
    it('stays at 01:00 UTC while other zones change', () => {
      expect(
        startsOf({
          startDate: '2026-03-24',
          weekday: 2,
          localTime: '10:00',
          timeZone: 'Asia/Tokyo',
          count: 4,
        }),
      ).toEqual([
        '2026-03-24T01:00:00.000Z',
        '2026-03-31T01:00:00.000Z',
        '2026-04-07T01:00:00.000Z',
        '2026-04-14T01:00:00.000Z',
      ]);
    });
  });

  describe('America/Santiago (clocks skip midnight)', () => {
    it('moves 00:00 on 2026-09-06, which does not exist, to 01:00', () => {
      const [, skipped] = weeklySeries({
        startDate: '2026-08-30',
        weekday: 7,
        localTime: '00:00',
        timeZone: 'America/Santiago',
        count: 2,
        durationMinutes: 50,
      });
      expect(skipped?.startsAt.toISOString()).toBe('2026-09-06T04:00:00.000Z');
      expect(skipped?.localDate).toBe('2026-09-06');
      expect(wallClock(skipped!.startsAt, 'America/Santiago')).toEqual({
        date: '2026-09-06',
        time: '01:00',
        weekday: 7,
      });
    });
  });

  describe('over two years of weekly sessions', () => {
    const zones = [
      'Europe/London',
      'America/New_York',
      'Australia/Sydney',
      'Asia/Tokyo',
      'Asia/Kolkata',
      'Pacific/Auckland',
    ];
    const times = ['00:00', '07:45', '12:00', '18:30', '23:59'];

    it.each(zones)('every session in %s is at the requested wall time and weekday', (timeZone) => {
      for (const localTime of times) {
        const series = weeklySeries({
          startDate: '2026-01-01',
          // Sundays: the day clocks change in all these zones.
          weekday: 7,
          localTime,
          timeZone,
          count: 104,
          durationMinutes: 50,
        });
        expect(series).toHaveLength(104);
        let previous: Date | undefined;
        for (const session of series) {
          expect(wallClock(session.startsAt, timeZone)).toEqual({
            date: session.localDate,
            time: localTime,
            weekday: 7,
          });
          expect(session.endsAt.getTime() - session.startsAt.getTime()).toBe(50 * 60_000);
          if (previous) {
            // A week apart give or take a DST hour; never a day off.
            const gapHours = (session.startsAt.getTime() - previous.getTime()) / 3_600_000;
            expect([167, 168, 169]).toContain(gapHours);
          }
          previous = session.startsAt;
        }
      }
    });
  });

  describe('bad input', () => {
    const good: WeeklySeriesInput = {
      startDate: '2026-03-16',
      weekday: 1,
      localTime: '18:00',
      timeZone: 'Europe/London',
      count: 12,
      durationMinutes: 50,
    };

    it('names every bad field', () => {
      let caught: unknown;
      try {
        weeklySeries({
          startDate: '16/03/2026',
          weekday: 0,
          localTime: '25:00',
          timeZone: 'Mars/Olympus',
          count: 0,
          durationMinutes: -5,
        });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DomainError);
      expect((caught as DomainError).code).toBe('validation_failed');
      expect(
        ((caught as DomainError).details?.['issues'] as { path: string }[]).map((i) => i.path),
      ).toEqual(['startDate', 'weekday', 'localTime', 'timeZone', 'count', 'durationMinutes']);
    });

    it.each([
      ['timeZone', { timeZone: 'Mars/Olympus' }],
      ['localTime', { localTime: '25:00' }],
      ['weekday', { weekday: 0 }],
      ['weekday', { weekday: 8 }],
      ['count', { count: 2.5 }],
    ])('refuses a bad %s', (path, change) => {
      expect(() => weeklySeries({ ...good, ...change })).toThrow(new RegExp(`: ${path} `));
    });
  });
});
