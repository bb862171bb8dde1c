import { AgendaPanel, type AgendaControls } from '../../agenda/components/AgendaPanel';
import { SessionAlertsPanel } from '../../clinical/components/SessionAlertsPanel';
import { isTherapist } from '../call-state';
import { useCall } from '../hooks/useCall';

/**
 * The session agenda beside the video, following the therapist; therapists lead it from here and
 * see their clients' safety alerts above it.
 */
export function AgendaSidebar() {
  const { state, call } = useCall();
  const view = state.view;
  const names = new Map((view?.participants ?? []).map((p) => [p.id, p.displayName]));
  const controls: AgendaControls | null = isTherapist(view)
    ? {
        start: () => void call.agenda('start'),
        next: () => void call.agenda('next'),
        back: () => void call.agenda('back'),
        extend: (minutes) => void call.agenda({ extend: minutes }),
        nextTurn: () => void call.agenda('next-turn'),
        busy: state.agendaBusy,
        error: state.agendaError,
      }
    : null;
  return (
    <AgendaPanel
      received={state.agenda}
      session={view?.session ?? null}
      names={names}
      selfId={view?.selfId ?? null}
      controls={controls}
      before={
        // A PHQ-9 item 9 answer reaches the session's therapists here, and nobody else.
        controls && view ? <SessionAlertsPanel sessionId={view.sessionId} /> : null
      }
    />
  );
}
