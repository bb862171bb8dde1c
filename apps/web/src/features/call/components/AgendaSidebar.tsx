import { AgendaPanel, type AgendaControls } from '../../agenda/components/AgendaPanel';
import { isTherapist } from '../call-state';
import { useCall } from '../hooks/useCall';

/**
 * The session agenda in the call's side panel, following the therapist; therapists lead it from
 * here. Safety alerts have their own tab and banner, so they never push the agenda away.
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
    />
  );
}
