import { useCall } from '../hooks/useCall';

/**
 * The live region: admitted, muted by a therapist, breakout warnings. It stays in the page for
 * the whole call so screen readers are listening before anything is said.
 */
export function CallAnnouncer() {
  const { state } = useCall();
  const { announcement } = state;
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {announcement ? <p key={announcement.id}>{announcement.text}</p> : null}
    </div>
  );
}
