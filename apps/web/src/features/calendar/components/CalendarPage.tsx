import { Link, useSearchParams } from 'react-router';
import type { Person } from '@hearth/contracts';
import { calendarWeekPath, paths } from '../../../app/paths';
import { timeZoneLabel } from '../../forms/time-zones';
import {
  addLocalDays,
  currentWeekMonday,
  formatShortLocalDate,
  isLocalDate,
  localDateOf,
  mondayOf,
  weekOf,
} from '../../scheduling/schedule-time';
import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import { useWeekSessions } from '../hooks/useWeekSessions';
import { WeekGrid } from './WeekGrid';

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
        <WeekGrid
          sessions={state.data}
          days={week.days}
          timeZone={me.timeZone}
          today={localDateOf(new Date(), me.timeZone)}
        />
      ) : null}
    </article>
  );
}
