import type { Person, SessionTokens } from '@hearth/contracts';
import { later } from '../../api/contracts-later';
import type { WebApiClient } from '../../api/lazy-client';
import type { BearerAuth } from '../../api/authed-client';
import { renewalDelayMs, renewalFailure, retryDelayMs } from './renewal';

// Public routes that go by the httpOnly cookie; their schemas arrive with the contracts chunk.
const refreshRoute = later((c) => c.identityRoutes.refresh);
const logoutRoute = later((c) => c.identityRoutes.logout);

export type SessionStatus = 'loading' | 'signed-out' | 'signed-in';

/** Why the last session ended, so the sign-in page can say so. */
export type SessionEnd = 'signed-out' | 'expired';

export interface SessionState {
  readonly status: SessionStatus;
  readonly person: Person | null;
  /** How the previous session ended; null before any session and while one is open. */
  readonly ended: SessionEnd | null;
  /** The practice requires a second factor of this person, who has yet to set one up. */
  readonly mustEnrolSecondFactor?: boolean;
}

/** What one tab tells the others, so signing out in one signs out all of them. */
export type SessionMessage = 'signed-in' | 'signed-out';

export interface SessionBroadcast {
  post(message: SessionMessage): void;
  /** Starts listening; returns a function that stops. */
  listen(onMessage: (message: SessionMessage) => void): () => void;
}

/** Runs a refresh so that no other tab refreshes at the same moment. */
export type RefreshLock = <T>(task: () => Promise<T>) => Promise<T>;

export interface SessionStoreOptions {
  /** Used only for the public refresh and logout routes, which go by the httpOnly cookie. */
  readonly client: WebApiClient;
  readonly lock?: RefreshLock;
  readonly broadcast?: SessionBroadcast;
  /**
   * Whether a refresh cookie may be there (the server's readable `hearth_session` hint); when
   * not, a page load starts signed out without asking the server. Absent: always ask.
   */
  readonly mayHaveSession?: () => boolean;
}

export interface SessionStore extends BearerAuth {
  getState(): SessionState;
  subscribe(listener: () => void): () => void;
  /** Renews from the refresh cookie once, so a reload keeps the person signed in. */
  start(): void;
  signIn(tokens: SessionTokens): void;
  /** Revokes the refresh cookie on the server, then forgets the session here. */
  signOut(): Promise<void>;
  dispose(): void;
}

const unlocked: RefreshLock = (task) => task();

/**
 * The signed-in session. The access token lives only in this closure's memory — never in
 * localStorage, where any script on the page could read a health-data credential — and is
 * renewed through the httpOnly refresh cookie shortly before it runs out.
 */
export function createSessionStore({
  client,
  lock = unlocked,
  broadcast,
  mayHaveSession = () => true,
}: SessionStoreOptions): SessionStore {
  let state: SessionState = { status: 'loading', person: null, ended: null };
  let token: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let renewing: Promise<boolean> | undefined;
  let failures = 0;
  // Bumped whenever a session starts or ends, so a renewal already under way cannot bring back a
  // session the person has just left, nor replace one they have just started.
  let epoch = 0;
  let started = false;
  let stopListening: (() => void) | undefined;
  const listeners = new Set<() => void>();

  const setState = (next: SessionState) => {
    state = next;
    for (const listener of listeners) listener();
  };

  const schedule = (delayMs: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void renew(), delayMs);
  };

  const adopt = (tokens: SessionTokens) => {
    token = tokens.accessToken;
    failures = 0;
    setState({
      status: 'signed-in',
      person: tokens.person,
      ended: null,
      ...(tokens.mustEnrolSecondFactor ? { mustEnrolSecondFactor: true } : {}),
    });
    schedule(renewalDelayMs(tokens.expiresIn));
  };

  const end = (ended: SessionEnd | null) => {
    epoch += 1;
    token = undefined;
    clearTimeout(timer);
    timer = undefined;
    setState({ status: 'signed-out', person: null, ended });
  };

  const attemptRenewal = async (): Promise<boolean> => {
    const startedIn = epoch;
    try {
      // Each refresh rotates the cookie and a rotated cookie presented again revokes the whole
      // sign-in, so two tabs must never refresh with the same cookie at once.
      const tokens = await lock(() => client.call(refreshRoute));
      if (startedIn !== epoch) return state.status === 'signed-in';
      adopt(tokens);
      return true;
    } catch (error) {
      if (startedIn !== epoch) return state.status === 'signed-in';
      if (state.status !== 'signed-in') {
        // At page load any failure means we cannot show a signed-in page.
        end(null);
      } else if (renewalFailure(error) === 'signed-out') {
        end('expired');
      } else {
        // The token may still be valid for a while; keep it and try again later.
        failures += 1;
        schedule(retryDelayMs(failures));
      }
      return false;
    }
  };

  // One renewal at a time: the timer, a 401 and a reload landing together share a single call.
  function renew(): Promise<boolean> {
    if (renewing) return renewing;
    const current = attemptRenewal().finally(() => {
      if (renewing === current) renewing = undefined;
    });
    renewing = current;
    return current;
  }

  const onMessage = (message: SessionMessage) => {
    if (message === 'signed-out' && state.status !== 'signed-out') end('signed-out');
    // Another tab signed in: its cookie is ours too, so this tab can join without a password.
    if (message === 'signed-in' && state.status === 'signed-out') void renew();
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    accessToken: () => token,
    renew,
    expire() {
      if (state.status === 'signed-in') end('expired');
    },
    start() {
      if (started) return;
      started = true;
      stopListening = broadcast?.listen(onMessage);
      if (mayHaveSession()) void renew();
      else setState({ status: 'signed-out', person: null, ended: null });
    },
    signIn(tokens) {
      epoch += 1;
      adopt(tokens);
      broadcast?.post('signed-in');
    },
    async signOut() {
      try {
        await client.call(logoutRoute);
      } catch {
        // Forget the session here even if the server could not be told; the cookie then
        // simply runs out, and this screen no longer shows anything private.
      }
      end('signed-out');
      broadcast?.post('signed-out');
    },
    dispose() {
      clearTimeout(timer);
      stopListening?.();
      listeners.clear();
    },
  };
}
