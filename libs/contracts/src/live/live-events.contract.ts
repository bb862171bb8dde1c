import { z } from 'zod';
import { agendaSchema } from './agenda.contract';
import { e2eeMediaKeyEventSchema } from './e2ee.contract';
import {
  chatMessageSchema,
  consumerParametersSchema,
  liveRequests,
  seatReleasedSchema,
  sessionViewSchema,
  type LiveAck,
  type LiveRequestName,
  type LiveRequestResult,
} from './live.contract';
import { mediaQualitySchema, producerLayersSchema } from './media-quality.contract';

/**
 * Server→client events of the live session (on `LIVE_SOCKET_PATH`): one payload each, no
 * answer expected. The schemas are the declaration: the server's emits are typed by them and the
 * client parses every event it receives against them, dropping one that does not match.
 *
 * Objects are not strict here: a field added by a newer server is ignored by an older client
 * (during a rolling upgrade) rather than costing it the event.
 */
const goneNotice = z.object({
  /** The therapist's words to the person, if they wrote any. */
  message: z.string().nullable(),
});

export const liveServerEvents = {
  /** The recipient's whole view of the session, after any change. */
  'session:view': sessionViewSchema,
  /** A therapist denied entry; the connection closes after this. */
  'session:denied': goneNotice,
  /** A therapist removed the recipient; the connection closes after this. */
  'session:removed': goneNotice,
  /** The same person joined from another window, which now has the seat; this one closes. */
  'session:replaced': z.object({}),
  /** The seat hold ran out (or the session was reset); this connection closes, join again. */
  'seat:released': seatReleasedSchema,
  /** The session's media moved (a server process failed): drop transports and set up again. */
  'media:reset': z.object({ reason: z.literal('worker_restarted') }),
  'media:consumer:new': consumerParametersSchema,
  /** Dynacast: the simulcast layers of one of the recipient's producers that anyone receives. */
  'media:producer:layers': producerLayersSchema,
  /** Scores of the recipient's producers and consumers, at most once a second. */
  'media:quality': mediaQualitySchema,
  'media:consumer:closed': z.object({ consumerId: z.string() }),
  /** The sender muted or unmuted the track behind a consumer. */
  'media:consumer:paused': z.object({ consumerId: z.string(), paused: z.boolean() }),
  /** A therapist muted the recipient's microphone (`locked`: they may not unmute). */
  'moderation:muted': z.object({ locked: z.boolean() }),
  'chat:message': chatMessageSchema,
  /** The whole agenda: on being let in, and when its items were edited. */
  'agenda:state': agendaSchema,
  /** The therapist moved the agenda on: only the progress, the items are unchanged. */
  'agenda:progress': agendaSchema.pick({ sessionId: true, progress: true, serverNow: true }),
  /** Breakouts end in `secondsLeft` seconds (sent one minute before). */
  'breakout:warning': z.object({ secondsLeft: z.number().int().positive() }),
  /** Someone's media key, wrapped to the recipient's public key (end-to-end encryption). */
  'e2ee:media-key': e2eeMediaKeyEventSchema,
} as const;

export type LiveServerEventName = keyof typeof liveServerEvents;
export type LiveServerEventPayload<E extends LiveServerEventName> = z.infer<
  (typeof liveServerEvents)[E]
>;

/** Server→client events as socket.io types them: one payload, no answer. */
export type LiveServerEvents = {
  [E in LiveServerEventName]: (payload: LiveServerEventPayload<E>) => void;
};

export function isLiveServerEvent(event: string): event is LiveServerEventName {
  return Object.hasOwn(liveServerEvents, event);
}

/** What is wrong with a payload: each problem's place in it and its kind, never its contents. */
export type LiveEventProblems = readonly string[];

/**
 * Parses one server event against its schema: its data (with fields the contract does not name
 * left out), or where it fails. The problems name paths and zod issue codes only, so they can be
 * logged even when the payload holds someone's name or words.
 */
export function parseLiveServerEvent(
  event: string,
  payload: unknown,
): { ok: true; data: unknown } | { ok: false; problems: LiveEventProblems } {
  if (!isLiveServerEvent(event)) return { ok: false, problems: ['(unknown event)'] };
  const parsed = liveServerEvents[event].safeParse(payload);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, problems: wireProblems(parsed.error) };
}

const ackErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string() }),
});

/**
 * Parses the answer (ack) to one of the client's requests: a failure as every ack reports it, or
 * data of the shape the request's contract promises. Like events, the problems name places only.
 */
export function parseLiveAck<E extends LiveRequestName>(
  event: E,
  answer: unknown,
): { ok: true; ack: LiveAck<LiveRequestResult<E>> } | { ok: false; problems: LiveEventProblems } {
  const failure = ackErrorSchema.safeParse(answer);
  if (failure.success) return { ok: true, ack: failure.data };
  const data = z.object({ data: liveRequests[event].result }).safeParse(answer);
  if (data.success) return { ok: true, ack: { data: data.data.data as LiveRequestResult<E> } };
  return { ok: false, problems: wireProblems(data.error) };
}

/** A zod error as places and issue codes (`participants.0.presence: invalid_value`). */
export function wireProblems(error: z.ZodError): LiveEventProblems {
  return error.issues.map(
    (issue) => `${issue.path.map(String).join('.') || '(payload)'}: ${issue.code}`,
  );
}
