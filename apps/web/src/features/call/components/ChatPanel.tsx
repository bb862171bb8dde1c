import { useEffect, useState } from 'react';
import { CHAT_MAX_LENGTH } from '@hearth/contracts';
import { useSession } from '../../auth/hooks/useSession';
import { formatTime } from '../../scheduling/schedule-time';
import { useCall } from '../hooks/useCall';

/** The session's chat. Nothing is kept: it lives in the browsers taking part. */
export function ChatPanel() {
  const { state, call } = useCall();
  const { person } = useSession();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const timeZone = person?.timeZone ?? 'UTC';
  const count = state.chat.length;

  // Open, the panel shows every message, so none is unread.
  useEffect(() => {
    call.markChatRead();
  }, [call, count]);

  const send = async () => {
    const trimmed = text.trim();
    if (!trimmed || sending) return;
    setSending(true);
    const sent = await call.sendChat(trimmed);
    setSending(false);
    if (sent) setText('');
  };

  return (
    <section className="call-panel chat" aria-labelledby="chat-heading">
      <h2 id="chat-heading">Chat</h2>
      <p className="muted">Messages disappear when the session ends. Hearth does not keep them.</p>
      {state.chat.length === 0 ? (
        <p className="muted">No messages yet.</p>
      ) : (
        <ol className="chat__messages" aria-label="Messages">
          {state.chat.map((m) => (
            <li key={m.id} data-testid="chat-message">
              <span className="chat__from">
                {m.fromId === state.view?.selfId ? 'You' : m.fromName}
              </span>{' '}
              <time className="muted" dateTime={m.sentAt}>
                {formatTime(m.sentAt, timeZone)}
              </time>
              <p className="chat__text">{m.text}</p>
            </li>
          ))}
        </ol>
      )}
      <form
        className="chat__form"
        onSubmit={(event) => {
          event.preventDefault();
          void send();
        }}
      >
        <label htmlFor="chat-text">Message</label>
        <textarea
          id="chat-text"
          rows={2}
          value={text}
          maxLength={CHAT_MAX_LENGTH}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            // Enter sends; Shift+Enter starts a new line.
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void send();
            }
          }}
        />
        <button type="submit" className="button button--small" disabled={sending}>
          Send
        </button>
      </form>
    </section>
  );
}
