import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import {
  cancelBodySchema,
  rescheduleBodySchema,
  schedulingRoutes,
  type CourseDetail,
  type SessionSummary,
} from '@hearth/contracts';
import { instantFromLocal } from '@hearth/domain';
import { useApiClient } from '../../../api/useApiClient';
import { sessionAgendaPath } from '../../../app/paths';
import { FormAlert } from '../../forms/components/FormAlert';
import { TextField } from '../../forms/components/TextField';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';
import { conflictSummary, doubleBookings } from '../../scheduling/conflict-messages';
import {
  formatLocalDate,
  formatSessionWhen,
  formatTime,
  localDateOf,
} from '../../scheduling/schedule-time';
import { phaseLabels } from '../../scheduling/scheduling-labels';
import { SessionAttendance } from '../../attendance/components/SessionAttendance';
import { useSession } from '../../auth/hooks/useSession';
import { useNow } from '../../sessions/hooks/useNow';
import { joinState } from '../../sessions/join-window';
import './courses.css';

export function CourseSessionsSection({
  course,
  canChange,
  onChanged,
}: {
  course: CourseDetail;
  canChange: boolean;
  onChanged: () => void;
}) {
  const [open, setOpen] = useState<string | null>(null);
  const [attendanceOf, setAttendanceOf] = useState<string | null>(null);
  const { person } = useSession();
  const staff = Boolean(person?.roles.some((r) => r === 'therapist' || r === 'coordinator'));
  const nowDate = useNow(60_000);
  const now = nowDate.getTime();
  const nameOf = (id: string) =>
    [course.therapist, course.coTherapist, ...course.members].find((p) => p?.personId === id)
      ?.displayName;

  return (
    <section className="panel" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Sessions</h2>
      <p className="muted">Times are in the course’s time zone, {course.timeZone}.</p>
      <ol className="series">
        {course.sessions.map((session) => {
          const cancelled = session.status === 'cancelled';
          const changeable = canChange && !cancelled && Date.parse(session.startsAt) > now;
          // Attendance exists once the live room has opened.
          const attended = staff && !cancelled && joinState(session, nowDate).kind !== 'not_yet';
          return (
            <li key={session.id} data-status={session.status}>
              <span className="series__label">{session.label}</span>
              <span className="series__phase">{phaseLabels[session.phase]}</span>
              <span className="series__when">
                {cancelled ? <del>{when(session, course)}</del> : when(session, course)}
              </span>
              {cancelled ? <strong className="badge badge--bad">Cancelled</strong> : null}
              {session.movedFrom ? (
                <span className="series__moved" data-testid="session-moved">
                  Moved; first planned for{' '}
                  {formatLocalDate(localDateOf(new Date(session.movedFrom), course.timeZone))},{' '}
                  {formatTime(session.movedFrom, course.timeZone)}
                  {session.moveReason ? ` (${session.moveReason})` : ''}
                </span>
              ) : null}
              {staff && !cancelled ? (
                <Link
                  className="button button--secondary button--small"
                  to={sessionAgendaPath(session.id)}
                  aria-label={`Agenda, ${session.label.toLowerCase()}`}
                >
                  Agenda
                </Link>
              ) : null}
              {changeable ? (
                <button
                  className="button button--secondary button--small"
                  type="button"
                  aria-expanded={open === session.id}
                  onClick={() => setOpen(open === session.id ? null : session.id)}
                >
                  {open === session.id ? 'Close' : `Change ${session.label.toLowerCase()}`}
                </button>
              ) : null}
              {attended ? (
                <button
                  className="button button--secondary button--small"
                  type="button"
                  aria-expanded={attendanceOf === session.id}
                  aria-label={`Attendance, ${session.label.toLowerCase()}`}
                  onClick={() => setAttendanceOf(attendanceOf === session.id ? null : session.id)}
                >
                  {attendanceOf === session.id ? 'Hide attendance' : 'Attendance'}
                </button>
              ) : null}
              {attendanceOf === session.id ? (
                <SessionAttendance sessionId={session.id} label={session.label} />
              ) : null}
              {open === session.id ? (
                <div className="session-change">
                  <RescheduleForm
                    session={session}
                    course={course}
                    nameOf={nameOf}
                    onDone={() => {
                      setOpen(null);
                      onChanged();
                    }}
                  />
                  <CancelForm
                    session={session}
                    onDone={() => {
                      setOpen(null);
                      onChanged();
                    }}
                  />
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function when(session: SessionSummary, course: CourseDetail): string {
  return formatSessionWhen(session.startsAt, session.endsAt, course.timeZone);
}

const rescheduleFields = ['startsAt', 'durationMinutes', 'reason'] as const;

function RescheduleForm({
  session,
  course,
  nameOf,
  onDone,
}: {
  session: SessionSummary;
  course: CourseDetail;
  nameOf: (id: string) => string | undefined;
  onDone: () => void;
}) {
  const client = useApiClient();
  const form = useFormSubmit(`reschedule-${session.id}`, rescheduleFields);
  const [date, setDate] = useState(() => localDateOf(new Date(session.startsAt), course.timeZone));
  const [time, setTime] = useState(() => formatTime(session.startsAt, course.timeZone));
  const [reason, setReason] = useState('');
  const [clashes, setClashes] = useState<string[]>([]);

  const startsAt = (): string => {
    try {
      return instantFromLocal(date, time, course.timeZone).toISOString();
    } catch {
      // Left empty, the contract names the field: "must be an ISO date-time with an offset".
      return '';
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setClashes([]);
    void form.submit(
      rescheduleBodySchema,
      { startsAt: startsAt(), ...(reason.trim() ? { reason } : {}) },
      async (body) => {
        try {
          await client.call(schedulingRoutes.rescheduleSession, {
            params: { sessionId: session.id },
            body,
          });
        } catch (error) {
          setClashes(conflictSummary(doubleBookings(error), nameOf, course.timeZone));
          throw error;
        }
        onDone();
      },
    );
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={`Move ${session.label}`}>
      <h3>Move to another time</h3>
      <div className="field-row">
        <TextField
          id={form.fieldId('startsAt')}
          label="New date"
          type="date"
          value={date}
          onChange={(event) => setDate(event.target.value)}
          error={form.errors.fields.startsAt}
        />
        <TextField
          id={`${form.fieldId('startsAt')}-time`}
          label={`New start time (${course.timeZone})`}
          type="time"
          value={time}
          onChange={(event) => setTime(event.target.value)}
        />
      </div>
      <TextField
        id={form.fieldId('reason')}
        label="Reason (optional)"
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        error={form.errors.fields.reason}
      />
      <FormAlert message={form.errors.form} alertRef={form.alertRef} />
      {clashes.length > 0 ? (
        <ul className="series__conflicts">
          {clashes.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
      <button className="button" type="submit" disabled={form.submitting}>
        {form.submitting ? 'Moving…' : 'Move session'}
      </button>
    </form>
  );
}

const cancelFields = ['reason'] as const;

function CancelForm({ session, onDone }: { session: SessionSummary; onDone: () => void }) {
  const client = useApiClient();
  const form = useFormSubmit(`cancel-${session.id}`, cancelFields);
  const [reason, setReason] = useState('');

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void form.submit(cancelBodySchema, reason.trim() ? { reason } : {}, async (body) => {
      await client.call(schedulingRoutes.cancelSession, {
        params: { sessionId: session.id },
        body,
      });
      onDone();
    });
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={`Cancel ${session.label}`}>
      <h3>Cancel this session</h3>
      <p className="muted">
        Everyone’s time is freed; the session stays in the list, marked cancelled.
      </p>
      <TextField
        id={form.fieldId('reason')}
        label="Reason (optional)"
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        error={form.errors.fields.reason}
      />
      <FormAlert message={form.errors.form} alertRef={form.alertRef} />
      <button className="button button--danger" type="submit" disabled={form.submitting}>
        {form.submitting ? 'Cancelling…' : 'Cancel session'}
      </button>
    </form>
  );
}
