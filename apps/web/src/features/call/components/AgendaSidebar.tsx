/** The place of the session agenda beside the video; the agenda itself comes with its own work. */
export function AgendaSidebar() {
  return (
    <aside className="call-agenda" aria-label="Session agenda">
      <h2>Agenda</h2>
      <p className="muted">
        The session’s agenda will be shown here, following the therapist as the session moves
        through it. It is not available yet.
      </p>
    </aside>
  );
}
