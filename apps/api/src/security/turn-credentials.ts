import { createHmac } from 'node:crypto';
import type { IceServers } from '@hearth/contracts';

/**
 * Time-limited TURN credentials in coturn's REST API scheme (`use-auth-secret`): the user name is
 * the expiry as Unix seconds and the person's id, the password the base64 HMAC-SHA1 of that name
 * under the secret shared with coturn. coturn checks both without asking Hearth, and refuses the
 * name once its time has passed, so a leaked credential is worth little.
 */
export function turnCredentials(
  secret: string,
  personId: string,
  now: Date,
  ttlSeconds: number,
): { username: string; credential: string; expiresAt: Date } {
  const expiry = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const username = `${expiry}:${personId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt: new Date(expiry * 1000) };
}

/** What a signed-in browser passes to RTCPeerConnection as `iceServers`. */
export function iceServersFor(
  turn: {
    readonly urls: readonly string[];
    readonly secret?: string;
    readonly credentialTtlSeconds: number;
  },
  personId: string,
  now: Date,
): IceServers {
  const stun = turn.urls.filter((url) => url.startsWith('stun:'));
  const relays = turn.urls.filter((url) => url.startsWith('turn'));
  const iceServers: IceServers['iceServers'] = stun.length > 0 ? [{ urls: stun }] : [];
  if (relays.length === 0 || !turn.secret) return { iceServers, expiresAt: null };
  const { username, credential, expiresAt } = turnCredentials(
    turn.secret,
    personId,
    now,
    turn.credentialTtlSeconds,
  );
  iceServers.push({ urls: relays, username, credential });
  return { iceServers, expiresAt: expiresAt.toISOString() };
}
