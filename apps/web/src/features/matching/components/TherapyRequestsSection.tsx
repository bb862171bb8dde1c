import { Link } from 'react-router';
import { paths } from '../../../app/paths';
import { useTherapyRequests } from '../hooks/useTherapyRequests';

/** On a coordinator's home page: how many requests wait, and where to see them. */
export function TherapyRequestsSection() {
  const { state } = useTherapyRequests('open');
  return (
    <section className="panel" aria-labelledby="requests-heading">
      <h2 id="requests-heading">Requests for therapy</h2>
      {state.kind === 'loading' ? <p role="status">Loading requests…</p> : null}
      {state.kind === 'failed' ? (
        <p role="alert">We could not load the requests. {state.message}</p>
      ) : null}
      {state.kind === 'ready' ? (
        <p>
          {state.data.length === 0
            ? 'No requests are waiting.'
            : `${state.data.length} ${state.data.length === 1 ? 'request is' : 'requests are'} waiting.`}{' '}
          <Link to={paths.therapyRequests}>See requests</Link>
        </p>
      ) : null}
    </section>
  );
}
