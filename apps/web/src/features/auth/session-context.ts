import { createContext } from 'react';
import type { SessionStore } from './session-store';

// No default store, for the same reason the API client has none: fail loudly without a provider.
export const SessionContext = createContext<SessionStore | null>(null);
