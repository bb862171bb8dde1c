import { parseLiveAck, parseLiveServerEvent, type LiveEventProblems } from '@hearth/contracts';
import type { LiveConnection } from './live-connection';

/** Says that an event was dropped and where it was wrong; never what it held. */
export type DroppedEventLog = (event: string, problems: LiveEventProblems) => void;

export const logDroppedEvent: DroppedEventLog = (event, problems) => {
  // For whoever supports the person: the event's name and the places it broke the contract
  // (its contents may be someone's name or words, and stay out of the console).
  // eslint-disable-next-line no-console
  console.warn(`[call] dropped a malformed ${event} event:`, problems.join('; '));
};

/** What a request's caller gets when the server's answer does not match the contract. */
export const unreadableAnswer = {
  code: 'unreadable_answer',
  message: 'The server answered in a way this page does not understand; reload the page.',
} as const;

/**
 * The connection with every server event parsed against its contract before a listener sees it:
 * listeners get the parsed data, and an event that does not match is logged and dropped, so a
 * server (or a proxy) sending something unexpected cannot break the call. Answers to requests
 * are parsed too: one that does not match is logged and reaches its caller as a failure.
 */
export function checkedServerEvents(
  connection: LiveConnection,
  log: DroppedEventLog = logDroppedEvent,
): LiveConnection {
  return {
    connect: () => connection.connect(),
    close: () => connection.close(),
    emit(event, payload, ack) {
      connection.emit(event, payload, (answer) => {
        const parsed = parseLiveAck(event, answer);
        if (parsed.ok) return ack(parsed.ack);
        log(`answer to ${event}`, parsed.problems);
        ack({ error: unreadableAnswer });
      });
    },
    onConnection: (listener) => connection.onConnection(listener),
    on(event, listener) {
      const deliver = listener as (payload: unknown) => void;
      const checked = (payload: unknown) => {
        const parsed = parseLiveServerEvent(event, payload);
        if (parsed.ok) deliver(parsed.data);
        else log(event, parsed.problems);
      };
      connection.on(event, checked as typeof listener);
    },
  };
}
