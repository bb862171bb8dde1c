import { Link } from 'react-router';
import type { Person } from '@hearth/contracts';
import { sessionAgendaPath } from '../../../app/paths';
import { formatSessionWhen } from '../../scheduling/schedule-time';
import { sessionHeading } from '../../scheduling/scheduling-labels';
import { useNow } from '../hooks/useNow';
import { useUpcomingSessions } from '../hooks/useUpcomingSessions';
import { joinState } from '../join-window';
import { JoinControl } from './JoinControl';
import './next-session.css';

/**
 * The one session that matters most on Home: the next one not yet over, with Join when its room
 * is open and, until then, when it opens (or what to do first).
 */
export function NextSessionCard({ me, reloadKey = 0 }: { me: Person; reloadKey?: number }) {
  const { state } = useUpcomingSessions(reloadKey);
  const now = useNow();
  const next =
    state.kind === 'ready'
      ? state.data.find((s) => {
          const kind = joinState(s, now).kind;
          return kind !== 'ended' && kind !== 'cancelled';
        })
      : undefined;
  const id = 'next-session-heading';
  return (
    <section className="next-session" aria-labelledby={id}>
      <h2 id={id} className="next-session__kicker">
        Your next session
      </h2>
      {state.kind === 'loading' ? <p role="status">Loading your sessions…</p> : null}
      {state.kind === 'failed' ? (
        <p role="alert">We could not load your sessions. {state.message}</p>
      ) : null}
      {state.kind === 'ready' && !next ? (
        <p>Nothing in the next 8 weeks. Sessions your practice schedules for you appear here.</p>
      ) : null}
      {next ? (
        <>
          <p className="next-session__when">
            {formatSessionWhen(next.startsAt, next.endsAt, me.timeZone)}
          </p>
          <p className="next-session__title">{next.course.title}</p>
          <p className="next-session__label">{sessionHeading(next.label, next.phase)}</p>
          <div className="next-session__join">
            <JoinControl session={next} me={me} now={now} closed="text" idPrefix="next-join" />
          </div>
          <p>
            <Link
              to={sessionAgendaPath(next.id)}
              aria-label={`See the agenda for ${next.course.title}, ${next.label}`}
            >
              See the agenda
            </Link>
          </p>
        </>
      ) : null}
    </section>
  );
}
