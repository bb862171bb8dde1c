import { DomainError } from '../errors/domain-error';

type Role = 'coordinator' | 'therapist' | 'client';

/** How long a confirmation (a sign-in, or a step-up) lets someone do a sensitive act. */
export const stepUpWindowMs = 5 * 60_000;

/** How many recovery codes a person gets at once; each works once. */
export const recoveryCodeCount = 10;

/** Staff are the people who see other people's records: therapists and coordinators. */
export function isStaff(roles: readonly Role[]): boolean {
  return roles.includes('therapist') || roles.includes('coordinator');
}

/**
 * Whether a sign-in may do nothing but set up a second factor: its practice requires one of
 * staff, the person is staff, and they have none yet.
 */
export function mustEnrolSecondFactor(person: {
  readonly practiceRequires: boolean;
  readonly roles: readonly Role[];
  readonly hasSecondFactor: boolean;
}): boolean {
  return person.practiceRequires && isStaff(person.roles) && !person.hasSecondFactor;
}

/** Whether a confirmation made at `confirmedAt` still covers a sensitive act at `now`. */
export function stepUpFresh(confirmedAt: Date | null, now: Date): boolean {
  if (!confirmedAt) return false;
  const age = now.getTime() - confirmedAt.getTime();
  // A clock a little ahead of the database's still counts; one far ahead does not.
  return age < stepUpWindowMs && age > -60_000;
}

/**
 * Removing a factor may not leave staff of a practice that requires one without any: they would
 * be sent to enrol again at their next sign-in, and meanwhile hold a sign-in without one.
 */
export function checkFactorRemoval(change: {
  readonly practiceRequires: boolean;
  readonly roles: readonly Role[];
  /** How many factors (an authenticator app, each passkey) remain after the removal. */
  readonly remaining: number;
}): void {
  if (change.remaining === 0 && change.practiceRequires && isStaff(change.roles)) {
    throw new DomainError(
      'conflict',
      'Your practice requires a second factor; add another one before removing this one',
      { reason: 'second_factor_required' },
    );
  }
}

/**
 * A coordinator who requires a second factor of staff must have one themself, so they never
 * lock themself out of the setting they just changed.
 */
export function checkRequireSecondFactor(change: {
  readonly require: boolean;
  readonly actorHasSecondFactor: boolean;
}): void {
  if (change.require && !change.actorHasSecondFactor) {
    throw new DomainError(
      'conflict',
      'Set up a second factor for yourself before requiring one of your staff',
      { field: 'requireStaffSecondFactor' },
    );
  }
}

// Crockford's base32 without the letters people misread (I, L, O, U).
const recoveryAlphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A recovery code from 10 random bytes (80 bits: stored as a plain hash, it still cannot be
 * guessed offline), shown as four groups of four: `7KQ2-M9XD-…`.
 */
export function formatRecoveryCode(bytes: Uint8Array): string {
  if (bytes.length !== 10) throw new Error('a recovery code needs exactly 10 random bytes');
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += recoveryAlphabet[(value >> bits) & 31];
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{4}/g)!.join('-');
}

/**
 * A typed recovery code as it is compared: case, spaces and dashes do not matter, and letters
 * people confuse with digits count as those digits. Null when it cannot be a recovery code.
 */
export function normalizeRecoveryCode(typed: string): string | null {
  const cleaned = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (cleaned.length !== 16) return null;
  for (const char of cleaned) if (!recoveryAlphabet.includes(char)) return null;
  return cleaned.match(/.{4}/g)!.join('-');
}

/** A code from an authenticator app as typed: six digits, spaces allowed. Null otherwise. */
export function normalizeTotpCode(typed: string): string | null {
  const digits = typed.replace(/\s/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}
