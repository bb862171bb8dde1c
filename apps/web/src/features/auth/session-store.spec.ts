import { createLazyApiClient } from '../../api/lazy-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  client as clientPerson,
  coordinator,
  fakeApi,
  noRefreshCookie,
  tokensFor,
  type FakeRequest,
  type FakeRoutes,
} from '../../testing/render-app';
import {
  createSessionStore,
  type SessionBroadcast,
  type SessionMessage,
  type SessionStore,
} from './session-store';

const refreshes = (requests: FakeRequest[]) =>
  requests.filter((r) => r.path === '/api/auth/refresh').length;

function storeWith(routes: FakeRoutes, broadcast?: SessionBroadcast) {
  const requests: FakeRequest[] = [];
  const fetch = fakeApi(routes, requests) as typeof globalThis.fetch;
  const store = createSessionStore({
    client: createLazyApiClient({ baseUrl: '', fetch }),
    ...(broadcast ? { broadcast } : {}),
  });
  return { store, requests };
}

/** A refresh cookie that works, numbering the access tokens it hands out. */
function workingCookie(expiresIn = 900) {
  let issued = 0;
  return () => {
    issued += 1;
    return { status: 200, body: tokensFor(coordinator, `access-${issued}`, expiresIn) };
  };
}

describe('session store', () => {
  let stores: SessionStore[] = [];
  const track = <T extends { store: SessionStore }>(made: T): T => {
    stores.push(made.store);
    return made;
  };

  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    for (const store of stores) store.dispose();
    stores = [];
    vi.useRealTimers();
  });

  it('is loading at first, then signed in through the refresh cookie, keeping the token in memory', async () => {
    const { store } = track(storeWith({ 'POST /api/auth/refresh': workingCookie() }));
    expect(store.getState().status).toBe('loading');
    store.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState()).toEqual({ status: 'signed-in', person: coordinator, ended: null });
    expect(store.accessToken()).toBe('access-1');
    expect(window.localStorage.length).toBe(0);
    expect(window.sessionStorage.length).toBe(0);
  });

  it('starts signed out without asking the server when no session hint is there', async () => {
    const requests: FakeRequest[] = [];
    const fetch = fakeApi({ 'POST /api/auth/refresh': workingCookie() }, requests);
    const store = createSessionStore({
      client: createLazyApiClient({ baseUrl: '', fetch: fetch as typeof globalThis.fetch }),
      mayHaveSession: () => false,
    });
    stores.push(store);
    store.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState()).toEqual({ status: 'signed-out', person: null, ended: null });
    expect(refreshes(requests)).toBe(0);
  });

  it('is signed out, saying nothing about an ended session, when there is no cookie', async () => {
    const { store } = track(storeWith({ 'POST /api/auth/refresh': noRefreshCookie }));
    store.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState()).toEqual({ status: 'signed-out', person: null, ended: null });
    expect(store.accessToken()).toBeUndefined();
  });

  it('renews a 15-minute token one minute before it runs out, and keeps doing so', async () => {
    const { store, requests } = track(storeWith({ 'POST /api/auth/refresh': workingCookie() }));
    store.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(refreshes(requests)).toBe(1);

    await vi.advanceTimersByTimeAsync(839_999);
    expect(refreshes(requests)).toBe(1);
    expect(store.accessToken()).toBe('access-1');
    await vi.advanceTimersByTimeAsync(1);
    expect(refreshes(requests)).toBe(2);
    expect(store.accessToken()).toBe('access-2');

    await vi.advanceTimersByTimeAsync(840_000);
    expect(store.accessToken()).toBe('access-3');
  });

  it('schedules renewal from the lifetime a sign-in reports', async () => {
    const { store, requests } = track(storeWith({ 'POST /api/auth/refresh': workingCookie(60) }));
    store.signIn(tokensFor(clientPerson, 'signed-in-token', 60));
    expect(store.getState().person).toEqual(clientPerson);
    await vi.advanceTimersByTimeAsync(44_999);
    expect(refreshes(requests)).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(refreshes(requests)).toBe(1);
  });

  it('sends one refresh when several ask for one at the same moment', async () => {
    const { store, requests } = track(storeWith({ 'POST /api/auth/refresh': workingCookie() }));
    store.start();
    store.start();
    const renewals = [store.renew(), store.renew(), store.renew()];
    await vi.advanceTimersByTimeAsync(0);
    expect(await Promise.all(renewals)).toEqual([true, true, true]);
    expect(refreshes(requests)).toBe(1);
  });

  it('ends the session as expired when the server refuses the cookie at renewal time', async () => {
    let valid = true;
    const { store } = track(
      storeWith({
        'POST /api/auth/refresh': () =>
          valid ? { status: 200, body: tokensFor(coordinator) } : noRefreshCookie,
      }),
    );
    store.start();
    await vi.advanceTimersByTimeAsync(0);
    valid = false;
    await vi.advanceTimersByTimeAsync(840_000);
    expect(store.getState()).toEqual({ status: 'signed-out', person: null, ended: 'expired' });
    expect(store.accessToken()).toBeUndefined();
  });

  it('stays signed in through a network failure and tries again shortly', async () => {
    let online = true;
    const { store, requests } = track(
      storeWith({
        'POST /api/auth/refresh': () => {
          if (!online) throw new TypeError('fetch failed');
          return { status: 200, body: tokensFor(coordinator, 'after-the-drop') };
        },
      }),
    );
    store.signIn(tokensFor(coordinator, 'first', 900));
    online = false;
    await vi.advanceTimersByTimeAsync(840_000);
    expect(refreshes(requests)).toBe(1);
    expect(store.getState().status).toBe('signed-in');
    expect(store.accessToken()).toBe('first');

    online = true;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(refreshes(requests)).toBe(2);
    expect(store.accessToken()).toBe('after-the-drop');
  });

  it('signs out through the API, forgets the token and stops renewing', async () => {
    const { store, requests } = track(storeWith({ 'POST /api/auth/refresh': workingCookie() }));
    store.signIn(tokensFor(coordinator, 'mine', 900));
    await store.signOut();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/auth/logout']);
    expect(store.getState()).toEqual({ status: 'signed-out', person: null, ended: 'signed-out' });
    expect(store.accessToken()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(refreshes(requests)).toBe(0);
  });

  it('does not let a renewal that was under way bring back a session that was signed out', async () => {
    let answer: (() => void) | undefined;
    const { store } = track(
      storeWith({
        'POST /api/auth/refresh': () =>
          new Promise((resolve) => {
            answer = () => resolve({ status: 200, body: tokensFor(coordinator, 'late') });
          }),
      }),
    );
    store.signIn(tokensFor(coordinator, 'mine', 900));
    const renewal = store.renew();
    await vi.advanceTimersByTimeAsync(0);
    await store.signOut();
    answer?.();
    await renewal;
    expect(store.getState().status).toBe('signed-out');
    expect(store.accessToken()).toBeUndefined();
  });

  it('lets a sign-in win over the page-load refresh still under way', async () => {
    let answer: (() => void) | undefined;
    const { store } = track(
      storeWith({
        'POST /api/auth/refresh': () =>
          new Promise((resolve) => {
            answer = () => resolve(noRefreshCookie);
          }),
      }),
    );
    store.start();
    await vi.advanceTimersByTimeAsync(0);
    store.signIn(tokensFor(clientPerson, 'fresh'));
    answer?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState().status).toBe('signed-in');
    expect(store.accessToken()).toBe('fresh');
  });

  it('signs every tab out when one signs out', async () => {
    const tabs = new Set<(message: SessionMessage) => void>();
    const channel = (): SessionBroadcast => {
      let self: ((message: SessionMessage) => void) | undefined;
      return {
        post: (message) => {
          for (const tab of tabs) if (tab !== self) tab(message);
        },
        listen(onMessage) {
          self = onMessage;
          tabs.add(onMessage);
          return () => tabs.delete(onMessage);
        },
      };
    };
    const first = track(storeWith({ 'POST /api/auth/refresh': workingCookie() }, channel()));
    const second = track(storeWith({ 'POST /api/auth/refresh': workingCookie() }, channel()));
    first.store.start();
    second.store.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(second.store.getState().status).toBe('signed-in');

    await first.store.signOut();
    expect(second.store.getState()).toEqual({
      status: 'signed-out',
      person: null,
      ended: 'signed-out',
    });
    expect(second.store.accessToken()).toBeUndefined();
  });

  it('tells subscribers about every change', async () => {
    const { store } = track(storeWith({ 'POST /api/auth/refresh': workingCookie() }));
    const seen: string[] = [];
    const stop = store.subscribe(() => seen.push(store.getState().status));
    store.start();
    await vi.advanceTimersByTimeAsync(0);
    await store.signOut();
    stop();
    store.signIn(tokensFor(coordinator));
    expect(seen).toEqual(['signed-in', 'signed-out']);
  });
});
