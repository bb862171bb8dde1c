import { Link } from 'react-router';
import {
  clinicalRoutes,
  type CourseClinical,
  type CourseDetail,
  type Person,
} from '@hearth/contracts';
import { useApiQuery } from '../../../api/useApiQuery';
import { clientRecordPath } from '../../../app/paths';
import { focusAreaLabels } from '../../scheduling/scheduling-labels';
import { gad7SeverityLabels, inventoryStatusLabels, phq9SeverityLabels } from '../instruments';
import { CheckInScheduleSetting } from './CheckInScheduleSetting';
import { CheckInTable } from './CheckInTable';
import { TrendChart } from './TrendChart';
import '../clinical.css';

/**
 * The clinical part of a course page: the check-in schedule for its coordinators and
 * therapists, each client's consent, inventory, focus and check-in trend for its therapists,
 * and a client's way to their own records.
 */
export function CourseClinicalSection({ course, me }: { course: CourseDetail; me: Person }) {
  const runsIt =
    me.roles.includes('therapist') &&
    (course.therapist.personId === me.id || course.coTherapist?.personId === me.id);
  const plans = runsIt || me.roles.includes('coordinator');
  const isMember = course.members.some((m) => m.personId === me.id);
  if (!plans && !isMember) return null;

  return (
    <section className="panel" aria-labelledby="clinical-heading">
      <h2 id="clinical-heading">{runsIt ? 'Clients' : 'Check-ins and records'}</h2>
      {plans ? <CheckInScheduleSetting courseId={course.id} /> : null}
      {runsIt ? <ClientsOverview courseId={course.id} /> : null}
      {isMember && me.roles.includes('client') ? (
        <p>
          <Link to={clientRecordPath(course.id, me.id)}>Your important people and goals</Link>
        </p>
      ) : null}
    </section>
  );
}

function ClientsOverview({ courseId }: { courseId: string }) {
  const query = useApiQuery(`clinical:overview:${courseId}`, (c) =>
    c.call(clinicalRoutes.courseClinical, { params: { courseId } }),
  );
  const { state } = query;
  if (state.kind === 'loading') return <p role="status">Loading the clients’ records…</p>;
  if (state.kind === 'failed')
    return <p>We could not load the clients’ records. {state.message}</p>;
  if (state.data.clients.length === 0) return <p>No clients on the roster yet.</p>;
  return (
    <ul className="clinical-clients">
      {state.data.clients.map((c) => (
        <ClientSummary key={c.personId} courseId={courseId} client={c} />
      ))}
    </ul>
  );
}

function ClientSummary({
  courseId,
  client,
}: {
  courseId: string;
  client: CourseClinical['clients'][number];
}) {
  const latest = client.checkIns.at(-1);
  return (
    <li aria-label={client.displayName}>
      <p>
        <Link to={clientRecordPath(courseId, client.personId)}>
          <strong>{client.displayName}</strong>
        </Link>
        {client.openAlerts > 0 ? (
          <strong className="badge badge--bad">
            {' '}
            {client.openAlerts} open alert{client.openAlerts > 1 ? 's' : ''}
          </strong>
        ) : null}
      </p>
      <p className="muted">
        Consent {client.consentAccepted ? 'accepted' : 'not accepted yet'} · Inventory:{' '}
        {inventoryStatusLabels[client.inventory].toLowerCase()} · Focus:{' '}
        {client.focusAreas.length > 0
          ? client.focusAreas.map((a) => focusAreaLabels[a]).join(', ')
          : 'not agreed yet'}
      </p>
      {latest ? (
        <p>
          Latest (session {latest.sessionNumber}): PHQ-9 {latest.phq9Total} (
          {phq9SeverityLabels[latest.phq9Severity].toLowerCase()}), GAD-7 {latest.gad7Total} (
          {gad7SeverityLabels[latest.gad7Severity].toLowerCase()}), mood {latest.mood}/10
        </p>
      ) : (
        <p>No check-ins yet.</p>
      )}
      {client.checkIns.length > 0 ? (
        <>
          <TrendChart checkIns={client.checkIns} label={`${client.displayName}’s check-ins`} />
          <details className="trend-table">
            <summary>Check-ins as a table</summary>
            <CheckInTable checkIns={client.checkIns} />
          </details>
        </>
      ) : null}
    </li>
  );
}
