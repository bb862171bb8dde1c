import { useState } from 'react';
import type { Participant } from '@hearth/contracts';
import { useNow } from '../../sessions/hooks/useNow';
import {
  formatWaited,
  inCall,
  isTherapist,
  participantGrade,
  raisedHands,
  selfOf,
  waitingRoom,
  type ConnectionGrade,
} from '../call-state';
import { useCall } from '../hooks/useCall';
import { formatTime } from '../../scheduling/schedule-time';
import { useSession } from '../../auth/hooks/useSession';
import { EncryptionStatus } from './EncryptionStatus';

function stateWords(p: Participant, connection: ConnectionGrade): string[] {
  const words: string[] = [];
  if (p.presence === 'reconnecting') words.push('Reconnecting…');
  else if (connection === 'poor') words.push('poor connection');
  else if (connection === 'fair') words.push('unsteady connection');
  if (p.audioOnly) words.push('audio only');
  words.push(
    p.microphoneOn ? 'microphone on' : p.unmuteLocked ? 'muted by a therapist' : 'microphone off',
  );
  words.push(p.cameraOn ? 'camera on' : 'camera off');
  // Only therapists (and the person themself) are told this; others' views always say false.
  if (p.cameraOn && p.backgroundProcessed) words.push('background blurred or replaced');
  if (p.screenSharing) words.push('sharing their screen');
  if (p.handPosition !== null) words.push(`hand raised (${p.handPosition})`);
  if (p.breakoutRoom !== null) words.push(`in breakout room ${p.breakoutRoom + 1}`);
  return words;
}

/** Everyone in the session, and for therapists the waiting room and moderation. */
export function ParticipantsPanel() {
  const { state, call } = useCall();
  const now = useNow();
  const self = selfOf(state.view);
  const therapist = isTherapist(state.view);
  const people = inCall(state.view);
  const waiting = therapist ? waitingRoom(state.view) : [];
  const hands = raisedHands(state.view);
  const [lockUnmute, setLockUnmute] = useState(false);
  const locked = state.view?.locked ?? false;

  return (
    <section className="call-panel" aria-labelledby="participants-heading">
      <h2 id="participants-heading">Participants</h2>
      <EncryptionStatus />
      {therapist ? (
        <div className="moderation">
          <button
            type="button"
            className="button button--small button--secondary"
            aria-pressed={locked}
            onClick={() => void call.setLocked(!locked)}
          >
            Lock session
          </button>
          <span className="muted">
            {locked ? 'Locked: nobody new can come in.' : 'Open: people on the roster can join.'}
          </span>
          <div className="choice">
            <input
              id="lock-unmute"
              type="checkbox"
              checked={lockUnmute}
              onChange={(e) => setLockUnmute(e.target.checked)}
            />
            <label htmlFor="lock-unmute">Lock unmute: people I mute cannot unmute themselves</label>
          </div>
          <div className="actions">
            <button
              type="button"
              className="button button--small button--secondary"
              onClick={() => void call.muteAll(lockUnmute)}
            >
              Mute all
            </button>
            <button
              type="button"
              className="button button--small button--secondary"
              onClick={() => void call.allowUnmute()}
            >
              Allow everyone to unmute
            </button>
          </div>
        </div>
      ) : null}

      {therapist ? (
        <section aria-labelledby="waiting-heading">
          <h3 id="waiting-heading">Waiting room ({waiting.length})</h3>
          {waiting.length === 0 ? (
            <p className="muted">Nobody is waiting.</p>
          ) : (
            <>
              <button
                type="button"
                className="button button--small"
                onClick={() => void call.admitAll()}
              >
                Admit all ({waiting.length})
              </button>
              <ul className="participant-list">
                {waiting.map((p) => (
                  <WaitingRow key={p.id} person={p} now={now.getTime()} />
                ))}
              </ul>
            </>
          )}
        </section>
      ) : null}

      {hands.length > 0 ? (
        <section aria-labelledby="hands-heading">
          <h3 id="hands-heading">Raised hands</h3>
          <ol className="hand-queue">
            {hands.map((p) => (
              <li key={p.id}>
                <span>{p.id === self?.id ? `${p.displayName} (you)` : p.displayName}</span>
                {therapist || p.id === self?.id ? (
                  <button
                    type="button"
                    className="button button--small button--secondary"
                    onClick={() => void call.lowerHand(p.id === self?.id ? undefined : p.id)}
                  >
                    {p.id === self?.id ? 'Lower your hand' : `Lower ${p.displayName}’s hand`}
                  </button>
                ) : null}
              </li>
            ))}
          </ol>
          {therapist && hands.length > 1 ? (
            <button
              type="button"
              className="button button--small button--secondary"
              onClick={() => void call.lowerAllHands()}
            >
              Lower all hands
            </button>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="in-call-heading">
        <h3 id="in-call-heading">In the session ({people.length})</h3>
        <ul className="participant-list">
          {people.map((p) => (
            <PersonRow
              key={p.id}
              person={p}
              isSelf={p.id === self?.id}
              moderate={therapist && p.role === 'client'}
              lockUnmute={lockUnmute}
            />
          ))}
        </ul>
      </section>
    </section>
  );
}

function WaitingRow({ person, now }: { person: Participant; now: number }) {
  const { call } = useCall();
  const timeZone = useSession().person?.timeZone ?? 'UTC';
  const [denying, setDenying] = useState(false);
  const [message, setMessage] = useState('');
  const messageId = `deny-message-${person.id}`;
  return (
    <li
      data-testid="participant-row"
      data-participant-id={person.id}
      data-presence={person.presence}
    >
      <div className="participant-list__who">
        <span className="participant-list__name">{person.displayName}</span>
        <span className="muted">
          waiting {formatWaited(person.since, now)}
          <span className="visually-hidden">, since {formatTime(person.since, timeZone)}</span>
        </span>
      </div>
      <div className="participant-list__actions">
        <button
          type="button"
          className="button button--small"
          onClick={() => void call.admit(person.id)}
        >
          Admit {person.displayName}
        </button>
        <button
          type="button"
          className="button button--small button--secondary"
          aria-expanded={denying}
          onClick={() => setDenying(!denying)}
        >
          Deny {person.displayName}
        </button>
      </div>
      {denying ? (
        <form
          className="participant-list__confirm"
          onSubmit={(event) => {
            event.preventDefault();
            void call.deny(person.id, message);
          }}
        >
          <label htmlFor={messageId}>Message to {person.displayName} (optional)</label>
          <input
            id={messageId}
            value={message}
            maxLength={300}
            onChange={(e) => setMessage(e.target.value)}
          />
          <div className="actions">
            <button type="submit" className="button button--small button--danger">
              Deny entry to {person.displayName}
            </button>
            <button
              type="button"
              className="button button--small button--secondary"
              onClick={() => setDenying(false)}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </li>
  );
}

function PersonRow({
  person,
  isSelf,
  moderate,
  lockUnmute,
}: {
  person: Participant;
  isSelf: boolean;
  moderate: boolean;
  lockUnmute: boolean;
}) {
  const { state, call } = useCall();
  const [confirming, setConfirming] = useState(false);
  const name = person.displayName;
  const connection = participantGrade(state, person);
  return (
    <li
      data-testid="participant-row"
      data-participant-id={person.id}
      data-presence={person.presence}
      data-connection={connection}
    >
      <div className="participant-list__who">
        <span className="participant-list__name">
          {isSelf ? `${name} (you)` : name}
          {person.role === 'therapist' ? <span className="muted"> · therapist</span> : null}
        </span>
        <span className="muted">{stateWords(person, connection).join(', ')}</span>
      </div>
      {moderate ? (
        <div className="participant-list__actions">
          {person.microphoneOn ? (
            <button
              type="button"
              className="button button--small button--secondary"
              onClick={() => void call.mute(person.id, lockUnmute)}
            >
              Mute {name}
            </button>
          ) : null}
          {person.unmuteLocked ? (
            <button
              type="button"
              className="button button--small button--secondary"
              onClick={() => void call.allowUnmute(person.id)}
            >
              Allow {name} to unmute
            </button>
          ) : null}
          <button
            type="button"
            className="button button--small button--secondary"
            onClick={() => void call.sendBack(person.id)}
          >
            Send {name} to the waiting room
          </button>
          <button
            type="button"
            className="button button--small button--danger"
            aria-expanded={confirming}
            onClick={() => setConfirming(!confirming)}
          >
            Remove {name}
          </button>
        </div>
      ) : null}
      {confirming ? (
        <div className="participant-list__confirm" role="group" aria-label={`Remove ${name}?`}>
          <p>Remove {name} from the session? They cannot come back to this session.</p>
          <div className="actions">
            <button
              type="button"
              className="button button--small button--danger"
              onClick={() => {
                setConfirming(false);
                void call.remove(person.id);
              }}
            >
              Yes, remove {name}
            </button>
            <button
              type="button"
              className="button button--small button--secondary"
              onClick={() => setConfirming(false)}
            >
              Keep {name}
            </button>
          </div>
        </div>
      ) : null}
    </li>
  );
}
