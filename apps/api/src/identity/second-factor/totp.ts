import { Secret, TOTP } from 'otpauth';

// RFC 6238 as every authenticator app reads it: SHA-1, six digits, 30-second steps.
const period = 30;

function totpOf(secretBase32: string, label = 'Hearth'): TOTP {
  return new TOTP({
    issuer: 'Hearth',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new 160-bit secret, in base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** `otpauth://totp/Hearth:<label>?…`: what the QR code holds. */
export function totpUri(secretBase32: string, label: string): string {
  return totpOf(secretBase32, label).toString();
}

/**
 * The time step a code belongs to when it is right now or one step either side (clocks of
 * phones drift), else null. The caller refuses a step not after the last one used: a code
 * works once.
 */
export function totpStep(secretBase32: string, code: string, now = Date.now()): number | null {
  const delta = totpOf(secretBase32).validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  return TOTP.counter({ period, timestamp: now }) + delta;
}
