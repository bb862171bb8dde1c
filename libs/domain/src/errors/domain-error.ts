/**
 * Every failure a user can meet has a code. Codes are stable strings that clients may switch on;
 * the API maps each one to an HTTP status and a socket ack in exactly one place.
 */
export const domainErrorCodes = [
  'validation_failed',
  'not_found',
  'conflict',
  'unauthenticated',
  'forbidden',
  /** A sensitive act needs a fresh confirmation (second factor, or password without one). */
  'step_up_required',
  /** The practice requires a second factor of staff, and this person has yet to set one up. */
  'second_factor_enrolment_required',
  'rate_limited',
  'payload_too_large',
  'idempotency_key_reused',
  'unavailable',
] as const;

/** A stable, machine-readable reason for a failure. */
export type DomainErrorCode = (typeof domainErrorCodes)[number];

/** Structured context for an error, safe to send to the client (never personal or health data). */
export type DomainErrorDetails = Readonly<Record<string, unknown>>;

/** A failure of a business rule or a request, carrying a code rather than a transport status. */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: DomainErrorDetails,
  ) {
    super(message);
  }
}

/** True for a {@link DomainError}, including one created by another copy of this module. */
export function isDomainError(value: unknown): value is DomainError {
  if (value instanceof DomainError) return true;
  if (!(value instanceof Error) || value.name !== 'DomainError') return false;
  const code: unknown = (value as Error & { code?: unknown }).code;
  return typeof code === 'string' && (domainErrorCodes as readonly string[]).includes(code);
}
