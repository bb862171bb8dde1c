import { useSessionAlerts } from '../hooks/useSessionAlerts';
import { AlertList } from './AlertList';

/**
 * For the call sidebar (therapists only): the session's alerts, refreshed while the call runs.
 * Renders nothing when there are none, so it takes no room in a calm session.
 */
export function SessionAlertsPanel({ sessionId, pollMs }: { sessionId: string; pollMs?: number }) {
  const query = useSessionAlerts(sessionId, pollMs);
  const { state } = query;
  if (state.kind !== 'ready' || state.data.alerts.length === 0) return null;
  return (
    <section className="call-panel" aria-labelledby="session-alerts-heading">
      <h2 id="session-alerts-heading">Safety alerts</h2>
      <AlertList alerts={state.data.alerts} onChanged={query.reload} />
    </section>
  );
}
