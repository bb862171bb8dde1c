import type { NextFunction, Request, Response } from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';

interface Noted {
  readonly limit: number;
  readonly remaining: number;
  readonly resetSeconds: number;
  readonly windowSeconds: number;
}

interface Slot {
  tightest: Noted | undefined;
}

const slots = new AsyncLocalStorage<Slot>();

/** Records a limit a request met; the tightest one (least remaining) is what the headers tell. */
export function noteRateLimit(outcome: Noted): void {
  const slot = slots.getStore();
  if (!slot) return;
  if (!slot.tightest || outcome.remaining < slot.tightest.remaining) slot.tightest = outcome;
}

/**
 * Sends the `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` and `RateLimit-Policy`
 * headers (IETF httpapi draft) on every response of a rate-limited route, refused or not, so a
 * client can slow down before it is refused.
 */
export function rateLimitHeaders() {
  return (_req: Request, res: Response, next: NextFunction): void => {
    const slot: Slot = { tightest: undefined };
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
    res.writeHead = ((...args: unknown[]) => {
      const noted = slot.tightest;
      if (noted && !res.headersSent) {
        res.setHeader('RateLimit-Limit', String(noted.limit));
        res.setHeader('RateLimit-Remaining', String(noted.remaining));
        res.setHeader('RateLimit-Reset', String(noted.resetSeconds));
        res.setHeader('RateLimit-Policy', `${noted.limit};w=${noted.windowSeconds}`);
      }
      return writeHead(...args);
    }) as Response['writeHead'];
    slots.run(slot, next);
  };
}
