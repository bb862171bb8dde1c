import { useNow } from '../../sessions/hooks/useNow';
import { formatCountdown, selfOf } from '../call-state';
import { useCall } from '../hooks/useCall';

/** Above the video: where one is, breakout countdowns, and notices such as being muted. */
export function CallStatus() {
  const { state, call } = useCall();
  const now = useNow(1000);
  const self = selfOf(state.view);
  const breakouts = state.view?.breakouts ?? null;
  const room = self?.breakoutRoom ?? null;
  const warning = state.breakoutWarningEndsAt;
  return (
    <div className="call-status">
      <p className="call-status__where">
        {room === null ? 'Main room' : `Breakout room ${room + 1}`}
        {state.view?.locked ? ' · Session locked' : ''}
        {breakouts?.endsAt && warning === null
          ? ` · Breakouts end in ${formatCountdown(Date.parse(breakouts.endsAt), now.getTime())}`
          : ''}
      </p>
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
