import type { ReactNode, RefObject } from 'react';
import type { CoursePreview } from '@hearth/contracts';
import { conflictMessage, type NameOf } from '../../scheduling/conflict-messages';
import { formatLocalDate, formatTimeRange } from '../../scheduling/schedule-time';
import { phaseLabels } from '../../scheduling/scheduling-labels';
import { timeZoneLabel } from '../../forms/time-zones';
import './courses.css';

/** The series a plan would create, each clash on the session it hits, and the way to save it. */
export function SeriesPreview({
  preview,
  nameOf,
  sectionRef,
  alert,
  saving,
  onSave,
}: {
  preview: CoursePreview;
  nameOf: NameOf;
  sectionRef: RefObject<HTMLElement | null>;
  alert: ReactNode;
  saving: boolean;
  onSave: () => void;
}) {
  const clashing = preview.sessions.filter((s) => s.conflicts.length > 0).length;
  const zone = preview.timeZone;
  return (
    <section className="panel" aria-labelledby="preview-heading" ref={sectionRef} tabIndex={-1}>
      <h2 id="preview-heading">Series preview</h2>
      <p>
        {preview.sessionCount} sessions of {preview.durationMinutes} minutes, from{' '}
        {formatLocalDate(preview.firstSessionDate)}. Times are in {timeZoneLabel(zone)}.
      </p>
      {clashing > 0 ? (
        <p className="notice notice--bad">
          {clashing === 1
            ? '1 session clashes with a session already booked.'
            : `${clashing} sessions clash with sessions already booked.`}{' '}
          Change the day, time or people and preview again; a course with clashes cannot be saved.
        </p>
      ) : (
        <p className="notice">No clashes: everyone taking part is free for every session.</p>
      )}
      <ol className="series">
        {preview.sessions.map((session) => (
          <li key={session.number} data-conflict={session.conflicts.length > 0 ? true : undefined}>
            <span className="series__label">{session.label}</span>
            <span className="series__phase">{phaseLabels[session.phase]}</span>
            <span className="series__when">
              {formatLocalDate(session.localDate)},{' '}
              {formatTimeRange(session.startsAt, session.endsAt, zone)}
            </span>
            {session.conflicts.length > 0 ? (
              <ul className="series__conflicts">
                {session.conflicts.map((conflict) => (
                  <li key={`${conflict.personId}-${conflict.existingSessionId}`}>
                    <strong>Clash: </strong>
                    {conflictMessage(conflict, nameOf, zone)}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
      {alert}
      <div className="actions">
        <button
          className="button"
          type="button"
          onClick={onSave}
          disabled={saving || preview.hasConflicts}
        >
          {saving ? 'Saving…' : 'Save course'}
        </button>
      </div>
    </section>
  );
}
