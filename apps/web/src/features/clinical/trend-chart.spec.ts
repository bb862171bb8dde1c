import { describe, expect, it } from 'vitest';
import { describeTrend, plotTrend } from './trend-chart';

const box = { width: 120, height: 60, pad: 10, sessions: 11 };

describe('the check-in trend chart', () => {
  it('puts session 1 on the left edge and the last session on the right', () => {
    const [phq9] = plotTrend(
      [
        {
          name: 'PHQ-9',
          max: 27,
          points: [
            { session: 11, value: 27 },
            { session: 1, value: 0 },
          ],
        },
      ],
      box,
    );
    expect(phq9!.dots.map((d) => [d.x, d.y])).toEqual([
      [10, 50],
      [110, 10],
    ]);
    expect(phq9!.path).toBe('M10 50 L110 10');
    expect(phq9!.dots[1]!.label).toBe('PHQ-9 27 at session 11');
  });

  it('scales each measure to its own maximum', () => {
    const plotted = plotTrend(
      [
        { name: 'GAD-7', max: 21, points: [{ session: 6, value: 21 }] },
        { name: 'Mood', max: 10, points: [{ session: 6, value: 5 }] },
      ],
      box,
    );
    expect(plotted.map((p) => p.dots[0])).toEqual([
      expect.objectContaining({ x: 60, y: 10 }),
      expect.objectContaining({ x: 60, y: 30 }),
    ]);
  });

  it('clamps values outside the scale and draws nothing without points', () => {
    const [odd, empty] = plotTrend(
      [
        { name: 'Mood', max: 10, points: [{ session: 30, value: 14 }] },
        { name: 'PHQ-9', max: 27, points: [] },
      ],
      box,
    );
    expect(odd!.dots[0]).toMatchObject({ x: 110, y: 10 });
    expect(empty!.path).toBe('');
  });

  it('describes the trend in words', () => {
    expect(
      describeTrend([
        {
          name: 'PHQ-9',
          max: 27,
          points: [
            { session: 5, value: 9 },
            { session: 1, value: 16 },
          ],
        },
        { name: 'Mood', max: 10, points: [{ session: 1, value: 3 }] },
        { name: 'GAD-7', max: 21, points: [] },
      ]),
    ).toBe('PHQ-9 from 16 at session 1 to 9 at session 5; Mood 3 at session 1.');
    expect(describeTrend([])).toBe('No check-ins yet.');
  });
});
