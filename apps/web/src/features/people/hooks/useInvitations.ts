import { useCallback, useEffect, useState } from 'react';
import { identityRoutes, type RouteOutput } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { toFormErrors } from '../../forms/form-errors';

export type SentInvitation = RouteOutput<typeof identityRoutes.invitations>['invitations'][number];

export type InvitationsState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly invitations: readonly SentInvitation[] }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * The invitations the practice has sent, newest first, for coordinators (the API refuses everyone
 * else). `reload` fetches them again after an invitation is made, revoked or sent again; the
 * list on screen stays until the new one arrives.
 */
export function useInvitations(): { state: InvitationsState; reload: () => void } {
  const client = useApiClient();
  const [state, setState] = useState<InvitationsState>({ kind: 'loading' });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let stopped = false;
    client.call(identityRoutes.invitations).then(
      ({ invitations }) => {
        if (!stopped) setState({ kind: 'ready', invitations });
      },
      (error: unknown) => {
        if (stopped) return;
        setState({ kind: 'failed', message: toFormErrors(error, []).form ?? String(error) });
      },
    );
    return () => {
      stopped = true;
    };
  }, [client, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { state, reload };
}
