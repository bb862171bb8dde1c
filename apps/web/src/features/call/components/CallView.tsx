import { useState } from 'react';
import { BreakoutControls } from './BreakoutControls';
import { AgendaSidebar } from './AgendaSidebar';
import { CallStatus } from './CallStatus';
import { ChatPanel } from './ChatPanel';
import { ConnectionDetails } from './ConnectionDetails';
import { ControlsBar, type CallPanel } from './ControlsBar';
import { ParticipantsPanel } from './ParticipantsPanel';
import { ReconnectingBanner } from './ReconnectingBanner';
import { RemoteAudio } from './RemoteAudio';
import { VideoGrid } from './VideoGrid';

/** In the call: the video, one side panel, the agenda beside them, the controls below. */
export function CallView() {
  const [panel, setPanel] = useState<CallPanel | null>(null);
  return (
    <div className="call">
      <h1 className="visually-hidden">Live session</h1>
      <ReconnectingBanner />
      <CallStatus />
      <div className="call__body">
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
