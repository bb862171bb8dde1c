import type { LiveChatMessage } from './live-types';
import type { Seat } from './seats';

/** Chat kept in memory for late joiners; older lines drop off. */
export const CHAT_HISTORY_LIMIT = 200;

/** The session's chat: the last {@link CHAT_HISTORY_LIMIT} lines, in memory only. */
export class LiveChat {
  readonly #lines: LiveChatMessage[] = [];
  #counter = 0;

  get history(): readonly LiveChatMessage[] {
    return this.#lines;
  }

  /** Adds a line from `from` (the session checks they are in the call). */
  add(from: Seat, text: string, now: Date): LiveChatMessage {
    const message: LiveChatMessage = {
      id: `m${++this.#counter}`,
      fromId: from.id,
      fromName: from.displayName,
      text,
      sentAt: now.toISOString(),
    };
    this.#lines.push(message);
    if (this.#lines.length > CHAT_HISTORY_LIMIT) this.#lines.shift();
    return message;
  }
}
