import { useCallback, useState } from 'react';
import { agendaRoutes, schedulingRoutes, type Agenda, type SessionDetail } from '@hearth/contracts';
import { useApiQuery, type QueryState } from '../../../api/useApiQuery';
import { receiveAgenda, type ReceivedAgenda } from '../agenda-display';

export interface SessionAgenda {
  readonly agenda: QueryState<ReceivedAgenda>;
  /** The session's course, number and times for the heading; the agenda stands without it. */
  readonly session: QueryState<SessionDetail>;
  /** Shows the agenda a save returned, without reading it again. */
  replace(agenda: Agenda): void;
}

/** A session's agenda and the session it belongs to. */
export function useSessionAgenda(sessionId: string): SessionAgenda {
  const agendaQuery = useApiQuery(`agenda:${sessionId}`, async (client) =>
    receiveAgenda(await client.call(agendaRoutes.getAgenda, { params: { sessionId } }), Date.now()),
  );
  const session = useApiQuery(`session:${sessionId}`, (client) =>
    client.call(schedulingRoutes.getSession, { params: { sessionId } }),
  ).state;
  const [latest, setLatest] = useState<ReceivedAgenda | null>(null);
  const agenda: QueryState<ReceivedAgenda> =
    latest && latest.agenda.sessionId === sessionId
      ? { kind: 'ready', data: latest }
      : agendaQuery.state;
  const replace = useCallback((saved: Agenda) => setLatest(receiveAgenda(saved, Date.now())), []);
  return { agenda, session, replace };
}
