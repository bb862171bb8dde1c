import type { LiveAckError } from '@hearth/contracts';
import { isDomainError, type DomainErrorCode } from '@hearth/domain';
import { isSfuError, type SfuErrorCode } from '@hearth/sfu';

/**
 * The one place a media-server error becomes a socket error code; adding a code fails to compile
 * here. Codes are the same vocabulary the REST API uses, so clients switch on one set.
 */
export function ackCodeOfSfuError(code: SfuErrorCode): DomainErrorCode {
  switch (code) {
    case 'room_not_found':
    case 'peer_not_found':
    case 'transport_not_found':
    case 'producer_not_found':
    case 'consumer_not_found':
      return 'not_found';
    case 'cannot_produce':
    case 'cannot_consume':
    case 'invalid_request':
      return 'validation_failed';
    case 'room_closed':
      return 'conflict';
    case 'worker_unavailable':
    case 'invalid_config':
      return 'unavailable';
    default: {
      const unhandled: never = code;
      throw new Error(`No socket code for media error ${String(unhandled)}`);
    }
  }
}

/** An ack for a failed request; unexpected errors are flagged (to be logged) and say nothing of their cause. */
export function toAckError(error: unknown): LiveAckError & { readonly unexpected: boolean } {
  if (isDomainError(error)) {
    return { error: { code: error.code, message: error.message }, unexpected: false };
  }
  if (isSfuError(error)) {
    return {
      error: { code: ackCodeOfSfuError(error.code), message: error.message },
      unexpected: false,
    };
  }
  // Anything else, TypeErrors included, is a bug of ours: it is logged, never passed off as the
  // client's mistake (libs/sfu turns mediasoup's refusals of bad parameters into SfuErrors).
  return {
    error: { code: 'unavailable', message: 'Something went wrong; please try again' },
    unexpected: true,
  };
}
