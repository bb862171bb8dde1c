import { createContext } from 'react';
import type { CallAuth, CallClient } from './call-client/call-client';
import { createBrowserCallClient } from './call-client/browser-call-deps';

/** Makes the call client for one session; tests provide one over fakes. */
export type CallClientFactory = (sessionId: string, auth: CallAuth) => CallClient;

export const CallClientFactoryContext = createContext<CallClientFactory>(createBrowserCallClient);

// No default client: the call's components only make sense inside a call page.
export const CallContext = createContext<CallClient | null>(null);
