import { defaultMailRetry, mailFailureOf, nextMailAttempt } from './mail-retry';

describe('nextMailAttempt', () => {
  const now = new Date('2027-01-01T12:00:00Z');
  const minutesAfter = (date: Date | null) => (date!.getTime() - now.getTime()) / 60_000;

  it('waits longer after each temporary failure: 1, 4, 16, 64, 256 minutes', () => {
    expect([1, 2, 3, 4, 5].map((n) => minutesAfter(nextMailAttempt(n, 'temporary', now)))).toEqual([
      1, 4, 16, 64, 256,
    ]);
  });

  it('gives up after the last attempt, and at once on a permanent refusal', () => {
    expect(nextMailAttempt(defaultMailRetry.maxAttempts, 'temporary', now)).toBeNull();
    expect(nextMailAttempt(1, 'permanent', now)).toBeNull();
  });

  it('reads 5xx replies as permanent and everything else (4xx, no reply) as temporary', () => {
    expect(mailFailureOf(550)).toBe('permanent');
    expect(mailFailureOf(451)).toBe('temporary');
    expect(mailFailureOf(undefined)).toBe('temporary');
  });
});
