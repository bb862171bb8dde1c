import type { LiveConnection } from './live-connection';

// The wire additions for media quality, audio only and the seat's release, as agreed with the
// server (COORD): typed here, behind these few functions, until the contracts carry them.

/** mediasoup's scores of one client's streams (0–10), at most once a second. */
export interface MediaQualityScores {
  readonly producers: readonly { readonly producerId: string; readonly score: number }[];
  readonly consumers: readonly {
    readonly consumerId: string;
    readonly score: number;
    readonly producerScore: number;
  }[];
}

/** The seat hold ended while the person was away: the server let the seat go. */
export interface SeatReleased {
  readonly reason?: string;
}

type Untyped = {
  on(event: string, listener: (payload: never) => void): void;
  emit(event: string, payload: unknown, ack: (answer: unknown) => void): void;
};

const untyped = (connection: LiveConnection) => connection as unknown as Untyped;

export function onMediaQuality(
  connection: LiveConnection,
  listener: (scores: MediaQualityScores) => void,
): void {
  untyped(connection).on('media:quality', listener);
}

export function onSeatReleased(
  connection: LiveConnection,
  listener: (event: SeatReleased) => void,
): void {
  untyped(connection).on('seat:released', listener);
}

/** Fire and forget: a lost report is replaced by the next one. */
export function sendDownlink(connection: LiveConnection, kbps: number): void {
  untyped(connection).emit('media:downlink', { kbps: Math.round(kbps) }, () => undefined);
}

/** Resolves with whether the server took it. */
export function sendAudioOnly(
  connection: LiveConnection,
  enabled: boolean,
  timeoutMs: number,
): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    untyped(connection).emit('media:audio-only', { enabled }, (answer) => {
      clearTimeout(timer);
      resolve(typeof answer === 'object' && answer !== null && 'data' in answer);
    });
  });
}
