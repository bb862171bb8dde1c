import { Link } from 'react-router';
import type { Person, SessionListItem } from '@hearth/contracts';
import { coursePath, sessionAgendaPath } from '../../../app/paths';
import { formatSessionWhen } from '../../scheduling/schedule-time';
import { sessionHeading } from '../../scheduling/scheduling-labels';
import { useNow } from '../hooks/useNow';
import { useUpcomingSessions } from '../hooks/useUpcomingSessions';
import { joinState } from '../join-window';
import { JoinControl } from './JoinControl';
import './upcoming-sessions.css';

/** A therapist's or client's next sessions, each with a Join button that opens on time. */
export function UpcomingSessions({
  me,
  heading,
  reloadKey = 0,
  showJoin = true,
}: {
  me: Person;
  heading: string;
  /** Without, the list only says when each session is (the next one's card has the Join). */
  showJoin?: boolean;
  /** Changes when something that decides whether Join works changed (a place, consent). */
  reloadKey?: number;
}) {
  const { state } = useUpcomingSessions(reloadKey);
  const now = useNow();
  const id = 'upcoming-heading';
  // Sessions drop off once their live room has closed, as the page stays open.
  const shown =
    state.kind === 'ready' ? state.data.filter((s) => joinState(s, now).kind !== 'ended') : [];

  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {state.kind === 'loading' ? <p role="status">Loading your sessions…</p> : null}
      {state.kind === 'failed' ? (
        <p role="alert">We could not load your sessions. {state.message}</p>
      ) : null}
      {state.kind === 'ready' && shown.length === 0 ? (
        <p>Nothing in the next 8 weeks. Sessions your practice schedules for you appear here.</p>
      ) : null}
      {shown.length > 0 ? (
        <ul className="upcoming">
          {shown.map((session) => (
            <UpcomingItem
              key={session.id}
              session={session}
              me={me}
              now={now}
              showJoin={showJoin}
            />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function UpcomingItem({
  session,
  me,
  now,
  showJoin,
}: {
  session: SessionListItem;
  me: Person;
  now: Date;
  showJoin: boolean;
}) {
  const staff = session.viewerRole !== 'client';
  return (
    <li data-status={session.status}>
      <div className="upcoming__text">
        <span className="upcoming__when">
          {formatSessionWhen(session.startsAt, session.endsAt, me.timeZone)}
        </span>
        <span className="upcoming__title">
          {staff ? (
            <Link to={coursePath(session.course.id)}>{session.course.title}</Link>
          ) : (
            session.course.title
          )}
        </span>
        <span>{sessionHeading(session.label, session.phase)}</span>
        {session.status === 'cancelled' ? null : (
          <Link
            className="upcoming__agenda"
            to={sessionAgendaPath(session.id)}
            aria-label={`See the agenda for ${session.course.title}, ${session.label}`}
          >
            See the agenda
          </Link>
        )}
      </div>
      {showJoin ? (
        <div className="upcoming__join">
          <JoinControl session={session} me={me} now={now} />
        </div>
      ) : null}
    </li>
  );
}
