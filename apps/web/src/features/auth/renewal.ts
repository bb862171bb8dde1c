import { ApiError } from '@hearth/contracts';

/** How long before an access token runs out to renew it, so a slow network still has slack. */
export const renewalMarginMs = 60_000;

/** The soonest a renewal is scheduled, so a server handing out tiny lifetimes cannot spin us. */
export const minimumRenewalDelayMs = 1_000;

/**
 * When to renew an access token that lives `expiresInSeconds`: a minute before it runs out, or at
 * three quarters of its life when it is too short-lived for a whole minute of margin.
 */
export function renewalDelayMs(expiresInSeconds: number): number {
  const lifetimeMs = expiresInSeconds * 1_000;
  const marginMs = Math.min(renewalMarginMs, lifetimeMs / 4);
  return Math.max(minimumRenewalDelayMs, lifetimeMs - marginMs);
}

/** How long to wait before trying a failed renewal again: doubling from 5 s, at most a minute. */
export function retryDelayMs(failures: number): number {
  return Math.min(60_000, 5_000 * 2 ** Math.max(0, failures - 1));
}

export type RenewalFailure = 'signed-out' | 'retry';

/**
 * What a failed renewal means. Only the server saying the refresh cookie is no good ends a
 * session; a network drop or a restarting server is worth another try, because the cookie may
 * well still be valid.
 */
export function renewalFailure(error: unknown): RenewalFailure {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
    // A 429 is the server asking for patience, not a verdict on the cookie.
    return error.status === 429 ? 'retry' : 'signed-out';
  }
  return 'retry';
}
