import { useNow } from '../../sessions/hooks/useNow';
import { agendaDisplay, formatTimer, type ReceivedAgenda } from '../agenda-display';

/**
 * The agenda in one line, for the call's top bar: the current item and its timer (or that the
 * agenda has not started or is finished), so it stays in sight whichever panel is open or none.
 */
export function AgendaStrip({ received }: { received: ReceivedAgenda | null }) {
  const now = useNow(1000).getTime();
  if (!received) return null;
  const view = agendaDisplay(received, now);
  const current = view.clock.current;
  const item = current ? view.items[current.index] : undefined;
  return (
    <p
      className="agenda-strip"
      data-testid="agenda-strip"
      data-over={view.itemOverrun || view.sessionOverrun ? true : undefined}
    >
      {view.status === 'not_started' ? (
        <span>Agenda not started</span>
      ) : view.status === 'finished' ? (
        <span>Agenda finished</span>
      ) : item && current ? (
        <>
          <span className="agenda-strip__step">
            {current.index + 1}/{view.items.length}
          </span>
          <span className="agenda-strip__title">{item.title}</span>
          <span className="agenda-strip__time">
            {formatTimer(current.elapsedSeconds)} of {formatTimer(current.allowedSeconds)}
            {view.itemOverrun ? ' · over time' : ''}
          </span>
        </>
      ) : (
        <span>Agenda under way</span>
      )}
    </p>
  );
}
