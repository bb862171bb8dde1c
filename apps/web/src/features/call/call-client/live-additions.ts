import type { LiveRequestPayload, MediaQuality, SeatReleased } from '@hearth/contracts';
import { ask, type LiveConnection } from './live-connection';

// The wire for media quality, audio only, the camera's background and the seat's release (libs/contracts/src/live), in
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

type BackgroundEffect = LiveRequestPayload<'media:background'>['effect'];

/** Where this page keeps the effect its camera goes out with (the background processing). */
export interface BackgroundSource {
  get(): { readonly effect: BackgroundEffect };
  subscribe(listener: () => void): () => void;
}

/**
 * Tells the server whether the camera goes out with its background blurred or replaced: once the media is
 * up (the server counts a new connection's camera as captured), then on every change of the
 * effect while it stays up — also when the effect is given up on a slow device.
 */
export function createBackgroundReport(
  source: BackgroundSource,
  current: () => LiveConnection | null,
) {
  let unsubscribe: (() => void) | null = null;
  let told: BackgroundEffect | null = null;

  function tell() {
    const connection = current();
    const { effect } = source.get();
    if (!unsubscribe || !connection || effect === told) return;
    told = effect;
    void ask(connection, 'media:background', { effect }, 10_000)
      .then((answer) => 'data' in answer)
      .catch(() => false)
      .then((taken) => {
        // Not taken: the next change (or the next time the media is up) tells it again.
        if (!taken && told === effect) told = null;
      });
  }

  return {
    onMediaLive() {
      unsubscribe?.();
      told = null;
      unsubscribe = source.subscribe(tell);
      tell();
    },
    onTeardown() {
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}
