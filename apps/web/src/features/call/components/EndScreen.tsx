import { Link } from 'react-router';
import { paths } from '../../../app/paths';
import type { EndReason } from '../call-state';
import { useCall } from '../hooks/useCall';

const headings: Record<EndReason, string> = {
  left: 'You have left the session',
  removed: 'You were removed from the session',
  denied: 'You were not let in',
  replaced: 'You joined from another window',
};

const explanations: Record<EndReason, string> = {
  left: 'Your camera and microphone are off.',
  removed: 'A therapist removed you, and you cannot rejoin this session.',
  denied: 'A therapist did not let you in to this session.',
  replaced: 'This session is open in another window or device, which has your place now.',
};

/** The end of the call: left, removed, denied, or moved to another window. */
export function EndScreen() {
  const { state } = useCall();
  const reason = state.end?.reason ?? 'left';
  return (
    <article className="page" aria-labelledby="end-heading">
      <h1 id="end-heading">{headings[reason]}</h1>
      <p>{explanations[reason]}</p>
      {state.end?.message ? (
        <blockquote className="notice">
          <p>Message from your therapist: {state.end.message}</p>
        </blockquote>
      ) : null}
      <p>
        <Link to={paths.home}>Back to your sessions</Link>
      </p>
    </article>
  );
}

/** Joining did not work: why, and a way to try again when trying again could help. */
export function JoinFailedScreen() {
  const { state, call } = useCall();
  const code = state.failure?.code ?? 'error';
  const final = code === 'forbidden' || code === 'not_found' || code === 'unauthenticated';
  return (
    <article className="page" aria-labelledby="failed-heading">
      <h1 id="failed-heading">You cannot join this session</h1>
      <p className="notice notice--bad" role="alert">
        {state.failure?.message}
      </p>
      <div className="actions">
        {final ? null : (
          <button type="button" className="button" onClick={() => void call.join()}>
            Try again
          </button>
        )}
        <Link to={paths.home}>Back to your sessions</Link>
      </div>
    </article>
  );
}
