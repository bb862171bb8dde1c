import { describe, expect, it } from 'vitest';
import { describeTrend, layoutTrend, type TrendSeries } from './trend-chart';

// 100 wide inside the axes' room, 60 high, nothing above or below: easy numbers.
const box = { width: 140, height: 60, left: 30, right: 10, top: 0, bottom: 0 };

const phq9 = (points: TrendSeries['points']): TrendSeries => ({
  name: 'PHQ-9',
  max: 27,
  points,
  ticks: [0, 27],
  bands: [
    { label: 'Minimal', from: 0, to: 4 },
    { label: 'Severe', from: 20, to: 27 },
  ],
});

describe('the check-in trend chart', () => {
  it('puts only the sessions with a check-in on the x axis, evenly spaced, oldest first', () => {
    const layout = layoutTrend(
      [
        phq9([
          { session: 11, value: 27 },
          { session: 1, value: 0 },
        ]),
      ],
      box,
    );
    // Two columns in 100: half a step in from either side.
    expect(layout.columns).toEqual([
      { session: 1, x: 55 },
      { session: 11, x: 105 },
    ]);
    const [panel] = layout.panels;
    expect(panel!.dots.map((d) => [d.x, d.y])).toEqual([
      [55, 60],
      [105, 0],
    ]);
    expect(panel!.path).toBe('M55 60 L105 0');
    expect(panel!.dots[1]!.label).toBe('PHQ-9 27 at session 11');
  });

  it('does not crowd the first check-ins of a long course against one edge', () => {
    const layout = layoutTrend([phq9([{ session: 4, value: 10 }])], box);
    expect(layout.columns).toEqual([{ session: 4, x: 80 }]);
  });

  it('gives each measure its own panel and scale, sharing the sessions', () => {
    const layout = layoutTrend(
      [
        { name: 'GAD-7', max: 21, ticks: [0, 21], points: [{ session: 6, value: 21 }] },
        { name: 'Mood', max: 10, ticks: [0, 10], points: [{ session: 8, value: 5 }] },
      ],
      box,
    );
    expect(layout.height).toBe(120);
    expect(layout.columns.map((c) => c.session)).toEqual([6, 8]);
    expect(layout.panels.map((p) => [p.offsetY, p.dots[0]!.x, p.dots[0]!.y])).toEqual([
      [0, 55, 0],
      [60, 105, 90],
    ]);
    expect(layout.panels[1]!.ticks).toEqual([
      { value: 0, y: 120 },
      { value: 10, y: 60 },
    ]);
  });

  it('shades each severity band over the totals it covers', () => {
    const [panel] = layoutTrend([phq9([{ session: 1, value: 3 }])], box).panels;
    const perPoint = 60 / 27;
    const [minimal, severe] = panel!.bands;
    // Minimal: 0–4 is drawn from the axis up to 4.5; Severe: 19.5 to the top.
    expect(minimal!.y).toBeCloseTo(60 - 4.5 * perPoint, 0);
    expect(minimal!.y + minimal!.height).toBeCloseTo(60, 0);
    expect(severe!.y).toBe(0);
    expect(severe!.height).toBeCloseTo(7.5 * perPoint, 0);
    expect(minimal!.label).toBe('Minimal');
  });

  it('clamps values outside the scale and draws nothing without points', () => {
    const [odd, empty] = layoutTrend(
      [{ name: 'Mood', max: 10, ticks: [], points: [{ session: 3, value: 14 }] }, phq9([])],
      box,
    ).panels;
    expect(odd!.dots[0]).toMatchObject({ y: 0 });
    expect(empty!.path).toBe('');
    expect(empty!.dots).toEqual([]);
  });

  it('describes the trend in words', () => {
    expect(
      describeTrend([
        {
          name: 'PHQ-9',
          points: [
            { session: 5, value: 9 },
            { session: 1, value: 16 },
          ],
        },
        { name: 'Mood', points: [{ session: 1, value: 3 }] },
        { name: 'GAD-7', points: [] },
      ]),
    ).toBe('PHQ-9 from 16 at session 1 to 9 at session 5; Mood 3 at session 1.');
    expect(describeTrend([])).toBe('No check-ins yet.');
  });
});
