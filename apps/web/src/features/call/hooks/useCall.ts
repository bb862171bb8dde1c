import { useContext, useSyncExternalStore } from 'react';
import type { CallCommands } from '../call-client/call-client';
import { CallContext } from '../call-context';
import type { CallState } from '../call-state';

export interface Call {
  readonly state: CallState;
  readonly call: CallCommands;
}

/** The live call as it stands, and the commands to change it. */
export function useCall(): Call {
  const client = useContext(CallContext);
  if (!client) throw new Error('useCall needs a <CallContext value={client}> above it');
  const state = useSyncExternalStore(client.subscribe, client.getSnapshot);
  return { state, call: client };
}
