import { useSession } from '../../auth/hooks/useSession';
import { attendanceError, attendanceView } from '../attendance-format';
import { useAttendance } from '../hooks/useAttendance';
import './attendance.css';

/** One session's attendance for its therapists and coordinators: a table, then each timeline. */
export function SessionAttendance({ sessionId, label }: { sessionId: string; label: string }) {
  const { person } = useSession();
  const { state, reload } = useAttendance(sessionId);
  const headingId = `attendance-${sessionId}`;
  const timeZone = person?.timeZone ?? 'UTC';
  return (
    <section className="attendance" aria-labelledby={headingId}>
      <h3 id={headingId}>Attendance, {label.toLowerCase()}</h3>
      {state.kind === 'loading' ? <p role="status">Loading the attendance…</p> : null}
      {state.kind === 'failed' ? (
        <>
          <p role="alert">{attendanceError(state.status, state.message)}</p>
          {state.status !== 403 && state.status !== 404 ? (
            <button
              className="button button--small button--secondary"
              type="button"
              onClick={reload}
            >
              Try again
            </button>
          ) : null}
        </>
      ) : null}
      {state.kind === 'ready' ? (
        <AttendanceTable view={attendanceView(state.data, timeZone)} />
      ) : null}
    </section>
  );
}

function AttendanceTable({ view }: { view: ReturnType<typeof attendanceView> }) {
  if (view.empty) return <p>Nobody has joined yet.</p>;
  return (
    <>
      <table className="attendance__table">
        <caption className="muted">{view.zoneNote}</caption>
        <thead>
          <tr>
            <th scope="col">Person</th>
            <th scope="col">First joined</th>
            <th scope="col">Admitted</th>
            <th scope="col">Last left</th>
          </tr>
        </thead>
        <tbody>
          {view.rows.map((row) => (
            <tr key={row.personId}>
              <th scope="row">{row.name}</th>
              <td>{row.firstJoined}</td>
              <td>{row.admitted}</td>
              <td>{row.lastLeft}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>What happened</h4>
      <ul className="attendance__events">
        {view.rows
          .filter((row) => row.events.length > 0)
          .map((row) => (
            <li key={row.personId}>
              <span className="attendance__who">{row.name}</span>: {row.events.join(', ')}
            </li>
          ))}
      </ul>
    </>
  );
}
