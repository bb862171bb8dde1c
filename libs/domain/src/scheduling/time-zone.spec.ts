import { DomainError } from '../errors/domain-error';
import { canonicalTimeZone, instantFromLocal, toLocalParts, utcOffsetMinutes } from './time-zone';

const iso = (date: Date) => date.toISOString();

describe('canonicalTimeZone', () => {
  it('accepts IANA zones and returns their canonical spelling', () => {
    expect(canonicalTimeZone('Europe/London')).toBe('Europe/London');
    expect(canonicalTimeZone('europe/london')).toBe('Europe/London');
    expect(canonicalTimeZone('Australia/Sydney')).toBe('Australia/Sydney');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
  });

  it.each(['Mars/Olympus', '', '   ', '+01:00', '-05:00', 'London'])('refuses %j', (name) => {
    expect(canonicalTimeZone(name)).toBeUndefined();
  });
});

describe('instantFromLocal', () => {
  it('reads an ordinary wall time with the offset in force that day', () => {
    expect(iso(instantFromLocal('2026-01-15', '18:00', 'Europe/London'))).toBe(
      '2026-01-15T18:00:00.000Z',
    );
    expect(iso(instantFromLocal('2026-07-15', '18:00', 'Europe/London'))).toBe(
      '2026-07-15T17:00:00.000Z',
    );
    expect(iso(instantFromLocal('2026-07-15', '18:00', 'Australia/Sydney'))).toBe(
      '2026-07-15T08:00:00.000Z',
    );
    expect(iso(instantFromLocal('2026-01-15', '18:00', 'Australia/Sydney'))).toBe(
      '2026-01-15T07:00:00.000Z',
    );
    expect(iso(instantFromLocal('2026-07-15', '10:00', 'Asia/Tokyo'))).toBe(
      '2026-07-15T01:00:00.000Z',
    );
  });

  it('moves a time skipped by spring-forward later by the length of the gap', () => {
    // London skips 01:00–01:59 on 2026-03-29: 01:30 becomes 02:30 BST.
    expect(iso(instantFromLocal('2026-03-29', '01:30', 'Europe/London'))).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    // New York skips 02:00–02:59 on 2026-03-08: 02:30 becomes 03:30 EDT.
    expect(iso(instantFromLocal('2026-03-08', '02:30', 'America/New_York'))).toBe(
      '2026-03-08T07:30:00.000Z',
    );
    // Sydney skips 02:00–02:59 on 2026-10-04: 02:30 becomes 03:30 AEDT.
    expect(iso(instantFromLocal('2026-10-04', '02:30', 'Australia/Sydney'))).toBe(
      '2026-10-03T16:30:00.000Z',
    );
  });

  it('takes the earlier instant for a time that happens twice at fall-back', () => {
    // London shows 01:00–01:59 twice on 2026-10-25: first in BST (UTC+1).
    expect(iso(instantFromLocal('2026-10-25', '01:30', 'Europe/London'))).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    // New York shows 01:00–01:59 twice on 2026-11-01: first in EDT (UTC-4).
    expect(iso(instantFromLocal('2026-11-01', '01:30', 'America/New_York'))).toBe(
      '2026-11-01T05:30:00.000Z',
    );
    // Sydney shows 02:00–02:59 twice on 2026-04-05: first in AEDT (UTC+11).
    expect(iso(instantFromLocal('2026-04-05', '02:30', 'Australia/Sydney'))).toBe(
      '2026-04-04T15:30:00.000Z',
    );
  });

  it('keeps the wall time right just outside each change', () => {
    expect(iso(instantFromLocal('2026-03-29', '00:59', 'Europe/London'))).toBe(
      '2026-03-29T00:59:00.000Z',
    );
    expect(iso(instantFromLocal('2026-03-29', '02:00', 'Europe/London'))).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    expect(iso(instantFromLocal('2026-10-25', '02:00', 'Europe/London'))).toBe(
      '2026-10-25T02:00:00.000Z',
    );
  });

  it('names each bad argument', () => {
    let caught: unknown;
    try {
      instantFromLocal('2026-02-30', '25:00', 'Mars/Olympus');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe('validation_failed');
    expect((caught as DomainError).details?.['issues']).toEqual([
      { path: 'localDate', message: expect.any(String) },
      { path: 'localTime', message: expect.any(String) },
      { path: 'timeZone', message: expect.any(String) },
    ]);
  });
});

describe('toLocalParts and utcOffsetMinutes', () => {
  it('reads the calendar and clock in the zone, including the weekday', () => {
    expect(toLocalParts(new Date('2026-03-28T23:30:00Z'), 'Australia/Sydney')).toEqual({
      year: 2026,
      month: 3,
      day: 29,
      hour: 10,
      minute: 30,
      second: 0,
      weekday: 7,
      localDate: '2026-03-29',
      localTime: '10:30',
    });
    expect(toLocalParts(new Date('2026-03-29T00:00:00Z'), 'Europe/London').localTime).toBe('00:00');
  });

  it('gives the offset in force at the instant', () => {
    expect(utcOffsetMinutes(new Date('2026-03-29T00:59:59Z'), 'Europe/London')).toBe(0);
    expect(utcOffsetMinutes(new Date('2026-03-29T01:00:00Z'), 'Europe/London')).toBe(60);
    expect(utcOffsetMinutes(new Date('2026-01-15T12:00:00Z'), 'America/New_York')).toBe(-300);
    expect(utcOffsetMinutes(new Date('2026-01-15T12:00:00Z'), 'Asia/Kolkata')).toBe(330);
  });

  it('refuses an invalid date or zone', () => {
    expect(() => toLocalParts(new Date('nonsense'), 'Europe/London')).toThrow(DomainError);
    expect(() => toLocalParts(new Date(), 'Mars/Olympus')).toThrow(/timeZone/);
  });
});
