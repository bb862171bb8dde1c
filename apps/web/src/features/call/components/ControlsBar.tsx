import { isTherapist, selfOf, waitingRoom } from '../call-state';
import { useCall } from '../hooks/useCall';
import { MediaToggles } from './MediaToggles';
import { ToggleControl } from './ToggleControl';

/** The side panel open beside the video, one at a time. */
export type CallPanel = 'participants' | 'chat' | 'breakouts' | 'details';

/** The bar under the video: one's own media, hand, panels and leaving. */
export function ControlsBar({
  panel,
  onPanel,
}: {
  panel: CallPanel | null;
  onPanel: (panel: CallPanel | null) => void;
}) {
  const { state, call } = useCall();
  const self = selfOf(state.view);
  const { local } = state;
  const hand = self?.handPosition ?? null;
  const unread = state.chat.length - state.chatRead;
  const waiting = isTherapist(state.view) ? waitingRoom(state.view).length : 0;
  const toggle = (which: CallPanel) => onPanel(panel === which ? null : which);

  return (
    <div className="call-controls" role="toolbar" aria-label="Call controls">
      <MediaToggles />
      <ToggleControl
        label="Share screen"
        pressed={local.screen !== null}
        disabled={state.media !== 'live' && local.screen === null}
        onToggle={() => void call.toggleScreenShare()}
      />
      <ToggleControl
        label="Raise hand"
        pressed={hand !== null}
        onToggle={() => void (hand === null ? call.raiseHand() : call.lowerHand())}
      >
        {hand !== null ? <span className="control__state">{`#${hand}`}</span> : null}
      </ToggleControl>
      <ToggleControl label="Chat" pressed={panel === 'chat'} onToggle={() => toggle('chat')}>
        {unread > 0 ? <span className="control__count">{unread} new</span> : null}
      </ToggleControl>
      <ToggleControl
        label="Participants"
        pressed={panel === 'participants'}
        onToggle={() => toggle('participants')}
      >
        {waiting > 0 ? <span className="control__count">{waiting} waiting</span> : null}
      </ToggleControl>
      {isTherapist(state.view) ? (
        <ToggleControl
          label="Breakout rooms"
          pressed={panel === 'breakouts'}
          onToggle={() => toggle('breakouts')}
        />
      ) : null}
      <ToggleControl
        label="Connection details"
        pressed={panel === 'details'}
        onToggle={() => toggle('details')}
      />
      <button type="button" className="control control--leave" onClick={() => void call.leave()}>
        Leave
      </button>
    </div>
  );
}
