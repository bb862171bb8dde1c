import type { DomainErrorCode } from '@hearth/domain';

/** The one place a domain error code becomes an HTTP status. Adding a code fails to compile here. */
export function httpStatusOf(code: DomainErrorCode): number {
  switch (code) {
    case 'validation_failed':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
    case 'step_up_required':
    case 'second_factor_enrolment_required':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'payload_too_large':
      return 413;
    case 'idempotency_key_reused':
      return 422;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
    default: {
      const unhandled: never = code;
      throw new Error(`No HTTP status for error code ${String(unhandled)}`);
    }
  }
}
