/** One value of one measure at one session. */
export interface TrendPoint {
  readonly session: number;
  readonly value: number;
}

export interface TrendSeries {
  readonly name: string;
  /** The highest value the measure can take (27 for the PHQ-9, 21 for the GAD-7, 10 for mood). */
  readonly max: number;
  readonly points: readonly TrendPoint[];
}

export interface ChartBox {
  readonly width: number;
  readonly height: number;
  /** Space kept free on every side, for the dots and the axis. */
  readonly pad: number;
  /** The number of sessions in the course: the x axis runs from 1 to it. */
  readonly sessions: number;
}

export interface PlottedSeries {
  readonly name: string;
  /** SVG path data through the points, oldest first; empty with no points. */
  readonly path: string;
  readonly dots: readonly { readonly x: number; readonly y: number; readonly label: string }[];
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Places each series in the box: sessions along x (session 1 at the left edge, the last at the
 * right), each measure scaled to its own maximum so that a PHQ-9 and a mood can share a chart
 * (higher is drawn higher). Points outside the course or the scale are clamped to the edge.
 */
export function plotTrend(series: readonly TrendSeries[], box: ChartBox): PlottedSeries[] {
  const innerW = box.width - 2 * box.pad;
  const innerH = box.height - 2 * box.pad;
  const span = Math.max(1, box.sessions - 1);
  const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));
  return series.map((s) => {
    const sorted = [...s.points].sort((a, b) => a.session - b.session);
    const dots = sorted.map((p) => ({
      x: round(box.pad + (clamp(p.session, 1, box.sessions) - 1) * (innerW / span)),
      y: round(box.pad + innerH - (clamp(p.value, 0, s.max) / s.max) * innerH),
      label: `${s.name} ${p.value} at session ${p.session}`,
    }));
    const path = dots.map((d, i) => `${i === 0 ? 'M' : 'L'}${d.x} ${d.y}`).join(' ');
    return { name: s.name, path, dots };
  });
}

/** A sentence for screen readers: first and latest value of each measure. */
export function describeTrend(series: readonly TrendSeries[]): string {
  const parts = series
    .filter((s) => s.points.length > 0)
    .map((s) => {
      const sorted = [...s.points].sort((a, b) => a.session - b.session);
      const first = sorted[0]!;
      const last = sorted[sorted.length - 1]!;
      return sorted.length === 1
        ? `${s.name} ${first.value} at session ${first.session}`
        : `${s.name} from ${first.value} at session ${first.session} to ${last.value} at session ${last.session}`;
    });
  return parts.length > 0 ? `${parts.join('; ')}.` : 'No check-ins yet.';
}
