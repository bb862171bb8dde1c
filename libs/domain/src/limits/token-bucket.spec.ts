import { takeToken, type BucketState } from './token-bucket';

describe('takeToken', () => {
  const rule = { capacity: 3, refillPerSecond: 0.5 };

  it('allows a burst up to the capacity, then refuses with a retry time', () => {
    let state: BucketState | undefined;
    const results = [0, 1, 2, 3].map(() => {
      const result = takeToken(rule, state, 1_000);
      state = result.state;
      return result;
    });
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]?.retryAfterSeconds).toBe(2);
  });

  it('refills over time but never above the capacity', () => {
    const empty = { tokens: 0, updatedAt: 0 };
    expect(takeToken(rule, empty, 1_000).allowed).toBe(false);
    expect(takeToken(rule, empty, 2_000).allowed).toBe(true);
    const later = takeToken(rule, empty, 1_000_000);
    expect(later.state.tokens).toBe(2);
  });
});
