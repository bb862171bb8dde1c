import { AUDIO_ONLY_SUGGESTED_BELOW_KBPS } from '@hearth/contracts';
import type { ConnectionGrade } from '../call-state';

// How good a connection is, from mediasoup's scores (0–10, per producer and consumer) and the
// browser's own statistics. The worst signal decides: a tile must not say "good" over a
// picture that keeps freezing.

const rank: Record<ConnectionGrade, number> = { unknown: 0, good: 1, fair: 2, poor: 3 };

/** The worse of the grades; `unknown` only when nothing is known. */
export function worstGrade(...grades: readonly ConnectionGrade[]): ConnectionGrade {
  return grades.reduce<ConnectionGrade>((a, b) => (rank[b] > rank[a] ? b : a), 'unknown');
}

/** mediasoup's score: 10 is a perfect stream; below 5 video freezes and speech breaks up. */
export function scoreGrade(score: number | undefined): ConnectionGrade {
  // The same thresholds as the server's grade (libs/domain connection-grade).
  if (score === undefined || !Number.isFinite(score)) return 'unknown';
  if (score >= 8) return 'good';
  if (score >= 5) return 'fair';
  return 'poor';
}

/** The browser's view over the last interval: packet loss (%), and round trip (ms). */
export function statsGrade(
  lossPercent: number | null,
  roundTripMs: number | null,
): ConnectionGrade {
  const loss: ConnectionGrade =
    lossPercent === null
      ? 'unknown'
      : lossPercent < 3
        ? 'good'
        : lossPercent < 10
          ? 'fair'
          : 'poor';
  const rtt: ConnectionGrade =
    roundTripMs === null
      ? 'unknown'
      : roundTripMs < 300
        ? 'good'
        : roundTripMs < 700
          ? 'fair'
          : 'poor';
  return worstGrade(loss, rtt);
}

/** Words for a tile's indicator, read by screen readers too. */
export function gradeWords(grade: ConnectionGrade, isSelf: boolean): string {
  const whose = isSelf ? 'Your connection' : 'Connection';
  switch (grade) {
    case 'good':
      return `${whose}: good`;
    case 'fair':
      return `${whose}: fair`;
    case 'poor':
      return `${whose}: poor`;
    case 'unknown':
      return `${whose}: not measured yet`;
  }
}

/** Below this, a downlink cannot carry even the smallest video layer alongside audio. */
export const VIDEO_MIN_KBPS = AUDIO_ONLY_SUGGESTED_BELOW_KBPS;

/** How many poor readings in a row (one every two seconds) before audio only is offered. */
export const POOR_READINGS_FOR_OFFER = 4;

/**
 * Whether to offer audio only: the downlink is measured below what video needs, or the
 * connection stayed poor for several readings in a row.
 */
export function shouldOfferAudioOnly(
  downlinkKbps: number | null,
  poorReadingsInARow: number,
): boolean {
  if (downlinkKbps !== null && downlinkKbps < VIDEO_MIN_KBPS) return true;
  return poorReadingsInARow >= POOR_READINGS_FOR_OFFER;
}
