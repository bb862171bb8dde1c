import { useNow } from '../../sessions/hooks/useNow';
import { formatCountdown, selfOf } from '../call-state';
import { useCall } from '../hooks/useCall';

/** Where one is: the main room or a breakout room, a locked session, the breakout countdown. */
export function CallWhere() {
  const { state } = useCall();
  const now = useNow(1000);
  const self = selfOf(state.view);
  const breakouts = state.view?.breakouts ?? null;
  const room = self?.breakoutRoom ?? null;
  return (
    <>
      <span className="call-status__where">
        {room === null ? 'Main room' : `Breakout room ${room + 1}`}
      </span>
      {state.view?.locked ? <span>Session locked</span> : null}
      {breakouts?.endsAt && state.breakoutWarningEndsAt === null ? (
        <span>Breakouts end in {formatCountdown(Date.parse(breakouts.endsAt), now.getTime())}</span>
      ) : null}
      {self?.unmuteLocked && !state.local.microphoneOn ? (
        <span>A therapist muted you; they can allow you to unmute</span>
      ) : null}
    </>
  );
}

/** Above the video: breakout warnings, and notices such as being muted, until dismissed. */
export function CallStatus() {
  const { state, call } = useCall();
  const now = useNow(1000);
  const breakouts = state.view?.breakouts ?? null;
  const warning = state.breakoutWarningEndsAt;
  if (!(breakouts && warning !== null) && !state.notice && !state.actionError) return null;
  return (
    <div className="call-status">
      {breakouts && warning !== null ? (
        <p className="call-banner call-banner--warn" data-testid="breakout-warning">
          Breakout rooms close in {formatCountdown(warning, now.getTime())}. Everyone then returns
          to the main room.
        </p>
      ) : null}
      {state.notice || state.actionError ? (
        <div className="call-banner" data-testid="call-notice">
          <p>{state.notice ?? state.actionError}</p>
          <button
            type="button"
            className="button button--small button--secondary"
            onClick={() => call.dismissNotice()}
          >
            Dismiss
          </button>
        </div>
      ) : null}
    </div>
  );
}
