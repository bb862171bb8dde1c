import type { Agenda } from '@hearth/contracts';
import { useNow } from '../../sessions/hooks/useNow';
import {
  agendaDisplay,
  formatTimer,
  type AgendaDisplay,
  type ReceivedAgenda,
} from '../agenda-display';
import { totalLine } from '../agenda-editor';
import './agenda.css';

/** Where the agenda stands, on the server's clock: not started, which item now, or finished. */
export function progressLine(view: AgendaDisplay): string {
  if (view.status === 'not_started') return 'Not started yet.';
  if (view.status === 'finished') {
    return `Finished after ${formatTimer(view.clock.session.elapsedSeconds)}.`;
  }
  const current = view.clock.current;
  const item = current ? view.items[current.index] : undefined;
  const on = item
    ? `now on item ${current!.index + 1} of ${view.items.length}, “${item.title}”`
    : 'under way';
  return `In progress: ${on}, ${formatTimer(view.clock.session.elapsedSeconds)} into the session.`;
}

/** The agenda as it stands now, on the server's clock. */
export function useAgendaView(received: ReceivedAgenda): AgendaDisplay {
  const now = useNow(1000).getTime();
  return agendaDisplay(received, now);
}

const stateText = { done: 'Done', current: 'Now', upcoming: null } as const;

/** The agenda to read: each item's time box and go-round mark, and the total against the session. */
export function AgendaOverview({ agenda, view }: { agenda: Agenda; view: AgendaDisplay }) {
  const total = totalLine(
    agenda.items.reduce((sum, item) => sum + item.minutes, 0),
    agenda.durationMinutes,
  );
  return (
    <section className="panel" aria-labelledby="agenda-items-heading">
      <h2 id="agenda-items-heading">Items</h2>
      <ol className="agenda__items agenda-page__items">
        {view.items.map((item) => (
          <li
            key={item.id}
            className="agenda__item"
            data-state={item.state}
            data-testid="agenda-item"
            aria-current={item.state === 'current' ? 'step' : undefined}
          >
            <span className="agenda__title">
              {item.title}
              {item.goRound ? <span className="agenda__tag">Go-round</span> : null}
              {stateText[item.state] ? (
                <span className="agenda__tag">{stateText[item.state]}</span>
              ) : null}
            </span>
            <span className="agenda__time">
              {item.minutes} min
              {item.extendedBy > 0 ? ` + ${item.extendedBy} added` : ''}
            </span>
          </li>
        ))}
      </ol>
      <p className="agenda-page__total" data-over={total.over > 0 ? true : undefined}>
        {total.text}
      </p>
    </section>
  );
}
