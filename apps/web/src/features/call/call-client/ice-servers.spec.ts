import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchIceServers } from './ice-servers';

const relay = { urls: ['turn:turn.example:3478?transport=tcp'], username: '1:p', credential: 'c' };
const answer = (status: number, body: unknown = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function auth(renewed = true) {
  let token = 'old';
  return {
    accessToken: () => token,
    renew: vi.fn(async () => {
      token = 'new';
      return renewed;
    }),
  };
}

describe('TURN servers for a call', () => {
  afterEach(() => vi.restoreAllMocks());

  it('renews an expired token and asks again with the new one', async () => {
    const who = auth();
    const request = vi
      .fn<typeof fetch>()
      .mockResolvedValueOnce(answer(401))
      .mockResolvedValueOnce(answer(200, { iceServers: [relay], expiresAt: null }));
    await expect(fetchIceServers(who, request, 1)).resolves.toEqual([relay]);
    expect(who.renew).toHaveBeenCalledTimes(1);
    const [, init] = request.mock.calls[1]!;
    expect((init?.headers as Record<string, string>)['authorization']).toBe('Bearer new');
  });

  it('tries a failed request again before going on without a relay, and says so', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const request = vi
      .fn<typeof fetch>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(answer(503))
      .mockResolvedValueOnce(answer(200, { iceServers: [relay], expiresAt: null }));
    await expect(fetchIceServers(auth(), request, 1)).resolves.toEqual([relay]);
    expect(request).toHaveBeenCalledTimes(3);
    expect(warn).not.toHaveBeenCalled();

    const failing = vi.fn<typeof fetch>().mockResolvedValue(answer(503));
    await expect(fetchIceServers(auth(), failing, 1)).resolves.toEqual([]);
    expect(failing).toHaveBeenCalledTimes(3);
    expect(warn).toHaveBeenCalledWith(
      '[call] TURN servers:',
      'Error',
      'status 503; joining without a relay',
    );
  });

  it('stops at once when the sign-in is over', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const request = vi.fn<typeof fetch>().mockResolvedValue(answer(401));
    await expect(fetchIceServers(auth(false), request, 1)).resolves.toEqual([]);
    expect(request).toHaveBeenCalledTimes(1);
  });
});
