import { DomainError } from '../errors/domain-error';
import { type BookedSession, assertNoConflicts, findConflicts, overlaps } from './conflicts';
import { weeklySeries } from './weekly-series';

const at = (time: string) => new Date(`2026-05-04T${time}:00Z`);
const span = (from: string, to: string) => ({ startsAt: at(from), endsAt: at(to) });
const booked = (id: string, from: string, to: string, cancelled = false): BookedSession => ({
  id,
  cancelled,
  ...span(from, to),
});

describe('overlaps', () => {
  it('sees intervals that share time, whichever comes first', () => {
    expect(overlaps(span('10:00', '11:00'), span('10:30', '11:30'))).toBe(true);
    expect(overlaps(span('10:30', '11:30'), span('10:00', '11:00'))).toBe(true);
    expect(overlaps(span('10:00', '12:00'), span('10:15', '10:45'))).toBe(true);
    expect(overlaps(span('10:00', '11:00'), span('10:00', '11:00'))).toBe(true);
  });

  it('lets back-to-back sessions stand: [10:00, 11:00) and [11:00, 12:00) do not overlap', () => {
    expect(overlaps(span('10:00', '11:00'), span('11:00', '12:00'))).toBe(false);
    expect(overlaps(span('11:00', '12:00'), span('10:00', '11:00'))).toBe(false);
  });

  it('sees a one-minute overlap', () => {
    expect(overlaps(span('10:00', '11:01'), span('11:00', '12:00'))).toBe(true);
  });

  it('refuses an interval that ends before it starts or has no real date', () => {
    expect(() => overlaps(span('11:00', '10:00'), span('10:00', '11:00'))).toThrow(DomainError);
    expect(() => overlaps(span('10:00', '10:00'), span('10:00', '11:00'))).toThrow(
      /must end after it starts/,
    );
    expect(() =>
      overlaps({ startsAt: new Date('x'), endsAt: at('10:00') }, span('10:00', '11:00')),
    ).toThrow(/valid start and end dates/);
  });
});

describe('findConflicts', () => {
  it('reports each proposal with the earliest session it collides with', () => {
    const proposed = [
      { number: 1, ...span('09:00', '09:50') },
      { number: 2, ...span('10:30', '12:00') },
      { number: 3, ...span('14:00', '14:50') },
    ];
    const existing = [booked('late', '11:30', '12:30'), booked('early', '10:00', '11:00')];
    const conflicts = findConflicts(proposed, existing);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]?.proposed.number).toBe(2);
    expect(conflicts[0]?.existing.id).toBe('early');
  });

  it('ignores cancelled sessions', () => {
    expect(findConflicts([span('10:00', '11:00')], [booked('c', '10:00', '11:00', true)])).toEqual(
      [],
    );
  });

  it('does not count back-to-back sessions as conflicts', () => {
    expect(
      findConflicts(
        [span('11:00', '11:50')],
        [booked('before', '10:10', '11:00'), booked('after', '11:50', '12:40')],
      ),
    ).toEqual([]);
  });

  it('does not let a session being moved conflict with itself', () => {
    const existing = [booked('s-7', '10:00', '10:50'), booked('s-9', '10:40', '11:30')];
    expect(findConflicts([{ id: 's-7', ...span('10:20', '11:10') }], existing)).toEqual([
      { proposed: { id: 's-7', ...span('10:20', '11:10') }, existing: existing[1] },
    ]);
  });

  it('finds the one week of a generated series that clashes', () => {
    const series = weeklySeries({
      startDate: '2026-03-16',
      weekday: 1,
      localTime: '18:00',
      timeZone: 'Europe/London',
      count: 12,
      durationMinutes: 50,
    });
    const existing: BookedSession[] = [
      // 17:00–17:50 UTC on 23 March is 17:00 GMT, an hour before that week's session: no clash.
      {
        id: 'before',
        cancelled: false,
        startsAt: new Date('2026-03-23T17:00:00Z'),
        endsAt: new Date('2026-03-23T17:50:00Z'),
      },
      // 30 March is after the clocks change, so 18:00 BST is 17:00 UTC and this one clashes.
      {
        id: 'clash',
        cancelled: false,
        startsAt: new Date('2026-03-30T17:30:00Z'),
        endsAt: new Date('2026-03-30T18:30:00Z'),
      },
    ];
    const conflicts = findConflicts(series, existing);
    expect(conflicts.map((conflict) => conflict.proposed.number)).toEqual([3]);
  });
});

describe('assertNoConflicts', () => {
  it('passes when nothing collides', () => {
    expect(() =>
      assertNoConflicts([span('12:00', '13:00')], [booked('a', '10:00', '11:00')]),
    ).not.toThrow();
  });

  it('throws conflict naming each proposal and the session it collides with', () => {
    let caught: unknown;
    try {
      assertNoConflicts(
        [span('10:00', '10:50'), span('13:00', '13:50')],
        [booked('a', '10:30', '11:20'), booked('b', '13:45', '14:35')],
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe('conflict');
    expect((caught as DomainError).message).toBe(
      '2 of these times overlap sessions already booked',
    );
    expect((caught as DomainError).details).toEqual({
      reason: 'double_booked',
      conflicts: [
        { startsAt: '2026-05-04T10:00:00.000Z', existingSessionId: 'a' },
        { startsAt: '2026-05-04T13:00:00.000Z', existingSessionId: 'b' },
      ],
    });
  });
});
