import type { Request, Response } from 'express';
import type { Config } from '../config/config';

export const refreshCookieName = 'hearth_refresh';
/**
 * A companion of the refresh cookie that scripts may read: it holds no secret, only says that a
 * refresh cookie was set, so the web app asks for a refresh on page load only when there may be
 * a session to renew (without it, every first visit logged a 401).
 */
export const sessionHintCookieName = 'hearth_session';
// Sent only to the auth routes, never to the rest of the API.
const cookiePath = '/api/auth';

export function readRefreshCookie(req: Request): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[refreshCookieName];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function setRefreshCookie(
  res: Response,
  config: Config,
  token: string,
  expires: Date,
): void {
  res.cookie(refreshCookieName, token, {
    httpOnly: true,
    secure: config.auth.cookieSecure,
    sameSite: 'strict',
    path: cookiePath,
    expires,
  });
  res.cookie(sessionHintCookieName, '1', {
    httpOnly: false,
    secure: config.auth.cookieSecure,
    sameSite: 'strict',
    path: '/',
    expires,
  });
}

export function clearRefreshCookie(res: Response, config: Config): void {
  res.clearCookie(refreshCookieName, {
    httpOnly: true,
    secure: config.auth.cookieSecure,
    sameSite: 'strict',
    path: cookiePath,
  });
  res.clearCookie(sessionHintCookieName, {
    httpOnly: false,
    secure: config.auth.cookieSecure,
    sameSite: 'strict',
    path: '/',
  });
}
