import { DomainError } from '../errors/domain-error';

/** One bad field of an input: a dotted path (`focusAreas.1`) and what is wrong with it. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Builds the `validation_failed` error every scheduling rule throws for bad input, with each bad
 * field listed in `details.issues` so a form can show the message next to the field.
 *
 * @param subject - what was being validated, e.g. "Course plan"; starts the error message.
 * @param issues - at least one issue.
 */
export function validationFailed(subject: string, issues: readonly ValidationIssue[]): DomainError {
  const summary = issues.map((issue) => `${issue.path} ${issue.message}`).join('; ');
  return new DomainError('validation_failed', `${subject} is not valid: ${summary}`, {
    issues: issues.map((issue) => ({ path: issue.path, message: issue.message })),
  });
}
