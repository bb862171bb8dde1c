import {
  addDays,
  firstWeekdayOnOrAfter,
  formatLocalDate,
  formatWallTime,
  isIsoWeekday,
  isoWeekdayOf,
  parseLocalDate,
  parseWallTime,
} from './civil-time';

describe('parseLocalDate', () => {
  it('reads a real calendar date', () => {
    expect(parseLocalDate('2026-03-29')).toEqual({ year: 2026, month: 3, day: 29 });
    expect(parseLocalDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
  });

  it.each([
    '2026-02-30',
    '2027-02-29',
    '2026-13-01',
    '2026-00-10',
    '2026-3-9',
    '29/03/2026',
    '',
    '0099-01-01',
  ])('rejects %j', (text) => {
    expect(parseLocalDate(text)).toBeUndefined();
  });
});

describe('parseWallTime', () => {
  it('reads 24-hour times from 00:00 to 23:59', () => {
    expect(parseWallTime('00:00')).toEqual({ hour: 0, minute: 0 });
    expect(parseWallTime('18:30')).toEqual({ hour: 18, minute: 30 });
    expect(parseWallTime('23:59')).toEqual({ hour: 23, minute: 59 });
  });

  it.each(['25:00', '24:00', '12:60', '9:30', '09:30:00', '6pm', ''])('rejects %j', (text) => {
    expect(parseWallTime(text)).toBeUndefined();
  });
});

describe('calendar arithmetic', () => {
  it('formats dates and times with leading zeros', () => {
    expect(formatLocalDate({ year: 2026, month: 3, day: 9 })).toBe('2026-03-09');
    expect(formatWallTime({ hour: 7, minute: 5 })).toBe('07:05');
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(formatLocalDate(addDays({ year: 2026, month: 3, day: 25 }, 7))).toBe('2026-04-01');
    expect(formatLocalDate(addDays({ year: 2026, month: 12, day: 28 }, 7))).toBe('2027-01-04');
    expect(formatLocalDate(addDays({ year: 2028, month: 2, day: 26 }, 7))).toBe('2028-03-04');
    expect(formatLocalDate(addDays({ year: 2026, month: 1, day: 1 }, -1))).toBe('2025-12-31');
  });

  it('numbers weekdays the ISO way, Monday = 1 and Sunday = 7', () => {
    expect(isoWeekdayOf({ year: 2026, month: 3, day: 16 })).toBe(1); // a Monday
    expect(isoWeekdayOf({ year: 2026, month: 3, day: 29 })).toBe(7); // a Sunday
    expect(isIsoWeekday(0)).toBe(false);
    expect(isIsoWeekday(8)).toBe(false);
    expect(isIsoWeekday(1.5)).toBe(false);
    expect(isIsoWeekday(7)).toBe(true);
  });

  it('finds the first given weekday on or after a date', () => {
    const monday = { year: 2026, month: 3, day: 16 };
    expect(formatLocalDate(firstWeekdayOnOrAfter(monday, 1))).toBe('2026-03-16');
    expect(formatLocalDate(firstWeekdayOnOrAfter(monday, 4))).toBe('2026-03-19');
    expect(formatLocalDate(firstWeekdayOnOrAfter({ year: 2026, month: 3, day: 17 }, 1))).toBe(
      '2026-03-23',
    );
  });
});
