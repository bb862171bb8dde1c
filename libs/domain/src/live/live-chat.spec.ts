import { CHAT_HISTORY_LIMIT, LiveChat } from './live-chat';
import { newSeat } from './seats';

const t0 = new Date('2026-03-02T18:00:00Z');
const ana = newSeat(
  { id: 'a', displayName: 'Ana', role: 'client', knownMember: true },
  'admitted',
  t0,
);

describe('LiveChat', () => {
  it('numbers lines and stamps them with the sender’s name and the time', () => {
    const chat = new LiveChat();
    expect(chat.add(ana, 'hello', t0)).toEqual({
      id: 'm1',
      fromId: 'a',
      fromName: 'Ana',
      text: 'hello',
      sentAt: t0.toISOString(),
    });
    expect(chat.add(ana, 'again', t0).id).toBe('m2');
    expect(chat.history.map((line) => line.text)).toEqual(['hello', 'again']);
  });

  it('keeps only the last lines, dropping the oldest', () => {
    const chat = new LiveChat();
    for (let i = 0; i < CHAT_HISTORY_LIMIT + 5; i += 1) chat.add(ana, `line ${i}`, t0);
    expect(chat.history).toHaveLength(CHAT_HISTORY_LIMIT);
    expect(chat.history[0]?.text).toBe('line 5');
    expect(chat.history.at(-1)?.id).toBe(`m${CHAT_HISTORY_LIMIT + 5}`);
  });
});
