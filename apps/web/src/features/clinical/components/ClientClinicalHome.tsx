import { Link } from 'react-router';
import { clinicalRoutes, type Person } from '@hearth/contracts';
import { useApiQuery } from '../../../api/useApiQuery';
import { checkInPath, clientRecordPath } from '../../../app/paths';
import { formatLocalDate, formatTime, localDateOf } from '../../scheduling/schedule-time';
import { inventoryStatusLabels } from '../instruments';
import { ConsentPanel } from './ConsentPanel';

/** A client's home: the consent banner until accepted, and what to fill in before sessions. */
export function ClientClinicalHome({
  me,
  onConsentAccepted,
  part = 'all',
}: {
  me: Person;
  /** Home shows the consent; the Check-ins page what to fill in before sessions. */
  part?: 'consent' | 'tasks' | 'all';
  /** Told when the client accepts the consent (Home then shows Join where it now works). */
  onConsentAccepted?: () => void;
}) {
  const query = useApiQuery('clinical:tasks', (client) => client.call(clinicalRoutes.myTasks));
  const { state } = query;
  if (state.kind === 'loading') return null;
  if (state.kind === 'failed') {
    return <p className="muted">We could not load your check-ins. {state.message}</p>;
  }
  const { consent, checkIns, courses } = state.data;
  return (
    <>
      {consent.accepted || part === 'tasks' ? null : (
        <ConsentPanel
          onAccepted={() => {
            query.reload();
            onConsentAccepted?.();
          }}
        />
      )}
      {part === 'tasks' && checkIns.length === 0 && courses.length === 0 ? (
        <p>No check-in to fill in right now. One opens 72 hours before a session.</p>
      ) : null}
      {part !== 'consent' && (checkIns.length > 0 || courses.length > 0) ? (
        <section className="panel" aria-labelledby="before-sessions-heading">
          <h2 id="before-sessions-heading">Before your sessions</h2>
          {checkIns.length > 0 ? (
            <ul>
              {checkIns.map((c) => (
                <li key={c.sessionId}>
                  <Link to={checkInPath(c.sessionId)}>
                    Check-in for {c.courseTitle}, session {c.number} of {c.sessionCount}
                  </Link>{' '}
                  <span className="muted">
                    (before {formatLocalDate(localDateOf(new Date(c.startsAt), me.timeZone))},{' '}
                    {formatTime(c.startsAt, me.timeZone)})
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p>No check-in to fill in right now. One opens 72 hours before a session.</p>
          )}
          <ul>
            {courses.map((c) => (
              <li key={c.courseId}>
                <Link to={clientRecordPath(c.courseId, me.id)}>
                  {c.inventory === 'not_started'
                    ? `Fill in your important people for ${c.courseTitle}`
                    : `Your important people and goals for ${c.courseTitle}`}
                </Link>{' '}
                <span className="muted">({inventoryStatusLabels[c.inventory]})</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
