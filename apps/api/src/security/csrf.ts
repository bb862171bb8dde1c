import { DomainError } from '@hearth/domain';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Config } from '../config/config';
import { originAllowed } from './security-headers';

/**
 * The CSRF model (README "Security and privacy"): the API authenticates with a bearer token that
 * the web app holds in memory, which a browser never attaches by itself, so no other site can make
 * a request in someone's name with it. The one credential a browser does attach on its own is the
 * refresh cookie (SameSite=Strict, path /api/auth). A state-changing request that carries a cookie
 * must prove it comes from our own pages, by either:
 *  - Fetch Metadata: `Sec-Fetch-Site: same-origin` (or another site only if ALLOWED_ORIGINS names
 *    its Origin); `none` (typed into the address bar, a bookmark) never changes anything; or
 *  - when the browser sends no Fetch Metadata (plain HTTP to a non-local host), an `Origin` that
 *    is ours or on the allow-list.
 * Neither header: refused. SameSite=Strict already stops today's browsers; these checks also hold
 * for a sibling subdomain (same-site, not same-origin) and for browsers without SameSite.
 */
export function cookieRequestOrigin(config: Config): RequestHandler {
  const allowed = config.allowedOrigins;
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!isStateChanging(req.method) || !req.get('cookie')) return next();
    const verdict = judge(req.get('sec-fetch-site'), req.get('origin'), req.get('host'), allowed);
    if (verdict === 'allow') return next();
    next(
      new DomainError('forbidden', 'This request did not come from a Hearth page', {
        reason: verdict,
      }),
    );
  };
}

export type CsrfVerdict = 'allow' | 'cross_site' | 'not_from_a_page' | 'no_origin';

/** The rule itself, separate from Express so it can be read (and tested) as a table. */
export function judge(
  site: string | undefined,
  origin: string | undefined,
  host: string | undefined,
  allowedOrigins: readonly string[],
): CsrfVerdict {
  const fromAllowedOrigin = origin !== undefined && originAllowed(origin, host, allowedOrigins);
  if (site !== undefined) {
    if (site === 'same-origin') return 'allow';
    if (site === 'none') return 'not_from_a_page';
    return fromAllowedOrigin ? 'allow' : 'cross_site';
  }
  if (origin === undefined) return 'no_origin';
  return fromAllowedOrigin ? 'allow' : 'cross_site';
}

function isStateChanging(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}
