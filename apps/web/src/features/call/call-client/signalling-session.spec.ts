import { describe, expect, it } from 'vitest';
import { cleo, cleoId, FakeLive, sessionId, sessionView, settle } from '../../../testing/fake-call';
import { createCallStore } from './call-store';
import { LiveRequestError } from './live-connection';
import { createSignallingSession, type SignallingDeps } from './signalling-session';

function signallingOver(setUp: (live: FakeLive) => void, extra: Partial<SignallingDeps> = {}) {
  const store = createCallStore();
  const connections: FakeLive[] = [];
  const failures: unknown[] = [];
  let connects = 0;
  let token = 'access-1';
  const signalling = createSignallingSession({
    sessionId,
    store,
    timeoutMs: 1000,
    auth: {
      accessToken: () => token,
      async renew() {
        token = 'access-2';
        return true;
      },
    },
    connect(options) {
      const live = new FakeLive(options);
      setUp(live);
      connections.push(live);
      return live;
    },
    wire: () => undefined,
    onConnected: () => {
      connects += 1;
    },
    fail: (error) => failures.push(error),
    ...extra,
  });
  return { signalling, store, connections, failures, connects: () => connects };
}

describe('the signalling session', () => {
  it('opens one connection on the first request and answers with the ack’s data', async () => {
    const s = signallingOver(() => undefined);
    const pong = await s.signalling.send('session:ping', {});
    expect(pong.serverTime).toEqual(expect.any(String));
    await s.signalling.send('session:ping', {});
    expect(s.connections).toHaveLength(1);
    expect(s.store.state.connection).toBe('connected');
    expect(s.connects()).toBe(1);
  });

  it('rejects with the ack’s error code', async () => {
    const s = signallingOver((live) => live.refuse('hand:raise', 'forbidden', 'Not in the call'));
    await expect(s.signalling.send('hand:raise', {})).rejects.toEqual(
      new LiveRequestError('forbidden', 'Not in the call'),
    );
  });

  it('follows redirects to the hosting node without rejoining by itself there', async () => {
    const s = signallingOver((live) =>
      live.answer(
        'session:join',
        live.options.url
          ? { data: { view: sessionView(cleoId, [cleo]), chat: [], agenda: null } }
          : { data: { redirect: { url: 'http://node-2.hearth.test' } } },
      ),
    );
    const joined = await s.signalling.join();
    expect(joined.view.selfId).toBe(cleoId);
    expect(s.connections.map((c) => c.options.url)).toEqual([
      undefined,
      'http://node-2.hearth.test',
    ]);
    expect(s.connections[0]?.closed).toBe(true);
    // Both connections came up while joining: neither joins again by itself.
    expect(s.connects()).toBe(0);
  });

  it('gives up on a session that keeps moving', async () => {
    let n = 0;
    const s = signallingOver((live) => {
      n += 1;
      live.answer('session:join', { data: { redirect: { url: `http://node-${n}.hearth.test` } } });
    });
    await expect(s.signalling.join()).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('joins again when the server says while the session is between nodes', async () => {
    let asked = 0;
    const s = signallingOver((live) =>
      live.answer('session:join', () => {
        asked += 1;
        return asked < 3
          ? { data: { retry: { afterMs: 20 } } }
          : { data: { view: sessionView(cleoId, [cleo]), chat: [], agenda: null } };
      }),
    );
    s.store.set({ phase: 'in-call' });
    const started = Date.now();
    const joined = await s.signalling.join();
    expect(joined.view.selfId).toBe(cleoId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(40);
    // Each time on a new connection through the page's own address; connected once in.
    expect(s.connections.map((c) => [c.options.url, c.sent('session:join').length])).toEqual([
      [undefined, 1],
      [undefined, 1],
      [undefined, 1],
    ]);
    expect(s.connections.slice(0, 2).every((c) => c.closed)).toBe(true);
    expect(s.store.state.connection).toBe('connected');
  });

  it('goes back through the page’s address when the node it was sent to does not answer', async () => {
    let redirected = false;
    const s = signallingOver(
      (live) => {
        if (live.options.url) live.refuseNext.push('websocket error');
        live.answer('session:join', () => {
          if (redirected)
            return { data: { view: sessionView(cleoId, [cleo]), chat: [], agenda: null } };
          redirected = true;
          return { data: { redirect: { url: 'http://node-1.hearth.test' } } };
        });
      },
      { unreachableRetryMs: [1] },
    );
    const joined = await s.signalling.join();
    expect(joined.view.selfId).toBe(cleoId);
    expect(s.connections.map((c) => c.options.url)).toEqual([
      undefined,
      'http://node-1.hearth.test',
      undefined,
    ]);
    expect(s.failures).toEqual([]);
  });

  it('gives up when the session stays between nodes for longer than its patience', async () => {
    const s = signallingOver(
      (live) => live.answer('session:join', { data: { retry: { afterMs: 30 } } }),
      { joinPatienceMs: 200 },
    );
    await expect(s.signalling.join()).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('renews an expired token and connects again, or fails when the sign-in is over', async () => {
    const s = signallingOver((live) => live.refuseNext.push('unauthenticated'));
    s.signalling.open();
    await settle();
    expect(s.connections[0]?.tokens).toEqual(['access-1', 'access-2']);
    expect(s.failures).toEqual([]);

    const over = signallingOver((live) => live.refuseNext.push('unauthenticated'), {
      auth: { accessToken: () => 'x', renew: async () => false },
    });
    over.signalling.open();
    await settle();
    expect(over.failures).toEqual([expect.objectContaining({ code: 'unauthenticated' })]);
  });

  it('says reconnecting on a drop while joined, and connected once back', async () => {
    const s = signallingOver(() => undefined);
    s.signalling.open();
    await settle();
    s.store.set({ phase: 'in-call' });
    s.connections[0]?.drop();
    expect(s.store.state.connection).toBe('reconnecting');
    expect(s.store.state.announcement?.text).toBe('Connection lost. Reconnecting…');
    s.connections[0]?.restore();
    expect(s.store.state.connection).toBe('connected');
    expect(s.connects()).toBe(2);
  });

  it('tries once more when the server closes without a reason', async () => {
    const s = signallingOver(() => undefined);
    s.signalling.open();
    await settle();
    const live = s.connections[0] as FakeLive;
    live.refuseNext.push('server gone');
    live.status({ type: 'disconnect', reason: 'io server disconnect', willReconnect: false });
    expect(s.store.state.connection).toBe('connecting');
    await settle();
    expect(live.tokens).toHaveLength(2);
    expect(s.store.state.connection).toBe('closed');
  });
});
