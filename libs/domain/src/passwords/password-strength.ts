/**
 * Whether a new password is strong enough. Length alone is not: `passwordpassword` and
 * `123456789012` are long and among the first a guesser tries. A maintained estimator (zxcvbn-ts,
 * with its dictionaries of common passwords, names and words) scores how many guesses a password
 * would take; anything below `minimumScore` is refused with its reason, as is a password that
 * contains the person's own email address or name (which a guesser who targets them knows).
 * The estimator is passed in so the web app can load its dictionaries only when a form needs them.
 */

/** What the estimator says: a score 0 (trivial) – 4 (very hard), with feedback in plain words. */
export interface StrengthEstimate {
  readonly score: 0 | 1 | 2 | 3 | 4;
  readonly warning: string | null;
  readonly suggestions: readonly string[];
}

export type StrengthEstimator = (
  password: string,
  userInputs: readonly string[],
) => StrengthEstimate;

/** Who the password is for: the words of these must not be in it. */
export interface PasswordOwner {
  readonly email?: string | undefined;
  readonly displayName?: string | undefined;
  readonly practiceName?: string | undefined;
}

export interface PasswordVerdict {
  readonly ok: boolean;
  /** Why not, in words to show next to the field; empty when ok. */
  readonly problems: readonly string[];
  readonly score: number;
}

/** 3 = "safely unguessable: moderate protection from offline slow-hash scenario" (zxcvbn). */
export const minimumPasswordScore = 3;
export const minimumPasswordLength = 12;

/** The parts of the owner's email and name a password may not contain (3 characters or more). */
export function ownerWords(owner: PasswordOwner): string[] {
  const words = new Set<string>();
  const email = owner.email?.trim().toLowerCase();
  if (email) {
    words.add(email);
    const [local = '', domain = ''] = email.split('@');
    for (const part of [local, ...local.split(/[._+-]+/), domain.split('.')[0] ?? '']) {
      if (part.length >= 3) words.add(part);
    }
  }
  for (const text of [owner.displayName, owner.practiceName]) {
    for (const part of (text ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
      if (part.length >= 3) words.add(part);
    }
  }
  return [...words];
}

export function judgePassword(
  password: string,
  owner: PasswordOwner,
  estimate: StrengthEstimator,
): PasswordVerdict {
  const problems: string[] = [];
  if (password.length < minimumPasswordLength) {
    problems.push(`Use at least ${minimumPasswordLength} characters.`);
  }
  if (password.trim().length === 0) {
    problems.push('A password cannot be only spaces.');
  }
  const lower = password.toLowerCase();
  const words = ownerWords(owner);
  const own = words.filter((word) => lower.includes(word));
  if (own.length > 0) {
    problems.push('Do not use your own name or email address in your password.');
  }
  const result = estimate(password, words);
  if (result.score < minimumPasswordScore) {
    problems.push(
      result.warning
        ? `${stripPeriod(result.warning)}.`
        : 'This password would be guessed too easily.',
    );
    const [suggestion] = result.suggestions;
    problems.push(suggestion ?? 'Add a few more uncommon words.');
  }
  const unique = [...new Set(problems)];
  return { ok: unique.length === 0, problems: unique, score: result.score };
}

const stripPeriod = (text: string) => text.replace(/\.\s*$/, '');
