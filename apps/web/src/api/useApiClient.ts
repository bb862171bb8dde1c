import { useContext } from 'react';
import type { ApiClient } from '@hearth/contracts';
import { ApiClientContext } from './client';

export function useApiClient(): ApiClient {
  const client = useContext(ApiClientContext);
  if (!client) {
    throw new Error('useApiClient needs an <ApiClientContext value={client}> above it');
  }
  return client;
}
