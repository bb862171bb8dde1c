import { useCall } from '../hooks/useCall';

/** Shown while the signalling connection is lost; socket.io reconnects by itself. */
export function ReconnectingBanner() {
  const { state } = useCall();
  if (state.connection !== 'reconnecting') return null;
  return (
    <p className="call-banner call-banner--warn" data-testid="reconnecting-banner">
      Reconnecting… Your place in the session is kept for a minute.
    </p>
  );
}
