import { useEffect, useState } from 'react';
import { identityRoutes, type Person } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { toFormErrors } from '../../forms/form-errors';

export type PeopleState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly people: readonly Person[] }
  | { readonly kind: 'failed'; readonly message: string };

/** The practice's people, for coordinators (the API refuses everyone else). */
export function usePeople(): PeopleState {
  const client = useApiClient();
  const [state, setState] = useState<PeopleState>({ kind: 'loading' });

  useEffect(() => {
    let stopped = false;
    client.call(identityRoutes.people).then(
      ({ people }) => {
        if (!stopped) setState({ kind: 'ready', people });
      },
      (error: unknown) => {
        if (stopped) return;
        setState({ kind: 'failed', message: toFormErrors(error, []).form ?? String(error) });
      },
    );
    return () => {
      stopped = true;
    };
  }, [client]);

  return state;
}
