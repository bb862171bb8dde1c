/**
 * One JSON call to the API of a test server (or its URL); a failure throws with the status and
 * the error body, so a set-up step that goes wrong says why.
 */
export async function api<T = unknown>(
  server: { readonly url: string } | string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const base = typeof server === 'string' ? server : server.url;
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json()) as T;
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  }
  return json;
}
