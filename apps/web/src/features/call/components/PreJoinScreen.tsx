import { Link } from 'react-router';
import { paths } from '../../../app/paths';
import { SessionIntro } from '../../sessions/components/SessionIntro';
import { frameAccess } from '../call-client/frame-cryptor';
import { useCall } from '../hooks/useCall';
import { useMicrophoneLevel } from '../hooks/useMicrophoneLevel';
import { DevicePickers } from './DevicePickers';
import { MediaToggles } from './MediaToggles';
import { NoiseSuppressionToggle } from './NoiseSuppressionToggle';
import { TrackVideo } from './TrackVideo';

const qualityWords = {
  good: 'good',
  fair: 'fair: video may be less sharp',
  poor: 'poor: expect delays',
};

/** Check camera, microphone and network, choose how to enter, then join. */
export function PreJoinScreen() {
  const { state, call } = useCall();
  const { local, network } = state;
  const level = useMicrophoneLevel(local.microphone, local.microphoneOn);
  const joining = state.phase === 'joining';
  const camera = local.cameraOn ? local.camera : null;

  return (
    <article className="prejoin" aria-labelledby="prejoin-heading">
      <h1 id="prejoin-heading">Get ready to join</h1>
      <SessionIntro />
      <div className="prejoin__layout">
        <div className="prejoin__preview">
          <TrackVideo track={camera} mirrored />
          {camera ? null : (
            <p className="prejoin__off">
              {local.cameraOn ? 'Starting your camera…' : 'Your camera is off'}
            </p>
          )}
        </div>
        <div className="prejoin__checks">
          {local.problem ? (
            <p className="notice notice--bad" role="alert">
              {local.problem}
            </p>
          ) : null}
          <div className="actions">
            <MediaToggles />
          </div>
          <p className="muted">
            You will join with your microphone {local.microphoneOn ? 'on' : 'off'} and your camera{' '}
            {local.cameraOn ? 'on' : 'off'}.
          </p>
          <div className="field">
            <label htmlFor="mic-level">Microphone level</label>
            <meter id="mic-level" className="level" min={0} max={1} low={0.05} value={level} />
            <p className="field__hint">Say something: the bar should move.</p>
          </div>
          <NoiseSuppressionToggle idPrefix="prejoin" />
          <DevicePickers idPrefix="prejoin" />
          <div className="prejoin__network" role="status">
            {network.status === 'checking' || network.status === 'idle'
              ? 'Checking your connection to Hearth…'
              : network.status === 'done'
                ? `Connection to Hearth: ${qualityWords[network.quality]} (${network.roundTripMs} ms round trip).`
                : network.message}
          </div>
          {frameAccess() === null ? (
            <p className="notice" role="note">
              This browser cannot encrypt calls end to end. A practice that requires end-to-end
              encrypted sessions cannot connect your audio and video here: use a current Chrome,
              Edge, Firefox or Safari.
            </p>
          ) : null}
          {network.status === 'done' || network.status === 'failed' ? (
            <button
              type="button"
              className="button button--small button--secondary"
              onClick={() => void call.checkNetwork()}
            >
              Check the connection again
            </button>
          ) : null}
          <div className="actions">
            <button
              type="button"
              className="button"
              disabled={joining}
              onClick={() => void call.join()}
            >
              {joining ? 'Joining…' : 'Join'}
            </button>
            <Link to={paths.home}>Back to your sessions</Link>
          </div>
        </div>
      </div>
    </article>
  );
}
