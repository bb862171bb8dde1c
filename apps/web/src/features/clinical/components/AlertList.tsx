import { useState } from 'react';
import { Link } from 'react-router';
import { clinicalRoutes, type ClinicalAlert } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { clientRecordPath } from '../../../app/paths';
import { toFormErrors } from '../../forms/form-errors';
import { item9AnswerLabels } from '../instruments';
import '../clinical.css';

/** Alerts with a way to mark each as seen; shown only to the course's therapists. */
export function AlertList({
  alerts,
  onChanged,
  newTab = false,
}: {
  alerts: readonly ClinicalAlert[];
  onChanged: () => void;
  /** Open records in a new tab (from a live call, which must not be left by a link). */
  newTab?: boolean;
}) {
  const client = useApiClient();
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const acknowledge = async (alert: ClinicalAlert) => {
    setBusy(alert.id);
    setProblem(null);
    try {
      await client.call(clinicalRoutes.acknowledgeAlert, { params: { alertId: alert.id } });
      onChanged();
    } catch (error) {
      setProblem(toFormErrors(error, []).form ?? 'We could not mark the alert as seen.');
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      {problem ? <p role="alert">{problem}</p> : null}
      <ul className="alerts">
        {alerts.map((alert) => (
          <li key={alert.id}>
            <p>
              <strong>{alert.client.displayName}</strong> answered PHQ-9 question 9 (thoughts of
              being better off dead or of self-harm):{' '}
              <strong>{item9AnswerLabels[alert.item9Answer]}</strong>.
            </p>
            <p className="muted">
              {alert.course.title}, check-in before session {alert.session.number}
              {alert.acknowledgedBy ? ` — seen by ${alert.acknowledgedBy.displayName}` : ''}
            </p>
            <p className="actions">
              <Link
                to={clientRecordPath(alert.course.id, alert.client.personId)}
                {...(newTab ? { target: '_blank', rel: 'noopener' } : {})}
              >
                Open {alert.client.displayName}’s record{newTab ? ' (new tab)' : ''}
              </Link>
              {alert.acknowledgedAt ? null : (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  disabled={busy === alert.id}
                  onClick={() => void acknowledge(alert)}
                >
                  Mark as seen
                </button>
              )}
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}
