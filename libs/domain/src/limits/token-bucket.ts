/** State of one token bucket; plain data so it can live in memory or in Redis. */
export interface BucketState {
  readonly tokens: number;
  readonly updatedAt: number;
}

/** Capacity and refill of a bucket: `capacity` events at once, then `refillPerSecond`. */
export interface BucketRule {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

export interface TakeResult {
  readonly allowed: boolean;
  readonly state: BucketState;
  /** Seconds until one token is available again (0 when allowed). */
  readonly retryAfterSeconds: number;
}

/**
 * Takes one token from a bucket at time `now` (ms). A missing state is a full bucket. Pure: the
 * caller stores the returned state.
 */
export function takeToken(
  rule: BucketRule,
  state: BucketState | undefined,
  now: number,
): TakeResult {
  const elapsed = state ? Math.max(0, now - state.updatedAt) / 1000 : 0;
  const available = state
    ? Math.min(rule.capacity, state.tokens + elapsed * rule.refillPerSecond)
    : rule.capacity;
  if (available >= 1) {
    return {
      allowed: true,
      state: { tokens: available - 1, updatedAt: now },
      retryAfterSeconds: 0,
    };
  }
  const retryAfterSeconds = Math.ceil((1 - available) / rule.refillPerSecond);
  return { allowed: false, state: { tokens: available, updatedAt: now }, retryAfterSeconds };
}
