import { isTherapist, selfOf, waitingRoom } from '../call-state';
import { useCall } from '../hooks/useCall';
import { MediaToggles } from './MediaToggles';
import { ControlLabel, ToggleControl } from './ToggleControl';

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
      <div className="call-controls__group">
        <MediaToggles inBar />
        <ToggleControl
          label="Share screen"
          short="Share"
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
      </div>
      <div className="call-controls__group">
        <ToggleControl label="Chat" pressed={panel === 'chat'} onToggle={() => toggle('chat')}>
          {unread > 0 ? <Count n={unread} rest=" new" /> : null}
        </ToggleControl>
        <ToggleControl
          label="Participants"
          pressed={panel === 'participants'}
          onToggle={() => toggle('participants')}
        >
          {waiting > 0 ? <Count n={waiting} rest=" waiting" /> : null}
        </ToggleControl>
        {isTherapist(state.view) ? (
          <ToggleControl
            label="Breakout rooms"
            short="Breakout"
            pressed={panel === 'breakouts'}
            onToggle={() => toggle('breakouts')}
          />
        ) : null}
        <ToggleControl
          label="Connection details"
          short="Connection"
          pressed={panel === 'details'}
          onToggle={() => toggle('details')}
        />
      </div>
      <button type="button" className="control control--leave" onClick={() => void call.leave()}>
        Leave
      </button>
    </div>
  );
}

/** "2 waiting", of which only the number shows on narrow bars. */
function Count({ n, rest }: { n: number; rest: string }) {
  return (
    <span className="control__count">
      <ControlLabel label={`${n}${rest}`} short={String(n)} />
    </span>
  );
}
