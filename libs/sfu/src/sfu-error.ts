/**
 * Every failure the SFU reports has a code, so the signalling gateway can map each one to a socket
 * ack in exactly one switch (and a new code fails that switch's exhaustiveness check).
 */
export const sfuErrorCodes = [
  /** The SFU configuration is invalid; the message names every bad field. */
  'invalid_config',
  /** No live mediasoup worker can take the work (all died, or the pool is closed). */
  'worker_unavailable',
  /** The room was closed (emptied, closed by the app, or its worker died). */
  'room_closed',
  /** No open room has this id. */
  'room_not_found',
  /** No such peer in the room, or the peer has already left. */
  'peer_not_found',
  /** The peer owns no open transport with this id (or none of the needed direction). */
  'transport_not_found',
  /** No open producer with this id. */
  'producer_not_found',
  /** The peer owns no open consumer with this id. */
  'consumer_not_found',
  /** The producer's parameters were rejected (bad RTP parameters, source/kind mismatch, source in use). */
  'cannot_produce',
  /** The receiver cannot consume that producer (its RTP capabilities do not match, or it is its own). */
  'cannot_consume',
  /** The request is well-formed but makes no sense here (for example layers for an audio consumer). */
  'invalid_request',
] as const;

/** A stable, machine-readable reason for an SFU failure. */
export type SfuErrorCode = (typeof sfuErrorCodes)[number];

/** Structured context safe to send to a client (ids only, never names or health data). */
export type SfuErrorDetails = Readonly<Record<string, unknown>>;

/** A failure of an SFU operation, carrying a code rather than a transport status. */
export class SfuError extends Error {
  override readonly name = 'SfuError';

  constructor(
    readonly code: SfuErrorCode,
    message: string,
    readonly details?: SfuErrorDetails,
  ) {
    super(message);
  }
}

/** True for an {@link SfuError}, including one created by another copy of this module. */
export function isSfuError(value: unknown): value is SfuError {
  if (value instanceof SfuError) return true;
  if (!(value instanceof Error) || value.name !== 'SfuError') return false;
  const code: unknown = (value as Error & { code?: unknown }).code;
  return typeof code === 'string' && (sfuErrorCodes as readonly string[]).includes(code);
}
