import { describe, expect, it } from 'vitest';
import {
  addLocalDays,
  currentWeekMonday,
  formatLocalDate,
  formatSessionWhen,
  formatTimeRange,
  groupByLocalDay,
  isLocalDate,
  mondayOf,
  weekOf,
} from './schedule-time';

describe('calendar dates', () => {
  it('adds days across months and years', () => {
    expect(addLocalDays('2025-12-29', 7)).toBe('2026-01-05');
    expect(addLocalDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('finds the Monday of a week, Sunday belonging to the week before', () => {
    expect(mondayOf('2026-03-25')).toBe('2026-03-23');
    expect(mondayOf('2026-03-23')).toBe('2026-03-23');
    expect(mondayOf('2026-03-29')).toBe('2026-03-23');
  });

  it('tells a real date from a typo', () => {
    expect(isLocalDate('2026-02-28')).toBe(true);
    expect(isLocalDate('2026-02-30')).toBe(false);
    expect(isLocalDate('next week')).toBe(false);
  });

  it('reads the week in the viewer’s zone, not the machine’s', () => {
    // Sunday 23:30 UTC is already Monday in Berlin and still Sunday in New York.
    const instant = new Date('2026-03-22T23:30:00Z');
    expect(currentWeekMonday(instant, 'Europe/Berlin')).toBe('2026-03-23');
    expect(currentWeekMonday(instant, 'America/New_York')).toBe('2026-03-16');
  });

  it('spans Monday midnight to Monday midnight, which is 167 hours when clocks go forward', () => {
    const week = weekOf('2026-03-23', 'Europe/London');
    expect(week.days).toEqual([
      '2026-03-23',
      '2026-03-24',
      '2026-03-25',
      '2026-03-26',
      '2026-03-27',
      '2026-03-28',
      '2026-03-29',
    ]);
    expect(week.from.toISOString()).toBe('2026-03-23T00:00:00.000Z');
    expect(week.to.toISOString()).toBe('2026-03-29T23:00:00.000Z');
    expect((week.to.getTime() - week.from.getTime()) / 3_600_000).toBe(167);
  });
});

describe('groupByLocalDay', () => {
  const at = (startsAt: string, id: string) => ({ id, startsAt });

  it('groups by the day in the zone, in time order', () => {
    const groups = groupByLocalDay(
      [
        at('2026-01-06T09:00:00Z', 'b'),
        at('2026-01-05T23:30:00Z', 'a'), // Tuesday 00:30 in Paris
        at('2026-01-05T10:00:00Z', 'c'),
      ],
      'Europe/Paris',
    );
    expect(groups.map((g) => [g.date, g.items.map((i) => i.id)])).toEqual([
      ['2026-01-05', ['c']],
      ['2026-01-06', ['a', 'b']],
    ]);
  });

  it('gives every day of a week a group and drops sessions outside it', () => {
    const week = weekOf('2026-01-05', 'Europe/London');
    const groups = groupByLocalDay(
      [at('2026-01-07T10:00:00Z', 'wed'), at('2026-01-12T10:00:00Z', 'next')],
      'Europe/London',
      week.days,
    );
    expect(groups).toHaveLength(7);
    expect(groups[2]).toEqual({ date: '2026-01-07', items: [at('2026-01-07T10:00:00Z', 'wed')] });
    expect(groups.flatMap((g) => g.items).map((i) => i.id)).toEqual(['wed']);
  });
});

describe('formatting', () => {
  it('names the day, and the times with the zone in force then', () => {
    expect(formatLocalDate('2026-01-05')).toBe('Monday, 5 January 2026');
    expect(formatTimeRange('2026-07-06T09:00:00Z', '2026-07-06T09:50:00Z', 'Europe/London')).toBe(
      '10:00–10:50 BST',
    );
    expect(formatSessionWhen('2026-01-05T10:00:00Z', '2026-01-05T10:50:00Z', 'Europe/London')).toBe(
      'Monday, 5 January 2026, 10:00–10:50 GMT',
    );
  });
});

describe('a session over midnight', () => {
  it('says it ends the next day, in the viewer’s zone', () => {
    expect(formatTimeRange('2026-12-07T23:48:00Z', '2026-12-08T00:48:00Z', 'Europe/London')).toBe(
      '23:48–00:48 (+1 day) GMT',
    );
    // The same session seen from New York ends the day it starts.
    expect(
      formatTimeRange('2026-12-07T23:48:00Z', '2026-12-08T00:48:00Z', 'America/New_York'),
    ).toMatch(/^18:48–19:48 [^(]+$/);
  });
});
