import { useCall } from '../hooks/useCall';

/** The connection is too weak for video: offer to pause everyone's video and keep the audio. */
export function AudioOnlyOffer() {
  const { state, call } = useCall();
  if (!state.audioOnlyOffered || state.audioOnly) return null;
  return (
    <div className="call-banner call-banner--warn" data-testid="audio-only-offer">
      <p>
        Your connection is too weak for video. Switch to audio only? You will still hear everyone
        and they will still see you; only their video pauses for you.
      </p>
      <div className="actions">
        <button
          type="button"
          className="button button--small"
          onClick={() => void call.setAudioOnly(true)}
        >
          Switch to audio only
        </button>
        <button
          type="button"
          className="button button--small button--secondary"
          onClick={() => call.declineAudioOnly()}
        >
          Keep video
        </button>
      </div>
    </div>
  );
}

/** The standing choice, in the connection details: remembered on this device. */
export function AudioOnlyToggle() {
  const { state, call } = useCall();
  return (
    <div className="choice">
      <input
        id="audio-only"
        type="checkbox"
        checked={state.audioOnly}
        onChange={(e) => void call.setAudioOnly(e.target.checked)}
      />
      <label htmlFor="audio-only">
        Audio only: pause other people’s video for me (for a weak connection)
      </label>
    </div>
  );
}
