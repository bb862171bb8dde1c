/** Limits of the public request form's token (its signature is checked by the API). */
export const formTokenRules = {
  /** A person needs longer than this to read and fill the form; scripts usually do not. */
  defaultMinFillSeconds: 3,
  /** A form left open longer than this is loaded again, so a harvested token soon stops working. */
  maxAgeSeconds: 24 * 3_600,
} as const;

/** How a form token's age stands at submission. */
export type FormTiming = 'ok' | 'too_fast' | 'expired';

/**
 * Judges when a form was sent against when its token was issued. A token from the future (a
 * clock step between API nodes) counts as just issued, so it is `too_fast` rather than accepted.
 */
export function judgeFormTiming(
  issuedAtMs: number,
  nowMs: number,
  minFillSeconds: number,
  maxAgeSeconds: number = formTokenRules.maxAgeSeconds,
): FormTiming {
  const ageMs = nowMs - issuedAtMs;
  if (!Number.isFinite(ageMs)) return 'expired';
  if (ageMs > maxAgeSeconds * 1000) return 'expired';
  if (ageMs < minFillSeconds * 1000) return 'too_fast';
  return 'ok';
}

/**
 * The moment before which a request's personal data is anonymised: `retentionDays` before `now`.
 * A request counts from its decision (accepted or declined) or, undecided, from when it came in.
 */
export function anonymiseAfter(retentionDays: number, now: Date): Date {
  return new Date(now.getTime() - retentionDays * 86_400_000);
}
