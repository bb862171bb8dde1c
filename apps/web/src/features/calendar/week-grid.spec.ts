import { describe, expect, it } from 'vitest';
import { courseColour, courseColours, layoutWeekGrid } from './week-grid';

const days = [
  '2026-03-23',
  '2026-03-24',
  '2026-03-25',
  '2026-03-26',
  '2026-03-27',
  '2026-03-28',
  '2026-03-29',
];
const at = (startsAt: string, minutes: number, id = startsAt) => ({
  id,
  startsAt,
  endsAt: new Date(Date.parse(startsAt) + minutes * 60_000).toISOString(),
});

describe('the week grid', () => {
  it('places a session under its local day, by its local start and length', () => {
    // 18:30 in London on Monday 23 March (GMT); 09:00 in London on Sunday 29 March is BST.
    const grid = layoutWeekGrid(
      [at('2026-03-23T18:30:00.000Z', 50), at('2026-03-29T08:00:00.000Z', 60)],
      'Europe/London',
      days,
    );
    expect(grid.firstHour).toBe(8);
    // 18:30 + 50 min ends at 19:20: the grid runs to 20:00.
    expect(grid.lastHour).toBe(20);
    expect(grid.days[0]!.items.map((p) => [p.top, p.length, p.lane, p.lanes])).toEqual([
      [(18.5 - 8) * 60, 50, 0, 1],
    ]);
    expect(grid.days[6]!.items[0]!.top).toBe(60);
    expect(grid.days.slice(1, 6).every((day) => day.items.length === 0)).toBe(true);
  });

  it('shows 08:00 to 18:00 on a quiet week, and widens for early or late sessions', () => {
    expect(layoutWeekGrid([], 'UTC', days)).toMatchObject({ firstHour: 8, lastHour: 18 });
    const grid = layoutWeekGrid([at('2026-03-24T06:45:00.000Z', 50)], 'UTC', days);
    expect(grid.firstHour).toBe(6);
    expect(grid.days[1]!.items[0]!.top).toBe(45);
  });

  it('puts overlapping sessions side by side, and only those', () => {
    const grid = layoutWeekGrid(
      [
        at('2026-03-25T10:00:00.000Z', 60, 'a'),
        at('2026-03-25T10:30:00.000Z', 60, 'b'),
        at('2026-03-25T11:00:00.000Z', 30, 'c'),
        at('2026-03-25T14:00:00.000Z', 50, 'd'),
      ],
      'UTC',
      days,
    );
    expect(grid.days[2]!.items.map((p) => [p.item.id, p.lane, p.lanes])).toEqual([
      ['a', 0, 2],
      ['b', 1, 2],
      // a has ended at 11:00: c takes its lane.
      ['c', 0, 2],
      ['d', 0, 1],
    ]);
  });

  it('stops a session that runs past midnight at the end of its day', () => {
    const grid = layoutWeekGrid([at('2026-03-26T23:30:00.000Z', 60)], 'UTC', days);
    expect(grid.lastHour).toBe(24);
    expect(grid.days[3]!.items[0]).toMatchObject({ top: (23.5 - 8) * 60, length: 30 });
  });

  it('gives a course the same colour every time, from the palette', () => {
    const id = '0b7f3c5e-8f1e-4a57-9d7e-2f1c9a4b6d10';
    expect(courseColour(id)).toBe(courseColour(id));
    expect(courseColour(id)).toBeGreaterThanOrEqual(0);
    expect(courseColour(id)).toBeLessThan(courseColours);
  });
});
