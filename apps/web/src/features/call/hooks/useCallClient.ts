import { useContext, useEffect, useState } from 'react';
import { SessionContext } from '../../auth/session-context';
import type { CallClient } from '../call-client/call-client';
import { CallClientFactoryContext } from '../call-context';

/**
 * The call client of one session page: made once, with the camera preview and the network
 * check started, and everything closed when the page goes.
 */
export function useCallClient(sessionId: string): CallClient {
  const factory = useContext(CallClientFactoryContext);
  const session = useContext(SessionContext);
  if (!session) throw new Error('useCallClient needs a <SessionContext value={store}> above it');
  const [client] = useState(() =>
    factory(sessionId, { accessToken: session.accessToken, renew: session.renew }),
  );
  useEffect(() => {
    void client.startPreview();
    void client.checkNetwork();
    // dispose() starts the client over, so StrictMode's second mount begins afresh.
    return () => client.dispose();
  }, [client]);
  return client;
}
