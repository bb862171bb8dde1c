import type { LiveSessionInfo } from '@hearth/contracts';
import { describe, expect, it } from 'vitest';
import { sessionTimeLeft, sessionTimes, sessionTitle } from './session-header';

const info: LiveSessionInfo = {
  courseTitle: 'Okafor family',
  format: 'family',
  number: 3,
  count: 12,
  phase: 'initial',
  startsAt: '2026-01-12T10:00:00.000Z',
  endsAt: '2026-01-12T10:50:00.000Z',
};
const at = (iso: string) => Date.parse(iso);

describe('the call header', () => {
  it('names the course, the session of the course and its IPT phase', () => {
    expect(sessionTitle(info)).toBe('Okafor family · Session 3 of 12 · Initial phase');
    expect(sessionTitle({ ...info, number: 11, phase: 'termination' })).toBe(
      'Okafor family · Session 11 of 12 · Termination phase',
    );
  });

  it('gives the planned times on the viewer’s clock', () => {
    expect(sessionTimes(info, 'Europe/London')).toBe('Family session, 10:00–10:50 GMT');
    expect(sessionTimes(info, 'America/New_York')).toBe('Family session, 05:00–05:50 GMT-5');
    // Summer time: the zone's abbreviation follows the date.
    expect(
      sessionTimes(
        { ...info, startsAt: '2026-07-13T09:00:00.000Z', endsAt: '2026-07-13T09:50:00.000Z' },
        'Europe/London',
      ),
    ).toBe('Family session, 10:00–10:50 BST');
  });

  it('crosses midnight on the viewer’s clock with "+1 day"', () => {
    const late = {
      ...info,
      startsAt: '2026-01-12T23:48:00.000Z',
      endsAt: '2026-01-13T00:48:00.000Z',
    };
    expect(sessionTimes(late, 'Europe/London')).toBe('Family session, 23:48–00:48 (+1 day) GMT');
    // The same session is within one day in New York.
    expect(sessionTimes(late, 'America/New_York')).toBe('Family session, 18:48–19:48 GMT-5');
  });

  it('counts down to the start, then how long it has run and the minutes left, then the overrun', () => {
    expect(sessionTimeLeft(info, at('2026-01-12T09:52:30.000Z'))).toBe('Starts in 8 min');
    expect(sessionTimeLeft(info, at('2026-01-12T09:59:59.000Z'))).toBe('Starts in 1 min');
    expect(sessionTimeLeft(info, at('2026-01-12T10:00:00.000Z'))).toBe('Running · 50 min left');
    expect(sessionTimeLeft(info, at('2026-01-12T10:00:59.000Z'))).toBe('Running · 49 min left');
    expect(sessionTimeLeft(info, at('2026-01-12T10:15:30.000Z'))).toBe(
      'Started 15 min ago · 34 min left',
    );
    expect(sessionTimeLeft(info, at('2026-01-12T10:49:30.000Z'))).toBe(
      'Started 49 min ago · less than a minute left',
    );
    expect(sessionTimeLeft(info, at('2026-01-12T10:50:00.000Z'))).toBe('Planned end reached');
    expect(sessionTimeLeft(info, at('2026-01-12T10:54:10.000Z'))).toBe('Over time by 4 min');
  });

  it('reads hours for long waits and long sessions', () => {
    expect(sessionTimeLeft(info, at('2026-01-12T08:55:00.000Z'))).toBe('Starts in 1 h 5 min');
    const long = { ...info, endsAt: '2026-01-12T12:00:00.000Z' };
    expect(sessionTimeLeft(long, at('2026-01-12T10:00:00.000Z'))).toBe('Running · 2 h left');
    expect(sessionTimeLeft(long, at('2026-01-12T11:05:00.000Z'))).toBe(
      'Started 1 h 5 min ago · 55 min left',
    );
  });
});
