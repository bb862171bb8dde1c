import { useState, type FormEvent } from 'react';
import {
  clinicalRoutes,
  type CourseDetail,
  type ProgressNote,
  type TherapistNote,
} from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { useApiQuery } from '../../../api/useApiQuery';
import { toFormErrors } from '../../forms/form-errors';

/**
 * Session by session: progress on the client's goals (the client sees it) and, for the
 * therapists only, the private note — never sent to a client's browser.
 */
export function SessionNotesSection({
  course,
  personId,
  asTherapist,
}: {
  course: CourseDetail;
  personId: string;
  asTherapist: boolean;
}) {
  const params = { courseId: course.id, personId };
  const progress = useApiQuery(`clinical:progress:${course.id}:${personId}`, (c) =>
    c.call(clinicalRoutes.listProgress, { params }),
  );
  const notes = useApiQuery(`clinical:notes:${course.id}:${personId}:${asTherapist}`, (c) =>
    asTherapist
      ? c.call(clinicalRoutes.listNotes, { params })
      : Promise.resolve({ notes: [] as TherapistNote[] }),
  );
  if (progress.state.kind !== 'ready' || notes.state.kind !== 'ready') {
    const failed =
      progress.state.kind === 'failed'
        ? progress.state
        : notes.state.kind === 'failed'
          ? notes.state
          : null;
    return (
      <section className="panel" aria-labelledby="session-notes-heading">
        <h2 id="session-notes-heading">{asTherapist ? 'Progress and notes' : 'Progress'}</h2>
        {failed ? (
          <p role="alert">We could not load the notes. {failed.message}</p>
        ) : (
          <p role="status">Loading…</p>
        )}
      </section>
    );
  }
  const progressBy = new Map(progress.state.data.notes.map((n) => [n.sessionId, n]));
  const noteBy = new Map(notes.state.data.notes.map((n) => [n.sessionId, n]));
  const sessions = asTherapist
    ? course.sessions.filter(
        (s) => s.status === 'scheduled' || progressBy.has(s.id) || noteBy.has(s.id),
      )
    : course.sessions.filter((s) => progressBy.has(s.id));

  return (
    <section className="panel" aria-labelledby="session-notes-heading">
      <h2 id="session-notes-heading">{asTherapist ? 'Progress and notes' : 'Progress'}</h2>
      {sessions.length === 0 ? <p>Nothing recorded yet.</p> : null}
      <ol className="series">
        {sessions.map((s) => (
          <li key={s.id}>
            <span className="series__label">{s.label}</span>
            {asTherapist ? (
              <SessionNotesEditor
                sessionId={s.id}
                personId={personId}
                label={s.label}
                progress={progressBy.get(s.id)}
                note={noteBy.get(s.id)}
                onSaved={() => {
                  progress.reload();
                  notes.reload();
                }}
              />
            ) : (
              <p>{progressBy.get(s.id)?.text}</p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function SessionNotesEditor({
  sessionId,
  personId,
  label,
  progress,
  note,
  onSaved,
}: {
  sessionId: string;
  personId: string;
  label: string;
  progress: ProgressNote | undefined;
  note: TherapistNote | undefined;
  onSaved: () => void;
}) {
  const client = useApiClient();
  const [open, setOpen] = useState(false);
  const [progressText, setProgressText] = useState(progress?.text ?? '');
  const [noteText, setNoteText] = useState(note?.text ?? '');
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const id = `notes-${sessionId}`;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setMessage(null);
    try {
      const params = { sessionId, personId };
      if (progressText.trim() && progressText.trim() !== progress?.text) {
        await client.call(clinicalRoutes.putProgress, { params, body: { text: progressText } });
      }
      if (noteText.trim() && noteText.trim() !== note?.text) {
        await client.call(clinicalRoutes.putNote, { params, body: { text: noteText } });
      }
      setMessage({ text: 'Saved.', bad: false });
      onSaved();
    } catch (error) {
      setMessage({ text: toFormErrors(error, []).form ?? 'Not saved.', bad: true });
    }
  };

  return (
    <div>
      {progress ? <p>Progress: {progress.text}</p> : null}
      {note ? (
        <p className="muted">
          Private note by {note.author.displayName}: {note.text}
        </p>
      ) : null}
      <button
        type="button"
        className="button button--secondary button--small"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Close' : `Write notes for ${label.toLowerCase()}`}
      </button>
      {open ? (
        <form className="form" onSubmit={(e) => void onSubmit(e)} aria-label={`Notes for ${label}`}>
          <div className="field">
            <label htmlFor={`${id}-progress`}>Progress on the goals (the client sees this)</label>
            <textarea
              id={`${id}-progress`}
              rows={3}
              maxLength={2000}
              value={progressText}
              onChange={(e) => setProgressText(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-note`}>Private note (therapists only, encrypted)</label>
            <textarea
              id={`${id}-note`}
              rows={5}
              maxLength={10000}
              value={noteText}
              onChange={(e) => setNoteText(e.target.value)}
            />
          </div>
          <button className="button" type="submit">
            Save notes
          </button>
          {message ? <p role={message.bad ? 'alert' : 'status'}>{message.text}</p> : null}
        </form>
      ) : null}
    </div>
  );
}
