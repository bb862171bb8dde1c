import { Link, useSearchParams } from 'react-router';
import type { Person } from '@hearth/contracts';
import { calendarWeekPath, coursePath, paths } from '../../../app/paths';
import { timeZoneLabel } from '../../forms/time-zones';
import {
  addLocalDays,
  currentWeekMonday,
  formatLocalDate,
  formatShortLocalDate,
  formatTimeRange,
  groupByLocalDay,
  isLocalDate,
  mondayOf,
  weekOf,
} from '../../scheduling/schedule-time';
import { useSession } from '../../session/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import { useWeekSessions } from '../hooks/useWeekSessions';

export function CalendarPage() {
  useDocumentTitle('Calendar');
  const { person } = useSession();
  if (!person) return null;
  return <WeekView me={person} />;
}

function WeekView({ me }: { me: Person }) {
  const [search] = useSearchParams();
  const asked = search.get('week') ?? '';
  // A week in the address can be bookmarked and shared; anything else falls back to this week.
  const monday = isLocalDate(asked) ? mondayOf(asked) : currentWeekMonday(new Date(), me.timeZone);
  const week = weekOf(monday, me.timeZone);
  const { state } = useWeekSessions(week);
  const lastDay = week.days[6] ?? monday;

  return (
    <article className="page page--wide">
      <p>
        <Link to={paths.home}>Back to home</Link>
      </p>
      <h1>Calendar</h1>
      <nav className="week-nav" aria-label="Weeks">
        <Link className="button button--secondary" to={calendarWeekPath(addLocalDays(monday, -7))}>
          <span aria-hidden="true">←</span> Previous week
        </Link>
        <Link
          className="button button--secondary"
          to={calendarWeekPath(currentWeekMonday(new Date(), me.timeZone))}
        >
          This week
        </Link>
        <Link className="button button--secondary" to={calendarWeekPath(addLocalDays(monday, 7))}>
          Next week <span aria-hidden="true">→</span>
        </Link>
      </nav>
      <h2 className="week-title" aria-live="polite">
        Week of {formatShortLocalDate(monday)} to {formatShortLocalDate(lastDay)}
      </h2>
      <p className="muted">Times are in your time zone, {timeZoneLabel(me.timeZone)}.</p>
      {state.kind === 'loading' ? <p role="status">Loading the week…</p> : null}
      {state.kind === 'failed' ? (
        <p role="alert">We could not load this week’s sessions. {state.message}</p>
      ) : null}
      {state.kind === 'ready' ? (
        <div className="week">
          {groupByLocalDay(state.data, me.timeZone, week.days).map((day) => (
            <section className="week__day" key={day.date} aria-labelledby={`day-${day.date}`}>
              <h3 id={`day-${day.date}`}>{formatLocalDate(day.date)}</h3>
              {day.items.length === 0 ? (
                <p className="muted">No sessions</p>
              ) : (
                <ul className="week__sessions">
                  {day.items.map((session) => (
                    <li key={session.id} data-status={session.status}>
                      <span className="week__time">
                        {formatTimeRange(session.startsAt, session.endsAt, me.timeZone)}
                      </span>
                      <Link to={coursePath(session.course.id)}>{session.course.title}</Link>
                      <span>
                        {session.label}
                        {session.status === 'cancelled' ? (
                          <strong className="badge badge--bad"> Cancelled</strong>
                        ) : null}
                      </span>
                      <span className="muted">with {session.therapist.displayName}</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ))}
        </div>
      ) : null}
    </article>
  );
}
