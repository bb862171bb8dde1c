/** One value of one measure at one session. */
export interface TrendPoint {
  readonly session: number;
  readonly value: number;
}

/** A shaded range of a measure's scale (a severity band), lowest first. */
export interface TrendBand {
  readonly label: string;
  readonly from: number;
  readonly to: number;
}

export interface TrendSeries {
  readonly name: string;
  /** The highest value the measure can take (27 for the PHQ-9, 21 for the GAD-7, 10 for mood). */
  readonly max: number;
  readonly points: readonly TrendPoint[];
  /** Severity bands drawn behind the line; none for mood. */
  readonly bands?: readonly TrendBand[];
  /** Values marked on the y axis. */
  readonly ticks: readonly number[];
}

export interface PanelBox {
  readonly width: number;
  /** Height of one measure's plot area. */
  readonly height: number;
  /** Room on the left for the y axis' numbers, on the right for the bands' names. */
  readonly left: number;
  readonly right: number;
  /** Room above each plot (its title) and below it (the sessions' numbers). */
  readonly top: number;
  readonly bottom: number;
}

export interface PlottedPanel {
  readonly name: string;
  /** Where this measure's panel starts in the figure. */
  readonly offsetY: number;
  /** SVG path data through the points, oldest first; empty with no points. */
  readonly path: string;
  readonly dots: readonly { readonly x: number; readonly y: number; readonly label: string }[];
  readonly ticks: readonly { readonly y: number; readonly value: number }[];
  readonly bands: readonly {
    readonly y: number;
    readonly height: number;
    readonly label: string;
    /** Where the band's name goes (its middle). */
    readonly labelY: number;
  }[];
}

export interface TrendLayout {
  readonly width: number;
  readonly height: number;
  /** The x axis: one column per session that has a check-in, in order. */
  readonly columns: readonly { readonly x: number; readonly session: number }[];
  readonly plot: { readonly left: number; readonly right: number; readonly height: number };
  readonly panels: readonly PlottedPanel[];
}

const round = (n: number) => Math.round(n * 10) / 10;
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/**
 * Lays the measures out as panels stacked one above the other, sharing one x axis. The x axis
 * holds only the sessions that have a check-in, evenly spaced, so a course's first check-ins do
 * not crowd one edge and sessions with nothing to show take no room; a single session sits in
 * the middle. Each panel has its own scale (0 at the bottom, the measure's maximum at the top)
 * with its severity bands behind the line. Values outside the scale are clamped to its edge.
 */
export function layoutTrend(series: readonly TrendSeries[], box: PanelBox): TrendLayout {
  const sessions = [...new Set(series.flatMap((s) => s.points.map((p) => p.session)))].sort(
    (a, b) => a - b,
  );
  const plotLeft = box.left;
  const plotRight = box.width - box.right;
  const innerW = plotRight - plotLeft;
  // Half a step of margin on either side, so dots never sit on the axes.
  const step = sessions.length > 0 ? innerW / sessions.length : innerW;
  const columns = sessions.map((session, i) => ({
    session,
    x: round(plotLeft + step * (i + 0.5)),
  }));
  const xOf = new Map(columns.map((c) => [c.session, c.x]));
  const panelHeight = box.top + box.height + box.bottom;
  const panels = series.map((s, index): PlottedPanel => {
    const offsetY = index * panelHeight;
    const yOf = (value: number) =>
      round(offsetY + box.top + box.height - (clamp(value, 0, s.max) / s.max) * box.height);
    const sorted = [...s.points].sort((a, b) => a.session - b.session);
    const dots = sorted.map((p) => ({
      x: xOf.get(p.session)!,
      y: yOf(p.value),
      label: `${s.name} ${p.value} at session ${p.session}`,
    }));
    return {
      name: s.name,
      offsetY,
      path: dots.map((d, i) => `${i === 0 ? 'M' : 'L'}${d.x} ${d.y}`).join(' '),
      dots,
      ticks: s.ticks.map((value) => ({ value, y: yOf(value) })),
      // A band covers its whole totals: from just below its lowest to just above its highest.
      bands: (s.bands ?? []).map((band) => {
        const top = yOf(Math.min(s.max, band.to + 0.5));
        const bottom = yOf(Math.max(0, band.from - 0.5));
        return {
          label: band.label,
          y: top,
          height: round(bottom - top),
          labelY: round((top + bottom) / 2),
        };
      }),
    };
  });
  return {
    width: box.width,
    height: panelHeight * series.length,
    columns,
    plot: { left: plotLeft, right: plotRight, height: box.height },
    panels,
  };
}

/** A sentence for screen readers: first and latest value of each measure. */
export function describeTrend(series: readonly Pick<TrendSeries, 'name' | 'points'>[]): string {
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
