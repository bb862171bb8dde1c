import { createContext } from 'react';
import { createApiClient, type ApiClient } from '@hearth/contracts';

/**
 * The browser's one client for the Hearth API. The base URL is empty because the API serves the
 * web app from the same origin in production and Vite proxies it in development.
 */
export const apiClient: ApiClient = createApiClient({ baseUrl: '' });

// No default client: a component rendered without a provider should fail loudly, not quietly
// send requests that tests and previews never meant to make.
export const ApiClientContext = createContext<ApiClient | null>(null);
