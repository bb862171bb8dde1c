import type { LiveSessionInfo } from '@hearth/contracts';
import { useNow } from '../../sessions/hooks/useNow';
import { agendaDisplay, formatTimer, sessionLine, type ReceivedAgenda } from '../agenda-display';
import './agenda.css';

/** What a therapist can do with the agenda during the session. */
export interface AgendaControls {
  start(): void;
  next(): void;
  back(): void;
  extend(minutes: number): void;
  nextTurn(): void;
  readonly busy: boolean;
  readonly error: string | null;
}

/**
 * The session-agenda sidebar: which session this is, the items with the current one highlighted,
 * the item's and the session's timers on the server's clock, overrun warnings and the go-round
 * order. Therapists get the controls; everyone else the same view without them.
 */
export function AgendaPanel({
  received,
  session,
  names,
  selfId,
  controls,
}: {
  received: ReceivedAgenda | null;
  session: LiveSessionInfo | null;
  /** Display names by participant id, for the go-round. */
  names: ReadonlyMap<string, string>;
  selfId: string | null;
  controls: AgendaControls | null;
}) {
  const now = useNow(1000).getTime();
  const view = received ? agendaDisplay(received, now) : null;
  return (
    // Focusable, so that a keyboard can scroll a long agenda where it holds no control (a client's).
    <aside className="call-agenda agenda" aria-label="Session agenda" tabIndex={0}>
      <h2>Agenda</h2>
      {session ? <p className="agenda__session">{sessionLine(session)}</p> : null}
      {!view ? (
        <p className="muted">The agenda appears once you are in the call.</p>
      ) : (
        <>
          <p className="agenda__clock" data-testid="agenda-session-clock">
            {view.status === 'not_started'
              ? `Not started · ${formatTimer(view.clock.session.plannedSeconds)} planned`
              : view.status === 'finished'
                ? `Finished after ${formatTimer(view.clock.session.elapsedSeconds)}`
                : `Session ${formatTimer(view.clock.session.elapsedSeconds)} · ${formatTimer(view.clock.session.remainingSeconds)} left`}
          </p>
          {view.sessionOverrun && view.status === 'running' ? (
            <p className="agenda__warning" role="status">
              The session is past its planned time.
            </p>
          ) : null}
          {/* The therapist's controls sit under the timers, reachable without scrolling. */}
          {controls ? (
            <Controls status={view.status} controls={controls} hasRound={view.goRound !== null} />
          ) : null}
          <ol className="agenda__items">
            {view.items.map((item) => {
              const current = item.state === 'current' && view.clock.current;
              return (
                <li
                  key={item.id}
                  className="agenda__item"
                  data-state={item.state}
                  data-testid="agenda-item"
                  aria-current={item.state === 'current' ? 'step' : undefined}
                >
                  <span className="agenda__title">{item.title}</span>
                  <span className="agenda__meta">
                    <span className="agenda__time">
                      {current
                        ? `${formatTimer(current.elapsedSeconds)} of ${formatTimer(current.allowedSeconds)}`
                        : `${item.minutes + item.extendedBy} min`}
                    </span>
                    {item.goRound ? <span className="agenda__tag">Go-round</span> : null}
                  </span>
                  {current && view.itemOverrun ? (
                    <span className="agenda__warning" role="status">
                      Over time by {formatTimer(current.elapsedSeconds - current.allowedSeconds)}
                    </span>
                  ) : null}
                </li>
              );
            })}
          </ol>
          {view.goRound ? (
            <section aria-labelledby="go-round-heading" className="agenda__round">
              <h3 id="go-round-heading">Go-round</h3>
              <ol>
                {view.goRound.order.map((id, index) => (
                  <li
                    key={id}
                    data-turn={
                      index === view.goRound!.turn
                        ? 'now'
                        : index < view.goRound!.turn
                          ? 'done'
                          : 'next'
                    }
                    aria-current={index === view.goRound!.turn ? 'true' : undefined}
                  >
                    {names.get(id) ?? 'Someone who left'}
                    {id === selfId ? ' (you)' : ''}
                    {index === view.goRound!.turn ? ' — speaking now' : ''}
                  </li>
                ))}
              </ol>
            </section>
          ) : null}
        </>
      )}
    </aside>
  );
}

function Controls({
  status,
  controls,
  hasRound,
}: {
  status: 'not_started' | 'running' | 'finished';
  controls: AgendaControls;
  hasRound: boolean;
}) {
  const { busy } = controls;
  return (
    <div className="agenda__controls" role="group" aria-label="Lead the agenda">
      {status === 'not_started' ? (
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          onClick={controls.start}
        >
          Start the agenda
        </button>
      ) : null}
      {status === 'running' ? (
        <>
          <button
            type="button"
            className="button button--small button--secondary"
            disabled={busy}
            onClick={controls.back}
          >
            Previous item
          </button>
          <button
            type="button"
            className="button button--small"
            disabled={busy}
            onClick={controls.next}
          >
            Next item
          </button>
          <button
            type="button"
            className="button button--small button--secondary"
            disabled={busy}
            onClick={() => controls.extend(5)}
          >
            5 more minutes
          </button>
          {hasRound ? (
            <button
              type="button"
              className="button button--small button--secondary"
              disabled={busy}
              onClick={controls.nextTurn}
            >
              Next person
            </button>
          ) : null}
        </>
      ) : null}
      {controls.error ? (
        <p className="field__error" role="alert">
          {controls.error}
        </p>
      ) : null}
    </div>
  );
}
