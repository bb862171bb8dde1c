import { useParams } from 'react-router';
import { schedulingRoutes } from '@hearth/contracts';
import { useApiQuery } from '../../../api/useApiQuery';
import { formatSessionWhen } from '../../scheduling/schedule-time';
import { sessionHeading } from '../../scheduling/scheduling-labels';
import { useSession } from '../../auth/hooks/useSession';

/**
 * Which session a page at /sessions/:sessionId/… is about, and when: "Okafor family · Session 3
 * of 12 · Initial phase" over its date and times on the viewer's clock (the pre-join check).
 */
export function SessionIntro() {
  const { sessionId = '' } = useParams();
  const { person } = useSession();
  const { state } = useApiQuery(`session-intro:${sessionId}`, (client) =>
    client.call(schedulingRoutes.getSession, { params: { sessionId } }),
  );
  if (state.kind !== 'ready') return null;
  const session = state.data;
  const timeZone = person?.timeZone ?? session.course.timeZone;
  return (
    <div className="session-intro" data-testid="session-intro">
      <p className="session-intro__title">
        {session.course.title} · {sessionHeading(session.label, session.phase)}
      </p>
      <p className="muted">{formatSessionWhen(session.startsAt, session.endsAt, timeZone)}</p>
    </div>
  );
}
