import { useState } from 'react';
import { Link } from 'react-router';
import { therapyRequestStatusValues, type TherapyRequestStatus } from '@hearth/contracts';
import { paths, therapyRequestPath } from '../../../app/paths';
import { SelectField } from '../../forms/components/SelectField';
import { formatDateTime } from '../../people/people-format';
import { focusAreaLabels, formatLabels } from '../../scheduling/scheduling-labels';
import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import { useTherapyRequests } from '../hooks/useTherapyRequests';
import { requestFormUrl, statusLabels } from '../matching-labels';

/** `/requests`: the practice's requests for therapy, for its coordinators. */
export function TherapyRequestsPage() {
  useDocumentTitle('Requests for therapy');
  const { person } = useSession();
  const [status, setStatus] = useState<TherapyRequestStatus | 'all'>('open');
  const { state } = useTherapyRequests(status === 'all' ? undefined : status);
  if (!person) return null;
  const formUrl = requestFormUrl(window.location.origin, person.practiceId);
  return (
    <article className="page page--wide">
      <p>
        <Link to={paths.home}>Back to home</Link>
      </p>
      <h1>Requests for therapy</h1>
      <p>
        People ask for therapy through your practice’s public form: <a href={formUrl}>{formUrl}</a>
      </p>
      <SelectField
        id="requests-status"
        label="Show"
        value={status}
        onChange={(event) => setStatus(event.target.value as TherapyRequestStatus | 'all')}
      >
        {therapyRequestStatusValues.map((s) => (
          <option key={s} value={s}>
            {statusLabels[s]}
          </option>
        ))}
        <option value="all">All</option>
      </SelectField>
      {state.kind === 'loading' ? <p role="status">Loading requests…</p> : null}
      {state.kind === 'failed' ? (
        <p role="alert">We could not load the requests. {state.message}</p>
      ) : null}
      {state.kind === 'ready' && state.data.length === 0 ? <p>No requests here.</p> : null}
      {state.kind === 'ready' && state.data.length > 0 ? (
        <ul className="courses" aria-label="Requests">
          {state.data.map((r) => (
            <li key={r.id}>
              <Link to={therapyRequestPath(r.id)}>
                {r.name} ({r.reference})
              </Link>
              <span className="muted">
                {statusLabels[r.status]} · {formatLabels[r.format]} ·{' '}
                {r.focusAreas.map((a) => focusAreaLabels[a]).join(', ') || 'focus not given'} ·
                received {formatDateTime(r.receivedAt, person.timeZone)}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
