import { Link } from 'react-router';
import type { Person, SessionListItem } from '@hearth/contracts';
import { joinSessionPath } from '../../../app/paths';
import { formatTime } from '../../scheduling/schedule-time';
import { blockText, joinAdvice } from '../join-window';

/**
 * A session's Join: a link while the live room lets the viewer in; otherwise what stands in the
 * way ("Opens at 09:50…", "Accept your place…"), beside a disabled button in a list of sessions
 * (`closed="button"`) or on its own on the next session's card (`closed="text"`).
 */
export function JoinControl({
  session,
  me,
  now,
  closed = 'button',
  idPrefix = 'join',
}: {
  session: SessionListItem;
  me: Person;
  now: Date;
  closed?: 'button' | 'text';
  /** Keeps the advice's id apart when one session shows twice on a page. */
  idPrefix?: string;
}) {
  const join = joinAdvice(session, now);
  const name = `Join ${session.course.title}, ${session.label}`;
  const at = (instant: Date) => formatTime(instant.toISOString(), me.timeZone);
  if (join.kind === 'open') {
    return (
      <>
        <Link className="button" to={joinSessionPath(session.id)} aria-label={name}>
          Join
        </Link>
        {now.getTime() >= Date.parse(session.endsAt) ? (
          <span className="muted">Open until {at(join.closesAt)}</span>
        ) : null}
      </>
    );
  }
  const adviceId = `${idPrefix}-${session.id}`;
  return (
    <>
      {closed === 'button' ? (
        <button
          className="button"
          type="button"
          disabled
          aria-describedby={adviceId}
          aria-label={name}
        >
          Join
        </button>
      ) : null}
      <span id={adviceId} className="muted" data-testid="join-advice">
        {join.blocks.map((block) => blockText(block, at)).join(' ')}
      </span>
    </>
  );
}
