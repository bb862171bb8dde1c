import { type ConnectionGrade } from '../vocabulary';

export { connectionGrades, type ConnectionGrade } from '../vocabulary';

/** What is known of one participant's connection. */
export interface ConnectionSignals {
  /** mediasoup scores (0–10) of what the server receives from them: their uplink. */
  readonly uplinkScores: readonly number[];
  /** mediasoup scores (0–10) of what the server sends them: their downlink, as RTCP reports it. */
  readonly downlinkScores: readonly number[];
  /** The downlink their browser estimates (kbps), when it reported one. */
  readonly downlinkKbps: number | null;
}

/** Thresholds of the grades. */
export const connectionThresholds = {
  /** A stream scoring at least this loses next to nothing. */
  goodScore: 8,
  /** Below this, video freezes and speech breaks up. */
  fairScore: 5,
  /** Enough for the grid's video layers. */
  goodKbps: 500,
  /** Below this a downlink cannot carry video well: audio only is worth offering. */
  fairKbps: 150,
} as const;

const rank: Record<ConnectionGrade, number> = { good: 0, fair: 1, poor: 2, unknown: -1 };

/**
 * Grades a connection by its worst signal: the weakest stream it sends, the weakest stream it
 * receives, and the downlink its browser estimates. Streams are judged by their worst score
 * because one frozen video is what a person notices.
 */
export function gradeConnection(signals: ConnectionSignals): ConnectionGrade {
  const grades: ConnectionGrade[] = [];
  const scores = [...signals.uplinkScores, ...signals.downlinkScores];
  if (scores.length > 0) grades.push(gradeScore(Math.min(...scores)));
  if (signals.downlinkKbps !== null) grades.push(gradeKbps(signals.downlinkKbps));
  if (grades.length === 0) return 'unknown';
  return grades.reduce((worst, grade) => (rank[grade] > rank[worst] ? grade : worst));
}

/**
 * Whether to offer audio only: the browser's downlink estimate is below what video needs, or the
 * connection grades poor.
 */
export function suggestsAudioOnly(signals: ConnectionSignals): boolean {
  if (signals.downlinkKbps !== null && signals.downlinkKbps < connectionThresholds.fairKbps) {
    return true;
  }
  return gradeConnection(signals) === 'poor';
}

function gradeScore(score: number): ConnectionGrade {
  if (score >= connectionThresholds.goodScore) return 'good';
  if (score >= connectionThresholds.fairScore) return 'fair';
  return 'poor';
}

function gradeKbps(kbps: number): ConnectionGrade {
  if (kbps >= connectionThresholds.goodKbps) return 'good';
  if (kbps >= connectionThresholds.fairKbps) return 'fair';
  return 'poor';
}
