import { useCallback, useEffect, useState } from 'react';
import { identityRoutes } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { previewFailure, type PreviewState } from '../invitation-preview';

/** What an invitation link is for, loaded once per token; `retry` asks again after a failure. */
export function useInvitationPreview(token: string): {
  state: PreviewState;
  retry: () => void;
} {
  const client = useApiClient();
  const [state, setState] = useState<PreviewState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let stopped = false;
    client.call(identityRoutes.previewInvitation, { params: { token } }).then(
      (preview) => {
        if (!stopped) setState({ kind: 'ready', preview });
      },
      (error: unknown) => {
        if (!stopped) setState(previewFailure(error));
      },
    );
    return () => {
      stopped = true;
    };
  }, [client, token, attempt]);

  const retry = useCallback(() => {
    setState({ kind: 'loading' });
    setAttempt((count) => count + 1);
  }, []);

  return { state, retry };
}
