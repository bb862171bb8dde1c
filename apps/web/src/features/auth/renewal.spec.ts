import { ApiError } from '@hearth/contracts';
import { describe, expect, it } from 'vitest';
import { renewalDelayMs, renewalFailure, retryDelayMs } from './renewal';

describe('renewalDelayMs', () => {
  it('renews a 15-minute token one minute before it runs out', () => {
    expect(renewalDelayMs(900)).toBe(840_000);
  });

  it('renews a short-lived token at three quarters of its life', () => {
    expect(renewalDelayMs(60)).toBe(45_000);
    expect(renewalDelayMs(120)).toBe(90_000);
  });

  it('always renews before the token expires, and never sooner than a second', () => {
    for (const seconds of [2, 5, 30, 61, 240, 900, 3_600]) {
      const delay = renewalDelayMs(seconds);
      expect(delay).toBeLessThan(seconds * 1_000);
      expect(delay).toBeGreaterThanOrEqual(1_000);
    }
    expect(renewalDelayMs(1)).toBe(1_000);
  });
});

describe('retryDelayMs', () => {
  it('backs off from 5 seconds and stops growing at a minute', () => {
    expect([1, 2, 3, 4, 5, 10].map(retryDelayMs)).toEqual([
      5_000, 10_000, 20_000, 40_000, 60_000, 60_000,
    ]);
  });
});

describe('renewalFailure', () => {
  it('ends the session when the server refuses the refresh cookie', () => {
    expect(renewalFailure(new ApiError(401, 'unauthenticated', 'Please sign in'))).toBe(
      'signed-out',
    );
  });

  it('tries again after a network failure, a server error or a rate limit', () => {
    expect(renewalFailure(new TypeError('fetch failed'))).toBe('retry');
    expect(renewalFailure(new ApiError(503, 'unavailable', 'down'))).toBe('retry');
    expect(renewalFailure(new ApiError(429, 'rate_limited', 'wait'))).toBe('retry');
  });
});
