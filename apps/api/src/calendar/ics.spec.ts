import { renderCalendar } from './ics';

const now = new Date('2026-11-26T10:00:00Z');

describe('renderCalendar', () => {
  it('writes events in UTC with CRLF line ends', () => {
    const ics = renderCalendar({
      name: 'Hearth sessions',
      timeZone: 'Europe/London',
      now,
      events: [
        {
          uid: 's1@hearth',
          startsAt: new Date('2026-03-30T17:00:00Z'),
          endsAt: new Date('2026-03-30T17:50:00Z'),
          summary: 'Session 3 of 12',
          cancelled: false,
          sequence: 0,
        },
      ],
    });
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics).toContain('\r\nDTSTART:20260330T170000Z\r\nDTEND:20260330T175000Z\r\n');
    expect(ics).toContain('\r\nSTATUS:CONFIRMED\r\n');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.split('\r\n').filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
  });

  it('marks cancelled sessions and carries the change sequence', () => {
    const ics = renderCalendar({
      name: 'x',
      timeZone: 'UTC',
      now,
      events: [
        { uid: 'a', startsAt: now, endsAt: now, summary: 's', cancelled: true, sequence: 2 },
      ],
    });
    expect(ics).toContain('\r\nSTATUS:CANCELLED\r\n');
    expect(ics).toContain('\r\nSEQUENCE:2\r\n');
  });

  it('escapes text and folds long lines without splitting a character', () => {
    const summary = 'Group; weekly, "Thursday"\\evening — ' + 'ü'.repeat(60);
    const ics = renderCalendar({
      name: 'x',
      timeZone: 'UTC',
      now,
      events: [{ uid: 'a', startsAt: now, endsAt: now, summary, cancelled: false, sequence: 0 }],
    });
    const lines = ics.split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain(
      `SUMMARY:Group\\; weekly\\, "Thursday"\\\\evening — ${'ü'.repeat(60)}`,
    );
  });
});
