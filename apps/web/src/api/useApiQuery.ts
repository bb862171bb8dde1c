import { useCallback, useEffect, useState } from 'react';
import { toFormErrors } from '../features/forms/form-errors';
import type { WebApiClient } from './authed-client';
import { useApiClient } from './useApiClient';

export type QueryState<T> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly data: T }
  | { readonly kind: 'failed'; readonly message: string; readonly status?: number };

export interface Query<T> {
  readonly state: QueryState<T>;
  /** Loads the same thing again, keeping what is shown until the new answer arrives. */
  reload(): void;
}

/**
 * Reads from the API when `key` changes (and on `reload`); an answer that arrives after the key
 * moved on is dropped, so a slow earlier week never overwrites the week on screen.
 * `load` may change identity every render: only `key` decides when to read again.
 */
export function useApiQuery<T>(key: string, load: (client: WebApiClient) => Promise<T>): Query<T> {
  const client = useApiClient();
  const [state, setState] = useState<QueryState<T>>({ kind: 'loading' });
  const [round, setRound] = useState(0);
  const [current, setCurrent] = useState({ key, load });
  if (current.key !== key) {
    // Another thing is being read (another week, another course): never show the last one's data.
    setCurrent({ key, load });
    setState({ kind: 'loading' });
  }

  useEffect(() => {
    let stopped = false;
    current.load(client).then(
      (data) => {
        if (!stopped) setState({ kind: 'ready', data });
      },
      (error: unknown) => {
        if (stopped) return;
        const status =
          typeof error === 'object' && error !== null && 'status' in error
            ? Number((error as { status: unknown }).status)
            : undefined;
        setState({
          kind: 'failed',
          message: toFormErrors(error, []).form ?? String(error),
          ...(status !== undefined ? { status } : {}),
        });
      },
    );
    return () => {
      stopped = true;
    };
  }, [client, current, round]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { state, reload };
}
