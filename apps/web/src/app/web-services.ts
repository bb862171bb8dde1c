import { createAuthedApiClient, type WebApiClient } from '../api/authed-client';
import { createLazyApiClient } from '../api/lazy-client';
import {
  createSessionStore,
  type RefreshLock,
  type SessionBroadcast,
  type SessionStore,
} from '../features/auth/session-store';
import { createStepUpPrompt, type StepUpPrompt } from '../features/second-factor/step-up-prompt';

/** What every page reaches through context: the API and the session it is signed in with. */
export interface WebServices {
  readonly client: WebApiClient;
  readonly session: SessionStore;
  /** Sensitive acts refused for want of a recent confirmation ask through this. */
  readonly stepUp: StepUpPrompt;
}

export interface WebServicesOptions {
  /** Empty in the browser: the API serves the web app from the same origin (Vite proxies it). */
  readonly baseUrl: string;
  readonly fetch?: typeof fetch;
  readonly lock?: RefreshLock;
  readonly broadcast?: SessionBroadcast;
  readonly mayHaveSession?: () => boolean;
}

export function createWebServices(options: WebServicesOptions): WebServices {
  const { baseUrl, fetch, lock, broadcast, mayHaveSession } = options;
  const transport = { baseUrl, ...(fetch ? { fetch } : {}) };
  // The session only calls public routes (refresh, logout), so it needs no token itself, and the
  // authed client can depend on the session without a cycle.
  const session = createSessionStore({
    client: createLazyApiClient(transport),
    ...(lock ? { lock } : {}),
    ...(broadcast ? { broadcast } : {}),
    ...(mayHaveSession ? { mayHaveSession } : {}),
  });
  const stepUp = createStepUpPrompt();
  return {
    client: createAuthedApiClient(transport, session, (methods) => stepUp.ask(methods)),
    session,
    stepUp,
  };
}
