import { useContext } from 'react';
import type { WebApiClient } from './authed-client';
import { ApiClientContext } from './client';

export function useApiClient(): WebApiClient {
  const client = useContext(ApiClientContext);
  if (!client) {
    throw new Error('useApiClient needs an <ApiClientContext value={client}> above it');
  }
  return client;
}
