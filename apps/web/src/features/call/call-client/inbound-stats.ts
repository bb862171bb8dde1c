import type { MediaSource } from '@hearth/contracts';

/** What arrived on one incoming track so far, from the receiver's inbound-rtp statistics. */
export interface InboundStat {
  readonly consumerId: string;
  readonly participantId: string;
  readonly kind: 'audio' | 'video';
  readonly source: MediaSource;
  readonly packetsReceived: number;
  readonly packetsLost: number;
  readonly bytesReceived: number;
  /** Video only. */
  readonly framesDecoded: number | null;
  readonly frameWidth: number | null;
  readonly frameHeight: number | null;
}

export type InboundTrackInfo = Pick<
  InboundStat,
  'consumerId' | 'participantId' | 'kind' | 'source'
>;

const numberOr = (value: unknown, fallback: number | null) =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

/** Sums the inbound-rtp entries of one receiver's report (simulcast may give several). */
export function inboundStat(
  info: InboundTrackInfo,
  report: Iterable<Record<string, unknown>>,
): InboundStat {
  let packetsReceived = 0;
  let packetsLost = 0;
  let bytesReceived = 0;
  let framesDecoded: number | null = info.kind === 'video' ? 0 : null;
  let frameWidth: number | null = null;
  let frameHeight: number | null = null;
  for (const entry of report) {
    if (entry['type'] !== 'inbound-rtp') continue;
    packetsReceived += numberOr(entry['packetsReceived'], 0) ?? 0;
    packetsLost += numberOr(entry['packetsLost'], 0) ?? 0;
    bytesReceived += numberOr(entry['bytesReceived'], 0) ?? 0;
    if (framesDecoded !== null) framesDecoded += numberOr(entry['framesDecoded'], 0) ?? 0;
    frameWidth = numberOr(entry['frameWidth'], frameWidth);
    frameHeight = numberOr(entry['frameHeight'], frameHeight);
  }
  return {
    ...info,
    packetsReceived,
    packetsLost,
    bytesReceived,
    framesDecoded,
    frameWidth,
    frameHeight,
  };
}
