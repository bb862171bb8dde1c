import type { CSSProperties, KeyboardEvent } from 'react';
import { Link } from 'react-router';
import type { SessionListItem } from '@hearth/contracts';
import { coursePath } from '../../../app/paths';
import { formatLocalDate, formatTimeRange } from '../../scheduling/schedule-time';
import { courseColour, layoutWeekGrid } from '../week-grid';
import '../calendar.css';

/** Custom properties the stylesheet places grid items with. */
type GridStyle = CSSProperties & Record<`--${string}`, number>;

const pad = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

/** "Mon 23", for a narrow column. */
const shortDay = (date: string) =>
  new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );

/**
 * Arrow keys move between the sessions' links: up and down within a day, left and right to the
 * nearest session of the previous or next day that has one. Tab still visits them in order.
 */
function moveFocus(event: KeyboardEvent<HTMLElement>): void {
  const keys: Record<string, [number, number]> = {
    ArrowUp: [0, -1],
    ArrowDown: [0, 1],
    ArrowLeft: [-1, 0],
    ArrowRight: [1, 0],
  };
  const move = keys[event.key];
  const from = event.target as HTMLElement;
  if (!move || !from.dataset['day']) return;
  const links = [...event.currentTarget.querySelectorAll<HTMLElement>('a[data-day]')];
  const day = Number(from.dataset['day']);
  const index = Number(from.dataset['index']);
  const next =
    move[0] === 0
      ? links.find(
          (l) => Number(l.dataset['day']) === day && Number(l.dataset['index']) === index + move[1],
        )
      : links
          .filter((l) => Math.sign(Number(l.dataset['day']) - day) === move[0])
          .sort(
            (a, b) =>
              Math.abs(Number(a.dataset['day']) - day) - Math.abs(Number(b.dataset['day']) - day),
          )[0];
  if (!next) return;
  event.preventDefault();
  next.focus();
}

/**
 * A week as a grid of hours (on a phone, a list of days): each session in its day's column from
 * its start to its end, coloured by course, today marked. Each day is a region with a list of its
 * sessions, so a screen reader hears the same week in either layout.
 */
export function WeekGrid({
  sessions,
  days,
  timeZone,
  today,
}: {
  sessions: readonly SessionListItem[];
  days: readonly string[];
  timeZone: string;
  today: string;
}) {
  const grid = layoutWeekGrid(sessions, timeZone, days);
  const hours = Array.from(
    { length: grid.lastHour - grid.firstHour },
    (_, i) => grid.firstHour + i,
  );
  return (
    <div className="week" style={{ '--hours': hours.length } as GridStyle} onKeyDown={moveFocus}>
      <ol className="week__hours" aria-hidden="true">
        {hours.map((hour) => (
          <li key={hour}>{pad(hour)}</li>
        ))}
      </ol>
      {grid.days.map((day, dayIndex) => (
        <section
          className="week__day"
          key={day.date}
          aria-labelledby={`day-${day.date}`}
          data-today={day.date === today || undefined}
        >
          <div className="week__day-head">
            <h3 id={`day-${day.date}`} aria-current={day.date === today ? 'date' : undefined}>
              <span className="week__day-long">{formatLocalDate(day.date)}</span>
              <span className="week__day-short" aria-hidden="true">
                {shortDay(day.date)}
              </span>
            </h3>
            {day.date === today ? <strong className="badge">Today</strong> : null}
          </div>
          {day.items.length === 0 ? <p className="muted week__empty">No sessions</p> : null}
          <ul className="week__sessions">
            {day.items.map(({ item: session, top, length, lane, lanes }, index) => (
              <li
                key={session.id}
                data-status={session.status}
                className={`course-colour-${courseColour(session.course.id)}`}
                style={
                  {
                    '--top': top,
                    '--length': length,
                    '--lane': lane,
                    '--lanes': lanes,
                  } as GridStyle
                }
              >
                <span className="week__time">
                  {formatTimeRange(session.startsAt, session.endsAt, timeZone)}
                </span>
                <Link to={coursePath(session.course.id)} data-day={dayIndex} data-index={index}>
                  {session.course.title}
                </Link>
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
        </section>
      ))}
    </div>
  );
}
