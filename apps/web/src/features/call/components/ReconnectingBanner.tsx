import { useCall } from '../hooks/useCall';

/**
 * Shown while the call is being brought back by itself: the signalling connection (socket.io
 * reconnects), the media alone (ICE restarts), or the way back in after the seat was let go.
 */
export function ReconnectingBanner() {
  const { state } = useCall();
  const text = state.rejoining
    ? 'Taking you back into the session… Your place was let go while you were away; Hearth rejoins as soon as your connection allows.'
    : state.connection === 'reconnecting'
      ? 'Reconnecting… Your place in the session is kept for a minute.'
      : state.mediaReconnecting
        ? 'Reconnecting your audio and video… You stay in the session.'
        : null;
  return (
    <div role="status" className="call-banner-slot">
      {text ? (
        <p className="call-banner call-banner--warn" data-testid="reconnecting-banner">
          {text}
        </p>
      ) : null}
    </div>
  );
}
