import { Injectable } from '@nestjs/common';
import { DomainError, takeToken, type BucketRule, type BucketState } from '@hearth/domain';

/**
 * Token buckets kept in this process's memory. One API node is the default; several nodes will
 * keep the same states in Redis.
 */
@Injectable()
export class RateLimiter {
  private readonly buckets = new Map<string, BucketState>();
  private sweeps = 0;

  /** Takes a token for `key` or throws `rate_limited` with the seconds to wait. */
  take(key: string, rule: BucketRule, now = Date.now()): void {
    const result = takeToken(rule, this.buckets.get(key), now);
    this.buckets.set(key, result.state);
    if ((this.sweeps += 1) % 1_000 === 0) this.sweep(now);
    if (!result.allowed) {
      throw new DomainError('rate_limited', 'Too many attempts; please wait and try again', {
        retryAfterSeconds: result.retryAfterSeconds,
      });
    }
  }

  // Forget buckets idle long enough to be full again, so memory stays bounded.
  private sweep(now: number): void {
    for (const [key, state] of this.buckets) {
      if (now - state.updatedAt > 3_600_000) this.buckets.delete(key);
    }
  }
}

/** Per account: 5 quick attempts, then one every 3 minutes (about 20 an hour). */
export const perAccountLogin: BucketRule = { capacity: 5, refillPerSecond: 1 / 180 };
/** Per client address: 20 quick attempts, then one every 6 seconds. */
export const perAddressLogin: BucketRule = { capacity: 20, refillPerSecond: 1 / 6 };
