import { Link, useParams } from 'react-router';
import type { Agenda, Person, SessionDetail } from '@hearth/contracts';
import { paths } from '../../../app/paths';
import type { QueryState } from '../../../api/useApiQuery';
import { formatSessionWhen } from '../../scheduling/schedule-time';
import { sessionHeading } from '../../scheduling/scheduling-labels';
import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import type { ReceivedAgenda } from '../agenda-display';
import { useSessionAgenda } from '../hooks/useSessionAgenda';
import { AgendaEditor } from './AgendaEditor';
import { AgendaOverview, progressLine, useAgendaView } from './AgendaOverview';
import './agenda.css';

/**
 * A session's agenda for everyone who takes part in it; the session's therapists also edit it.
 * Who may edit is the API's call: a therapist who may not is told so when they save.
 */
export function AgendaPage() {
  const { sessionId = '' } = useParams();
  const { person } = useSession();
  const { agenda, session, replace } = useSessionAgenda(sessionId);
  useDocumentTitle('Session agenda');
  if (!person) return null;

  return (
    <article className="page page--wide agenda-page">
      <p>
        <Link to={paths.home}>Back to home</Link>
      </p>
      <h1>Session agenda</h1>
      {session.kind === 'ready' ? <SessionFacts session={session.data} me={person} /> : null}
      {agenda.kind === 'loading' ? <p role="status">Loading the agenda…</p> : null}
      {agenda.kind === 'failed' ? (
        <p role="alert">
          {agenda.status === 404
            ? 'We can’t find that session’s agenda. It may have been removed, or it is not a session you take part in.'
            : `We could not load the agenda. ${agenda.message}`}
        </p>
      ) : null}
      {agenda.kind === 'ready' ? (
        <AgendaBody received={agenda.data} session={session} me={person} onSaved={replace} />
      ) : null}
    </article>
  );
}

function SessionFacts({ session, me }: { session: SessionDetail; me: Person }) {
  return (
    <p className="agenda-page__session">
      <strong>{session.course.title}</strong>
      <span>{sessionHeading(session.label, session.phase)}</span>
      <span>{formatSessionWhen(session.startsAt, session.endsAt, me.timeZone)}</span>
      {session.status === 'cancelled' ? (
        <strong className="badge badge--bad">Cancelled</strong>
      ) : null}
    </p>
  );
}

function AgendaBody({
  received,
  session,
  me,
  onSaved,
}: {
  received: ReceivedAgenda;
  session: QueryState<SessionDetail>;
  me: Person;
  onSaved: (agenda: Agenda) => void;
}) {
  const { agenda } = received;
  const view = useAgendaView(received);
  // The person's role is a first guess; the session's own answer narrows it when it has come.
  const role = session.kind === 'ready' ? session.data.viewerRole : null;
  const leads =
    me.roles.includes('therapist') &&
    (role === null || role === 'therapist' || role === 'co_therapist');
  const cancelled = session.kind === 'ready' && session.data.status === 'cancelled';
  const finished = view.status === 'finished';
  return (
    <>
      <p className="agenda-page__progress" data-testid="agenda-progress">
        {progressLine(view)}
      </p>
      {leads && !finished && !cancelled ? (
        <AgendaEditor key={agenda.sessionId} agenda={agenda} onSaved={onSaved} />
      ) : (
        <>
          <AgendaOverview agenda={agenda} view={view} />
          {leads && finished ? (
            <p className="muted">This agenda is finished, so it can no longer be changed.</p>
          ) : null}
        </>
      )}
    </>
  );
}
