import { createHmac } from 'node:crypto';
import { iceServerRoutes } from '@hearth/contracts';
import { startSchedulingApp, type SchedulingHarness } from '../testing/scheduling-harness';

// TURN credentials as coturn's `use-auth-secret` checks them: the name is "<expiry>:<person>",
// the password base64(HMAC-SHA1(secret, name)). Recomputed here from the scheme, not the code.

const secret = 'a shared secret with coturn, 32 chars or more';

describe('ICE servers for the call', () => {
  let h: SchedulingHarness;

  beforeAll(async () => {
    h = await startSchedulingApp({
      TURN_URLS:
        'stun:turn.example.org:3478, turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349?transport=tcp',
      TURN_SECRET: secret,
      TURN_CREDENTIAL_TTL_SECONDS: '3600',
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('gives a signed-in person STUN and TURN with credentials coturn accepts until they expire', async () => {
    const { coordinator } = await h.practice();
    const before = Math.floor(Date.now() / 1000);
    const reply = await coordinator.request('GET', '/api/ice-servers');
    expect(reply.status).toBe(200);
    expect(reply.headers.get('cache-control')).toBe('no-store');
    const { iceServers, expiresAt } = reply.body;
    expect(iceServers[0]).toEqual({ urls: ['stun:turn.example.org:3478'] });
    const turn = iceServers[1];
    expect(turn.urls).toEqual([
      'turn:turn.example.org:3478?transport=udp',
      'turns:turn.example.org:5349?transport=tcp',
    ]);
    const [expiry, personId] = String(turn.username).split(':');
    expect(personId).toBe(coordinator.personId);
    expect(Number(expiry)).toBeGreaterThanOrEqual(before + 3600);
    expect(Number(expiry)).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 3600);
    expect(Date.parse(expiresAt)).toBe(Number(expiry) * 1000);
    expect(turn.credential).toBe(createHmac('sha1', secret).update(turn.username).digest('base64'));
  });

  it('is only for people who are signed in', async () => {
    const res = await fetch(`${h.t.baseUrl}/api/ice-servers`);
    expect(res.status).toBe(401);
  });

  it('offers nothing when the practice runs no TURN server', async () => {
    const plain = await startSchedulingApp();
    try {
      const { coordinator } = await plain.practice();
      expect(await coordinator.call(iceServerRoutes.iceServers)).toEqual({
        iceServers: [],
        expiresAt: null,
      });
    } finally {
      await plain.close();
    }
  });
});
