import type { CheckIn } from '@hearth/contracts';
import { gad7Bands, phq9Bands } from '@hearth/domain';
import { gad7SeverityLabels, phq9SeverityLabels } from '../instruments';
import { describeTrend, layoutTrend, type TrendLayout, type TrendSeries } from '../trend-chart';
import '../clinical.css';

// Drawn at 640 wide: readable at that width, scaled down with the page below it (the table
// beside every chart holds the same figures for any width and for screen readers).
const box = { width: 640, height: 96, left: 40, right: 128, top: 24, bottom: 8 };
const axisRoom = 44;

/** Series of one client's check-ins: PHQ-9, GAD-7 and mood, by session number. */
export function trendSeries(checkIns: readonly CheckIn[]): TrendSeries[] {
  return [
    {
      name: 'PHQ-9',
      max: 27,
      ticks: [0, 5, 10, 15, 20, 27],
      bands: phq9Bands.map((b) => ({ ...b, label: phq9SeverityLabels[b.severity] })),
      points: checkIns.map((c) => ({ session: c.sessionNumber, value: c.phq9Total })),
    },
    {
      name: 'GAD-7',
      max: 21,
      ticks: [0, 5, 10, 15, 21],
      bands: gad7Bands.map((b) => ({ ...b, label: gad7SeverityLabels[b.severity] })),
      points: checkIns.map((c) => ({ session: c.sessionNumber, value: c.gad7Total })),
    },
    {
      name: 'Mood',
      max: 10,
      ticks: [0, 5, 10],
      points: checkIns.map((c) => ({ session: c.sessionNumber, value: c.mood })),
    },
  ];
}

const seriesStyle = [
  { className: 'trend__series--phq9', legend: 'PHQ-9 (0–27, higher is more depressed)' },
  { className: 'trend__series--gad7', legend: 'GAD-7 (0–21, higher is more anxious)' },
  { className: 'trend__series--mood', legend: 'Mood (0–10, higher is better)' },
];

/** Each series' marker has its own shape as well as colour. */
function Marker({ index, x, y }: { index: number; x: number; y: number }) {
  if (index === 1) return <rect x={x - 3.5} y={y - 3.5} width={7} height={7} />;
  if (index === 2)
    return <path d={`M${x} ${y - 4.5} L${x + 4.5} ${y} L${x} ${y + 4.5} L${x - 4.5} ${y} Z`} />;
  return <circle cx={x} cy={y} r={4} />;
}

function Panels({ layout }: { layout: TrendLayout }) {
  const { plot } = layout;
  return (
    <>
      {layout.panels.map((panel, index) => {
        const top = panel.offsetY + box.top;
        return (
          <g key={panel.name} className={`trend__panel ${seriesStyle[index]!.className}`}>
            <text className="trend__title" x={plot.left} y={top - 8}>
              {panel.name}
            </text>
            {panel.bands.map((band, i) => (
              <g key={band.label}>
                <rect
                  className={`trend__band trend__band--${i}`}
                  x={plot.left}
                  y={band.y}
                  width={plot.right - plot.left}
                  height={band.height}
                />
                <text className="trend__band-label" x={plot.right + 6} y={band.labelY + 4}>
                  {band.label}
                </text>
              </g>
            ))}
            {panel.ticks.map((tick) => (
              <g key={tick.value}>
                <line
                  className="trend__grid"
                  x1={plot.left}
                  x2={plot.right}
                  y1={tick.y}
                  y2={tick.y}
                />
                <text className="trend__tick" x={plot.left - 6} y={tick.y + 4} textAnchor="end">
                  {tick.value}
                </text>
              </g>
            ))}
            <line
              className="trend__axis"
              x1={plot.left}
              x2={plot.left}
              y1={top}
              y2={top + plot.height}
            />
            {panel.path ? <path className="trend__line" d={panel.path} /> : null}
            {panel.dots.map((d) => (
              <g key={d.label} className="trend__dot">
                <Marker index={index} x={d.x} y={d.y} />
                <title>{d.label}</title>
              </g>
            ))}
          </g>
        );
      })}
    </>
  );
}

/**
 * A client's check-ins across the course: one panel per measure, stacked on one axis of the
 * sessions that have a check-in, each with its scale and its severity bands behind the line.
 * Colour, marker shape and panel tell the measures apart; the chart reads as a sentence to
 * screen readers.
 */
export function TrendChart({ checkIns, label }: { checkIns: readonly CheckIn[]; label: string }) {
  const series = trendSeries(checkIns);
  const layout = layoutTrend(series, box);
  const height = layout.height + axisRoom;
  const axisY = layout.height + 4;
  return (
    <figure className="trend-figure">
      <svg
        className="trend"
        viewBox={`0 0 ${layout.width} ${height}`}
        width={layout.width}
        height={height}
        role="img"
        aria-label={`${label}: ${describeTrend(series)}`}
      >
        <Panels layout={layout} />
        <line
          className="trend__axis"
          x1={layout.plot.left}
          x2={layout.plot.right}
          y1={layout.height - box.bottom}
          y2={layout.height - box.bottom}
        />
        <text
          className="trend__axis-title"
          x={(layout.plot.left + layout.plot.right) / 2}
          y={axisY + 32}
          textAnchor="middle"
        >
          Session
        </text>
        {layout.columns.map((column) => (
          <text
            key={column.session}
            className="trend__tick"
            x={column.x}
            y={axisY + 12}
            textAnchor="middle"
          >
            {column.session}
          </text>
        ))}
      </svg>
      <figcaption>
        <ul className="trend-legend">
          {seriesStyle.map((style, index) => (
            <li key={style.className} className={style.className}>
              <svg className="trend-legend__swatch" viewBox="0 0 28 12" aria-hidden="true">
                <line className="trend__line" x1={0} x2={28} y1={6} y2={6} />
                <g className="trend__dot">
                  <Marker index={index} x={14} y={6} />
                </g>
              </svg>
              {style.legend}
            </li>
          ))}
          <li>Shaded: the questionnaire’s severity bands</li>
        </ul>
      </figcaption>
    </figure>
  );
}
