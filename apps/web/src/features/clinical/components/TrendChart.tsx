import type { CheckIn } from '@hearth/contracts';
import { describeTrend, plotTrend, type TrendSeries } from '../trend-chart';
import '../clinical.css';

const box = { width: 320, height: 120, pad: 12 };

/** Series of one client's check-ins: PHQ-9, GAD-7 and mood, by session number. */
export function trendSeries(checkIns: readonly CheckIn[]): TrendSeries[] {
  return [
    {
      name: 'PHQ-9',
      max: 27,
      points: checkIns.map((c) => ({ session: c.sessionNumber, value: c.phq9Total })),
    },
    {
      name: 'GAD-7',
      max: 21,
      points: checkIns.map((c) => ({ session: c.sessionNumber, value: c.gad7Total })),
    },
    {
      name: 'Mood',
      max: 10,
      points: checkIns.map((c) => ({ session: c.sessionNumber, value: c.mood })),
    },
  ];
}

const lineClass = ['trend__line--phq9', 'trend__line--gad7', 'trend__line--mood'];

/**
 * A small inline SVG of a client's check-ins across the course. Each measure is scaled to its
 * own range; the lines differ in dash as well as colour, and the chart reads as a sentence.
 */
export function TrendChart({
  checkIns,
  sessions,
  label,
}: {
  checkIns: readonly CheckIn[];
  sessions: number;
  label: string;
}) {
  const series = trendSeries(checkIns);
  const plotted = plotTrend(series, { ...box, sessions });
  const summary = describeTrend(series);
  return (
    <figure className="trend-figure">
      <svg
        className="trend"
        viewBox={`0 0 ${box.width} ${box.height}`}
        width={box.width}
        height={box.height}
        role="img"
        aria-label={`${label}: ${summary}`}
      >
        <line
          className="trend__axis"
          x1={box.pad}
          y1={box.height - box.pad}
          x2={box.width - box.pad}
          y2={box.height - box.pad}
        />
        {plotted.map((s, i) => (
          <g key={s.name}>
            {s.path ? <path className={`trend__line ${lineClass[i]}`} d={s.path} /> : null}
            {s.dots.map((d) => (
              <circle
                key={d.label}
                className={`trend__line ${lineClass[i]}`}
                cx={d.x}
                cy={d.y}
                r={2.5}
              >
                <title>{d.label}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul className="trend-legend" aria-hidden="true">
          <li>── PHQ-9 (0–27)</li>
          <li>- - GAD-7 (0–21)</li>
          <li>··· Mood (0–10)</li>
        </ul>
      </figcaption>
    </figure>
  );
}
