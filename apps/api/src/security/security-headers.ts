import { DomainError } from '@hearth/domain';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Config } from '../config/config';

// Swagger UI styles its widgets inline; the web app does not, so only the docs get that leeway.
const docsPrefix = '/api/docs';
const hstsMaxAgeSeconds = 365 * 24 * 3600;

// Camera, microphone and screen sharing are what a session needs; nothing else is offered, and
// no embedding page can delegate them (frames are refused anyway).
const permissionsPolicy = [
  'camera=(self)',
  'microphone=(self)',
  'display-capture=(self)',
  'fullscreen=(self)',
  'autoplay=(self)',
  'geolocation=()',
  'payment=()',
  'usb=()',
].join(', ');

// Host names and ports only, so a forged Host header cannot add directives to the policy.
const plainHost = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The Content-Security-Policy of every response. The built web app loads only its own hashed
 * scripts and styles; media comes from getUserMedia and the SFU (WebRTC is outside CSP); the
 * signalling socket goes to the same host, named explicitly for browsers whose `'self'` does
 * not cover ws:/wss:. `'wasm-unsafe-eval'` lets the page compile WebAssembly (the camera's
 * background segmentation, served from /assets like every script) and nothing else: eval and
 * inline scripts stay refused.
 */
export function contentSecurityPolicy(options: {
  readonly https: boolean;
  readonly host?: string | undefined;
  readonly docs?: boolean;
}): string {
  const connect = ["'self'"];
  if (options.host && plainHost.test(options.host)) {
    connect.push(`${options.https ? 'wss' : 'ws'}://${options.host}`);
  }
  const directives = [
    "default-src 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    options.docs ? "style-src 'self' 'unsafe-inline'" : "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob: mediastream:",
    `connect-src ${connect.join(' ')}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
  ];
  if (options.https) directives.push('upgrade-insecure-requests');
  return directives.join('; ');
}

const isApiPath = (path: string) => path === '/api' || path.startsWith('/api/');
const isDocsPath = (path: string) => path === docsPrefix || path.startsWith(`${docsPrefix}/`);
const isUnsafeMethod = (method: string) => !['GET', 'HEAD', 'OPTIONS'].includes(method);

/**
 * Headers every response carries: CSP with `frame-ancestors 'none'`, HSTS over HTTPS (unless
 * COOKIE_SECURE=false says this is a plain-HTTP setup), nosniff, no referrer (invitation links
 * carry their token in the path), the permissions a call needs, and `no-store` on the API, whose
 * answers are about people (the static docs are the exception).
 */
export function securityHeaders(config: Config): RequestHandler {
  const publicHttps = config.http.publicUrl?.startsWith('https:') ?? false;
  const publicHost = config.http.publicUrl ? new URL(config.http.publicUrl).host : undefined;
  return (req: Request, res: Response, next: NextFunction) => {
    const https = publicHttps || req.secure;
    res.setHeader(
      'Content-Security-Policy',
      contentSecurityPolicy({
        https,
        host: publicHost ?? req.get('host'),
        docs: isDocsPath(req.path),
      }),
    );
    if (https && config.auth.cookieSecure) {
      res.setHeader('Strict-Transport-Security', `max-age=${hstsMaxAgeSeconds}`);
    }
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Permissions-Policy', permissionsPolicy);
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (isApiPath(req.path) && !isDocsPath(req.path)) res.setHeader('Cache-Control', 'no-store');
    next();
  };
}

const allowedMethods = 'GET, POST, PUT, PATCH, DELETE';
const allowedHeaders = 'Authorization, Content-Type, Idempotency-Key, X-Request-Id';
const exposedHeaders =
  'X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy';

/**
 * CORS for the REST API: same-origin always works; another origin only when ALLOWED_ORIGINS (or
 * PUBLIC_URL) names it. A request that would change something from any other origin is refused
 * before it reaches a handler, whatever the browser would have done with the answer.
 */
export function corsAllowList(config: Config): RequestHandler {
  const allowed = new Set(config.allowedOrigins);
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.get('origin');
    if (!origin || !isApiPath(req.path) || sameHost(origin, req.get('host'))) return next();
    res.vary('Origin');
    const preflight = req.method === 'OPTIONS' && req.get('access-control-request-method');
    if (allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Access-Control-Expose-Headers', exposedHeaders);
      if (!preflight) return next();
      res.setHeader('Access-Control-Allow-Methods', allowedMethods);
      res.setHeader('Access-Control-Allow-Headers', allowedHeaders);
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    if (preflight || isUnsafeMethod(req.method)) {
      return next(new DomainError('forbidden', 'This site may not call the Hearth API'));
    }
    // A read from elsewhere goes through, but without CORS headers the browser hides the answer.
    next();
  };
}

/**
 * Whether a browser at `origin` may use this server: its own origin (the Host it was reached
 * at) or one on the allow-list. No Origin at all is not a browser, so nobody's session can be
 * borrowed through it. The REST API and the live-session socket apply this one rule.
 */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowedOrigins: readonly string[],
): boolean {
  return origin === undefined || allowedOrigins.includes(origin) || sameHost(origin, host);
}

function sameHost(origin: string, host: string | undefined): boolean {
  if (!host || !URL.canParse(origin)) return false;
  return new URL(origin).host === host.toLowerCase();
}
