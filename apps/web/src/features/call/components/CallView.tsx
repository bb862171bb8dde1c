import { useState } from 'react';
import { useCall } from '../hooks/useCall';
import { BreakoutControls } from './BreakoutControls';
import { AgendaSidebar } from './AgendaSidebar';
import { AudioOnlyOffer } from './AudioOnlyOffer';
import { CallStatus, CallWhere } from './CallStatus';
import { ChatPanel } from './ChatPanel';
import { ConnectionDetails } from './ConnectionDetails';
import { ControlsBar, type CallPanel } from './ControlsBar';
import { MediaProblemBanner } from './MediaProblemBanner';
import { ParticipantsPanel } from './ParticipantsPanel';
import { ReconnectingBanner } from './ReconnectingBanner';
import { RemoteAudio } from './RemoteAudio';
import { SessionHeader } from './SessionHeader';
import { VideoGrid } from './VideoGrid';

/**
 * In the call: which session it is on top, then the video, one side panel and the agenda side
 * by side, the controls below. The stage takes all the width the panel and the agenda leave.
 */
export function CallView() {
  const { state } = useCall();
  const [panel, setPanel] = useState<CallPanel | null>(null);
  const info = state.view?.session;
  return (
    <div className="call">
      {info ? (
        <SessionHeader info={info} heading>
          <CallWhere />
        </SessionHeader>
      ) : (
        <h1 className="visually-hidden">Live session</h1>
      )}
      <ReconnectingBanner />
      <MediaProblemBanner />
      <AudioOnlyOffer />
      <CallStatus />
      <div className="call__body" data-panel={panel ?? undefined}>
        <section className="call__stage" aria-label="Video">
          <VideoGrid />
        </section>
        {panel ? (
          <div className="call__panel">
            {panel === 'participants' ? <ParticipantsPanel /> : null}
            {panel === 'chat' ? <ChatPanel /> : null}
            {panel === 'breakouts' ? <BreakoutControls /> : null}
            {panel === 'details' ? <ConnectionDetails /> : null}
          </div>
        ) : null}
        <AgendaSidebar />
      </div>
      <ControlsBar panel={panel} onPanel={setPanel} />
      <RemoteAudio />
    </div>
  );
}
