import { iceServerRoutes, iceServersSchema } from '@hearth/contracts';
import { logMediaError } from './media-errors';
import type { CallAuth } from './signalling-session';

/**
 * The practice's TURN servers for this person (none when it runs no TURN server). Without them a
 * person whose network blocks the media server's ports can never connect, so an expired token is
 * renewed and a failed request tried again before the call goes on without them (and says so).
 */
export async function fetchIceServers(
  auth: CallAuth,
  request: typeof fetch = fetch,
  pauseMs = 500,
): Promise<RTCIceServer[]> {
  const attempts = 3;
  for (let attempt = 1; ; attempt += 1) {
    let failure: string;
    try {
      const token = auth.accessToken();
      const response = await request(iceServerRoutes.iceServers.path, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      if (response.ok) {
        const parsed = iceServersSchema.safeParse(await response.json());
        if (parsed.success) return parsed.data.iceServers;
        failure = 'an answer of the wrong shape';
      } else {
        failure = `status ${response.status}`;
        if (response.status === 401 && !(await auth.renew())) attempt = attempts;
      }
    } catch (error) {
      failure = (error as Error).name;
    }
    if (attempt >= attempts) {
      logMediaError('TURN servers', new Error(`${failure}; joining without a relay`));
      return [];
    }
    await new Promise((resolve) => setTimeout(resolve, attempt * pauseMs));
  }
}
