import { Link } from 'react-router';
import type { Person, SessionListItem } from '@hearth/contracts';
import { coursePath, joinSessionPath, sessionAgendaPath } from '../../../app/paths';
import { formatSessionWhen, formatTime } from '../../scheduling/schedule-time';
import { sessionHeading } from '../../scheduling/scheduling-labels';
import { useNow } from '../hooks/useNow';
import { useUpcomingSessions } from '../hooks/useUpcomingSessions';
import { blockText, joinAdvice, joinState } from '../join-window';

/** A therapist's or client's next sessions, each with a Join button that opens on time. */
export function UpcomingSessions({
  me,
  heading,
  reloadKey = 0,
}: {
  me: Person;
  heading: string;
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
            <UpcomingItem key={session.id} session={session} me={me} now={now} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function UpcomingItem({ session, me, now }: { session: SessionListItem; me: Person; now: Date }) {
  const join = joinAdvice(session, now);
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
      <div className="upcoming__join">
        {join.kind === 'open' ? (
          <>
            <Link
              className="button"
              to={joinSessionPath(session.id)}
              aria-label={`Join ${session.course.title}, ${session.label}`}
            >
              Join
            </Link>
            {now.getTime() >= Date.parse(session.endsAt) ? (
              <span className="muted">
                Open until {formatTime(join.closesAt.toISOString(), me.timeZone)}
              </span>
            ) : null}
          </>
        ) : (
          <>
            <button
              className="button"
              type="button"
              disabled
              aria-describedby={`join-${session.id}`}
              aria-label={`Join ${session.course.title}, ${session.label}`}
            >
              Join
            </button>
            <span id={`join-${session.id}`} className="muted" data-testid="join-advice">
              {join.blocks
                .map((block) => blockText(block, (at) => formatTime(at.toISOString(), me.timeZone)))
                .join(' ')}
            </span>
          </>
        )}
      </div>
    </li>
  );
}
