/** How the outbox treats a message the mail server did not take. */
export interface MailRetryRule {
  /** Delay before the second attempt; each later one waits `factor` times longer. */
  readonly firstDelaySeconds: number;
  readonly factor: number;
  /** Attempts in all, the first included, before the message is given up. */
  readonly maxAttempts: number;
}

/** 1, 4, 16, 64 and 256 minutes: about six hours of a mail server being down before giving up. */
export const defaultMailRetry: MailRetryRule = { firstDelaySeconds: 60, factor: 4, maxAttempts: 6 };

export type MailFailure = 'temporary' | 'permanent';

/**
 * After a failed attempt (`attempts` counts it): when to try again, or `null` to give up. A
 * permanent refusal (the server said the mailbox does not exist, 5xx) is not retried: sending
 * the same message again would only be refused again.
 */
export function nextMailAttempt(
  attempts: number,
  failure: MailFailure,
  now: Date,
  rule: MailRetryRule = defaultMailRetry,
): Date | null {
  if (failure === 'permanent' || attempts >= rule.maxAttempts) return null;
  const delay = rule.firstDelaySeconds * rule.factor ** Math.max(0, attempts - 1);
  return new Date(now.getTime() + delay * 1000);
}

/** An SMTP reply code of 5xx is a permanent refusal; anything else may pass on a later try. */
export function mailFailureOf(responseCode: number | undefined): MailFailure {
  return responseCode !== undefined && responseCode >= 500 && responseCode < 600
    ? 'permanent'
    : 'temporary';
}
