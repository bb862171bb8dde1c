import './call.css';
import { useParams } from 'react-router';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import { CallContext } from '../call-context';
import type { CallPhase } from '../call-state';
import { useCall } from '../hooks/useCall';
import { useCallClient } from '../hooks/useCallClient';
import { CallAnnouncer } from './CallAnnouncer';
import { CallView } from './CallView';
import { EndScreen, JoinFailedScreen } from './EndScreen';
import { PreJoinScreen } from './PreJoinScreen';
import { WaitingRoomScreen } from './WaitingRoomScreen';

const titles: Record<CallPhase, string> = {
  'pre-join': 'Join session',
  joining: 'Join session',
  waiting: 'Waiting room',
  'in-call': 'Live session',
  ended: 'Session ended',
  failed: 'Cannot join',
};

/** The live session at /sessions/:sessionId/join, from the pre-join check to the end screen. */
export function CallPage() {
  const { sessionId = '' } = useParams();
  // A new session id is a new call, with its own client.
  return <CallSession key={sessionId} sessionId={sessionId} />;
}

function CallSession({ sessionId }: { sessionId: string }) {
  const client = useCallClient(sessionId);
  return (
    <CallContext value={client}>
      <CallScreens />
      <CallAnnouncer />
    </CallContext>
  );
}

function CallScreens() {
  const { state } = useCall();
  useDocumentTitle(titles[state.phase]);
  switch (state.phase) {
    case 'pre-join':
    case 'joining':
      return <PreJoinScreen />;
    case 'waiting':
      return <WaitingRoomScreen />;
    case 'in-call':
      return <CallView />;
    case 'ended':
      return <EndScreen />;
    case 'failed':
      return <JoinFailedScreen />;
  }
}
