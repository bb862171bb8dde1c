import { api as request, ok } from '@hearth/testing';

/**
 * One JSON call to the API of a test server (or its URL); a failure throws with the status and
 * the error body, so a set-up step that goes wrong says why. The shared helpers of
 * @hearth/testing do the work (and offer typed calls as a signed-in person: `signUpPractice`).
 */
export function api<T = unknown>(
  server: { readonly url: string } | string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const base = typeof server === 'string' ? server : server.url;
  return ok(request(base, method, path, body, token), `${method} ${path}`) as Promise<T>;
}
