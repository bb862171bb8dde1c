import { clinicalRoutes } from '@hearth/contracts';
import { useApiQuery } from '../../../api/useApiQuery';
import { AlertList } from './AlertList';

/** The therapist's dashboard: open alerts from the check-ins of the courses they run. */
export function AlertsSection() {
  const query = useApiQuery('clinical:alerts', (client) => client.call(clinicalRoutes.listAlerts));
  const { state } = query;
  return (
    <section className="panel" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">Safety alerts</h2>
      {state.kind === 'loading' ? <p role="status">Loading alerts…</p> : null}
      {state.kind === 'failed' ? <p>We could not load alerts. {state.message}</p> : null}
      {state.kind === 'ready' && state.data.alerts.length === 0 ? (
        <p>No open alerts. A client answering PHQ-9 question 9 above “not at all” shows here.</p>
      ) : null}
      {state.kind === 'ready' && state.data.alerts.length > 0 ? (
        <AlertList alerts={state.data.alerts} onChanged={query.reload} />
      ) : null}
    </section>
  );
}
