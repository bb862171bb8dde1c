import type { ClinicalAlert } from '@hearth/contracts';
import { useState } from 'react';

/** The alerts not yet marked as seen: what the Alerts tab counts and the banner tells. */
export function openAlerts(alerts: readonly ClinicalAlert[]): ClinicalAlert[] {
  return alerts.filter((a) => a.acknowledgedAt === null);
}

/**
 * Over the video, for therapists: a new safety alert, until dismissed or opened. It sits above
 * the stage, never in the side panel, so the agenda stays where it is; dismissing hides this
 * alert's banner only (the Alerts tab keeps its count until the alert is marked as seen).
 */
export function SafetyAlertBanner({
  alerts,
  onOpen,
}: {
  alerts: readonly ClinicalAlert[];
  onOpen: () => void;
}) {
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const shown = openAlerts(alerts).filter((a) => !dismissed.has(a.id));
  const first = shown[0];
  return (
    // Always in the page, so that a banner appearing in it is announced.
    <div role="alert" className="call-banner-slot">
      {first ? (
        <div className="call-banner call-banner--bad" data-testid="safety-alert-banner">
          {/* Which check-in: an alert not yet seen from an earlier session shows here too. */}
          <p>
            Safety alert: {first.client.displayName} answered PHQ-9 question 9 in the check-in
            before session {first.session.number}
            {shown.length > 1 ? ` (and ${shown.length - 1} more)` : ''}.
          </p>
          <span className="call-banner__actions">
            <button type="button" className="button button--small" onClick={onOpen}>
              Open alerts
            </button>
            <button
              type="button"
              className="button button--small button--secondary"
              onClick={() => setDismissed(new Set([...dismissed, ...shown.map((a) => a.id)]))}
            >
              Dismiss
            </button>
          </span>
        </div>
      ) : null}
    </div>
  );
}
