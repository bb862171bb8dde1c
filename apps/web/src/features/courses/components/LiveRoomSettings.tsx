import { useLiveSettings, liveSettingsError } from '../hooks/useLiveSettings';

/** The course's live room, for its coordinators and therapists: who may skip the waiting room. */
export function LiveRoomSettings({ courseId }: { courseId: string }) {
  const editor = useLiveSettings(courseId);
  const { state, settings } = editor;
  const id = `live-room-${courseId}`;
  return (
    <section className="panel" aria-labelledby="live-room-heading">
      <h2 id="live-room-heading">Live room</h2>
      {state.kind === 'loading' ? <p role="status">Loading the live-room settings…</p> : null}
      {state.kind === 'failed' ? (
        <p role="alert">
          We could not load the live-room settings. {liveSettingsError(state.status, state.message)}
        </p>
      ) : null}
      {settings ? (
        <div className="field">
          <div className="choice">
            <input
              id={id}
              type="checkbox"
              checked={settings.autoAdmitMembers}
              disabled={editor.saving}
              aria-describedby={`${id}-hint`}
              onChange={(event) => void editor.save({ autoAdmitMembers: event.target.checked })}
            />
            <label htmlFor={id}>Let roster members skip the waiting room</label>
          </div>
          <p id={`${id}-hint`} className="field__hint">
            Active members of this course go straight into the call. Everyone else still waits to be
            let in, and a locked session lets nobody new in.
          </p>
          <p role="status" className="muted">
            {editor.saving ? 'Saving…' : editor.saved ? 'Saved.' : ''}
          </p>
          {editor.error ? (
            <p role="alert" className="notice notice--bad">
              Your change was not saved. {editor.error}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
