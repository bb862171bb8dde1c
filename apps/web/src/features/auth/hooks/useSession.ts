import { useContext, useSyncExternalStore } from 'react';
import type { SessionTokens } from '@hearth/contracts';
import { SessionContext } from '../session-context';
import type { SessionState } from '../session-store';

export interface Session extends SessionState {
  signIn(tokens: SessionTokens): void;
  signOut(): Promise<void>;
}

/** The signed-in person (or why there is none), and the ways in and out. */
export function useSession(): Session {
  const store = useContext(SessionContext);
  if (!store) throw new Error('useSession needs a <SessionContext value={store}> above it');
  const state = useSyncExternalStore(store.subscribe, store.getState);
  return { ...state, signIn: store.signIn, signOut: store.signOut };
}
