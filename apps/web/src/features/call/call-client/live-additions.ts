import type { MediaQuality, SeatReleased } from '@hearth/contracts';
import { ask, type LiveConnection } from './live-connection';

// The wire for media quality, audio only and the seat's release (libs/contracts/src/live), in
// the few calls the call client makes of it.

export type MediaQualityScores = MediaQuality;

export function onMediaQuality(
  connection: LiveConnection,
  listener: (scores: MediaQualityScores) => void,
): void {
  connection.on('media:quality', listener);
}

export function onSeatReleased(
  connection: LiveConnection,
  listener: (event: SeatReleased) => void,
): void {
  connection.on('seat:released', listener);
}

/** Fire and forget: a lost report is replaced by the next one. */
export function sendDownlink(connection: LiveConnection, kbps: number): void {
  void ask(connection, 'media:downlink', { kbps: Math.round(kbps) }, 10_000).catch(() => undefined);
}

/** Resolves with whether the server took it. */
export async function sendAudioOnly(
  connection: LiveConnection,
  enabled: boolean,
  timeoutMs: number,
): Promise<boolean> {
  try {
    const answer = await ask(connection, 'media:audio-only', { enabled }, timeoutMs);
    return 'data' in answer;
  } catch {
    return false;
  }
}
