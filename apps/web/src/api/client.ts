import { createContext } from 'react';
import type { WebApiClient } from './authed-client';

// No default client: a component rendered without a provider should fail loudly, not quietly
// send requests that tests and previews never meant to make.
export const ApiClientContext = createContext<WebApiClient | null>(null);
