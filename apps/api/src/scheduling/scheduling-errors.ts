import type { BookingConflict, FieldIssue } from '@hearth/contracts';
import { DomainError, isDomainError } from '@hearth/domain';

/** The 409 for a double booking: which session of whose calendar each proposed time hits. */
export function doubleBooked(conflicts: readonly BookingConflict[]): DomainError {
  const message =
    conflicts.length === 0
      ? 'Someone taking part was booked at the same time by another request'
      : conflicts.length === 1
        ? 'This time overlaps a session already booked'
        : `${conflicts.length} of these times overlap sessions already booked`;
  return new DomainError('conflict', message, { reason: 'double_booked', conflicts });
}

/** A 400 naming fields of the request body. */
export function invalidBody(issues: readonly Omit<FieldIssue, 'location'>[]): DomainError {
  const [first] = issues;
  return new DomainError(
    'validation_failed',
    issues.length === 1 && first
      ? `Invalid body.${first.path}: ${first.message}`
      : `Invalid request: ${issues.length} problems`,
    { issues: issues.map((issue) => ({ location: 'body', ...issue })) },
  );
}

/**
 * The domain's rules name fields without saying where they came from; in a request they all come
 * from the body, so their issues get `location: 'body'` like the contract's own validation.
 */
export function inBody<T>(rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    const issues = isDomainError(error) ? error.details?.['issues'] : undefined;
    if (isDomainError(error) && error.code === 'validation_failed' && Array.isArray(issues)) {
      throw new DomainError('validation_failed', error.message, {
        issues: (issues as { path: string; message: string }[]).map((issue) => ({
          location: 'body',
          path: issue.path,
          message: issue.message,
        })),
      });
    }
    throw error;
  }
}
