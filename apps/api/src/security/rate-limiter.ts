import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DomainError, type BucketRule } from '@hearth/domain';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { createClient, type RedisClientType } from 'redis';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { JsonLogger } from '../logging/json-logger';
import { noteRateLimit } from './rate-limit-headers';

/** How a limit stands after one request counted against it. */
export interface LimitOutcome {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Seconds until the window starts again (and, when refused, until one more is allowed). */
  readonly resetSeconds: number;
  readonly windowSeconds: number;
}

// A bucket rule becomes a window of `capacity` requests, as long as the bucket takes to refill.
const windowOf = (rule: BucketRule) => Math.max(1, Math.ceil(rule.capacity / rule.refillPerSecond));

// Keys name accounts and addresses; stored (in Redis) only as a hash, never as an email.
const hashed = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 32);

/**
 * HTTP rate limits. With REDIS_URL the counters live in Redis, so N API nodes together allow what
 * one would (and a Redis outage falls back to this node's memory rather than to no limit);
 * without it, in this process's memory. Every limit a request meets is reported in its
 * `RateLimit-*` headers (the most restrictive one wins).
 */
@Injectable()
export class RateLimiter implements OnModuleInit, OnApplicationShutdown {
  private redis: RedisClientType | undefined;
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    const url = this.config.cluster?.redisUrl;
    if (!url) return;
    const redis: RedisClientType = createClient({
      url,
      // Commands fail fast while Redis is away, so the memory fallback answers instead of a hang.
      disableOfflineQueue: true,
      socket: { reconnectStrategy: (retries) => Math.min(retries * 200, 2_000) },
    });
    redis.on('error', (error: unknown) => {
      this.logger.event(
        'warn',
        'rate-limit store unavailable; limiting in memory',
        { errorClass: (error as Error)?.constructor?.name },
        'security',
      );
    });
    await redis.connect();
    this.redis = redis;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }

  /** Where the counters live: `redis` when shared across nodes, else `memory`. */
  get store(): 'redis' | 'memory' {
    return this.redis ? 'redis' : 'memory';
  }

  /**
   * Counts one request for `key` under `rule` (`name` separates the rules' counters). Throws
   * `rate_limited` with the seconds to wait when over the limit.
   */
  async take(name: string, key: string, rule: BucketRule): Promise<LimitOutcome> {
    const outcome = await this.count(name, key, rule);
    noteRateLimit(outcome);
    if (!outcome.allowed) {
      throw new DomainError('rate_limited', 'Too many attempts; please wait and try again', {
        retryAfterSeconds: outcome.resetSeconds,
      });
    }
    return outcome;
  }

  /** Counts one request without refusing it; for limits that alert rather than block. */
  async count(name: string, key: string, rule: BucketRule): Promise<LimitOutcome> {
    const limiter = this.limiterFor(name, rule);
    const windowSeconds = windowOf(rule);
    const outcomeOf = (res: RateLimiterRes, allowed: boolean): LimitOutcome => ({
      allowed,
      limit: rule.capacity,
      remaining: Math.max(0, res.remainingPoints),
      resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
      windowSeconds,
    });
    try {
      return outcomeOf(await limiter.consume(hashed(key)), true);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return outcomeOf(rejection, false);
      throw rejection;
    }
  }

  /** Forgets a key's count under one rule (e.g. after a successful sign-in). */
  async reset(name: string, key: string, rule: BucketRule): Promise<void> {
    await this.limiterFor(name, rule).delete(hashed(key));
  }

  private limiterFor(name: string, rule: BucketRule): RateLimiterAbstract {
    const id = `${name}:${rule.capacity}:${windowOf(rule)}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const options = {
        keyPrefix: `hearth:rl:${name}`,
        points: rule.capacity,
        duration: windowOf(rule),
      };
      limiter = this.redis
        ? new RateLimiterRedis({
            ...options,
            storeClient: this.redis,
            useRedisPackage: true,
            insuranceLimiter: new RateLimiterMemory(options),
          })
        : new RateLimiterMemory(options);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }
}

/** Per account and address: 5 quick attempts, then one every 3 minutes (about 20 an hour). */
export const perAccountLogin: BucketRule = { capacity: 5, refillPerSecond: 1 / 180 };
/** Per client address: 20 quick attempts, then one every 6 seconds. */
export const perAddressLogin: BucketRule = { capacity: 20, refillPerSecond: 1 / 6 };
/**
 * Per account from every address together: never refuses (that would let anyone lock an owner
 * out); past it, the owner is told by email, at most once per window.
 */
export const perAccountAlert: BucketRule = { capacity: 10, refillPerSecond: 10 / 3_600 };
