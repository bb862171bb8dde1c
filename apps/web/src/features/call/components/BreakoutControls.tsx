import { useState } from 'react';
import { useNow } from '../../sessions/hooks/useNow';
import {
  breakoutRoomCounts,
  defaultAssignment,
  parseBreakoutMinutes,
  planBreakouts,
  type RoomAssignment,
} from '../breakout-plan';
import { formatCountdown, inCall, selfOf } from '../call-state';
import { useCall } from '../hooks/useCall';

/** Therapists: split the clients into rooms, visit them, and bring everyone back. */
export function BreakoutControls() {
  const { state } = useCall();
  return (
    <section className="call-panel" aria-labelledby="breakouts-heading">
      <h2 id="breakouts-heading">Breakout rooms</h2>
      {state.view?.breakouts ? <OpenBreakouts /> : <BreakoutForm />}
    </section>
  );
}

function BreakoutForm() {
  const { state, call } = useCall();
  const clients = inCall(state.view).filter(
    (p) => p.role === 'client' && p.presence === 'admitted',
  );
  const ids = clients.map((p) => p.id);
  const [roomCount, setRoomCount] = useState(2);
  const [picks, setPicks] = useState<RoomAssignment>({});
  const [minutes, setMinutes] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const assignment = { ...defaultAssignment(ids, roomCount), ...picks };

  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        const plan = planBreakouts(ids, assignment, roomCount);
        const time = parseBreakoutMinutes(minutes);
        if (!plan.ok) return setProblem(plan.message);
        if (!time.ok) return setProblem(time.message);
        setProblem(null);
        void call.startBreakouts(plan.rooms, time.minutes);
      }}
    >
      <div className="field">
        <label htmlFor="breakout-count">Number of rooms</label>
        <select
          id="breakout-count"
          value={roomCount}
          onChange={(e) => setRoomCount(Number(e.target.value))}
        >
          {breakoutRoomCounts.map((n) => (
            <option key={n} value={n}>
              {n} rooms
            </option>
          ))}
        </select>
      </div>
      {clients.length === 0 ? <p className="muted">No clients are in the call.</p> : null}
      {clients.map((p) => (
        <div className="field" key={p.id}>
          <label htmlFor={`room-for-${p.id}`}>Room for {p.displayName}</label>
          <select
            id={`room-for-${p.id}`}
            value={Math.min(assignment[p.id] ?? 0, roomCount - 1)}
            onChange={(e) => setPicks({ ...picks, [p.id]: Number(e.target.value) })}
          >
            {Array.from({ length: roomCount }, (_, room) => (
              <option key={room} value={room}>
                Room {room + 1}
              </option>
            ))}
          </select>
        </div>
      ))}
      <div className="field">
        <label htmlFor="breakout-minutes">Minutes (optional)</label>
        <input
          id="breakout-minutes"
          inputMode="numeric"
          value={minutes}
          aria-describedby="breakout-minutes-hint"
          onChange={(e) => setMinutes(e.target.value)}
        />
        <p id="breakout-minutes-hint" className="field__hint">
          With a number, everyone comes back by themselves when the time is up; a warning shows a
          minute before.
        </p>
      </div>
      {problem ? (
        <p className="field__error" role="alert">
          {problem}
        </p>
      ) : null}
      <button type="submit" className="button">
        Open breakout rooms
      </button>
    </form>
  );
}

function OpenBreakouts() {
  const { state, call } = useCall();
  const now = useNow(1000);
  const breakouts = state.view?.breakouts;
  const self = selfOf(state.view);
  if (!breakouts) return null;
  const names = new Map(inCall(state.view).map((p) => [p.id, p.displayName]));
  const here = self?.breakoutRoom ?? null;
  return (
    <>
      {breakouts.endsAt ? (
        <p>
          Everyone comes back in{' '}
          <strong>{formatCountdown(Date.parse(breakouts.endsAt), now.getTime())}</strong>.
        </p>
      ) : null}
      <ul className="breakout-rooms">
        {breakouts.rooms.map((room, index) => (
          <li key={index}>
            <span>
              <strong>Room {index + 1}:</strong>{' '}
              {room.map((id) => names.get(id) ?? 'someone who left').join(', ')}
            </span>
            <button
              type="button"
              className="button button--small button--secondary"
              aria-pressed={here === index}
              onClick={() => void call.visitBreakout(index)}
            >
              Visit room {index + 1}
            </button>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button
          type="button"
          className="button button--small button--secondary"
          aria-pressed={here === null}
          onClick={() => void call.visitBreakout(null)}
        >
          Main room
        </button>
        <button
          type="button"
          className="button button--small"
          onClick={() => void call.endBreakouts()}
        >
          Bring everyone back
        </button>
      </div>
    </>
  );
}
