import { useSession } from '../../auth/hooks/useSession';
import { formatTime } from '../../scheduling/schedule-time';
import { selfOf } from '../call-state';
import { useCall } from '../hooks/useCall';
import { MediaToggles } from './MediaToggles';
import { SessionHeader } from './SessionHeader';
import { TrackVideo } from './TrackVideo';

/** Until a therapist admits: one's own preview, the time one arrived, and a way out. */
export function WaitingRoomScreen() {
  const { state, call } = useCall();
  const { person } = useSession();
  const self = selfOf(state.view);
  const { local } = state;
  return (
    <article className="waiting" aria-labelledby="waiting-heading">
      <h1 id="waiting-heading">Waiting room</h1>
      {state.view ? <SessionHeader info={state.view.session} /> : null}
      <p className="lead">Your therapist will let you in shortly.</p>
      {self ? (
        <p className="muted">Waiting since {formatTime(self.since, person?.timeZone ?? 'UTC')}.</p>
      ) : null}
      <div className="prejoin__preview prejoin__preview--small">
        <TrackVideo track={local.cameraOn ? local.camera : null} mirrored />
        {local.cameraOn && local.camera ? null : <p className="prejoin__off">Your camera is off</p>}
      </div>
      <div className="actions">
        <MediaToggles />
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void call.leave()}
        >
          Leave
        </button>
      </div>
    </article>
  );
}
