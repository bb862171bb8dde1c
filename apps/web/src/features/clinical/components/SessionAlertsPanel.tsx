import type { ClinicalAlert } from '@hearth/contracts';
import { useSessionAlerts } from '../hooks/useSessionAlerts';
import { AlertList } from './AlertList';

/**
 * A session's alerts, refreshed while shown (therapists only). Renders nothing when there are
 * none, so it takes no room in a calm session.
 */
export function SessionAlertsPanel({ sessionId, pollMs }: { sessionId: string; pollMs?: number }) {
  const query = useSessionAlerts(sessionId, pollMs);
  const { state } = query;
  if (state.kind !== 'ready' || state.data.alerts.length === 0) return null;
  return <SessionAlertsSection alerts={state.data.alerts} onChanged={query.reload} />;
}

/**
 * The alerts under their heading; in the live call's Alerts tab it says so when there are none,
 * and records open in a new tab so the call stays.
 */
export function SessionAlertsSection({
  alerts,
  onChanged,
  inCall = false,
}: {
  alerts: readonly ClinicalAlert[];
  onChanged: () => void;
  inCall?: boolean;
}) {
  return (
    <section className="call-panel" aria-labelledby="session-alerts-heading">
      <h2 id="session-alerts-heading">Safety alerts</h2>
      {alerts.length === 0 ? (
        <p className="muted">No safety alerts for this session.</p>
      ) : (
        <AlertList alerts={alerts} onChanged={onChanged} newTab={inCall} />
      )}
    </section>
  );
}
