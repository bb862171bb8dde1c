import { z } from 'zod';
import { uuid } from '../primitives';
import { humanText } from '../primitives/text';
import { courseFormatSchema, iptPhaseSchema } from '../scheduling/scheduling.contract';
import { agendaSchema } from './agenda.contract';
import { e2eeRequests, participantE2eeSchema } from './e2ee.contract';
import { connectionGradeSchema, qualityRequests } from './media-quality.contract';

/**
 * The live-session signalling protocol: one socket.io connection per browser tab, on
 * {@link LIVE_SOCKET_PATH}, authenticated by the access token in the handshake (`auth.token`).
 *
 * Every client→server event carries one payload and an acknowledgement callback; the ack is
 * `{ data }` on success and `{ error: { code, message } }` on failure, and a failed request
 * changes nothing. Server→client events carry one payload and expect no answer (their schemas:
 * `liveServerEvents` in ./live-events.contract).
 *
 * mediasoup's own structures (RTP capabilities and parameters, DTLS and ICE parameters) cross
 * the wire as opaque objects: the browser's mediasoup-client produces them and the server's
 * mediasoup validates them in depth; here they are only required to be JSON objects.
 */
export const LIVE_SOCKET_PATH = '/api/live/socket.io';

/** Largest socket message the server accepts (bytes); an SDP-derived payload is well under it. */
export const LIVE_MAX_MESSAGE_BYTES = 64 * 1024;

/** Longest chat message, in characters. */
export const CHAT_MAX_LENGTH = 1000;

const id = uuid;
const opaque = z.record(z.string(), z.unknown());

export const mediaSourceSchema = z.enum(['camera', 'microphone', 'screen']);
export type MediaSource = z.infer<typeof mediaSourceSchema>;

export const liveRoleSchema = z.enum(['therapist', 'client']);
export type LiveRole = z.infer<typeof liveRoleSchema>;

/** Where a participant is: waiting to be let in, in the call, or with their connection lost. */
export const presenceSchema = z.enum(['waiting', 'admitted', 'reconnecting']);
export type Presence = z.infer<typeof presenceSchema>;

export const participantSchema = z.object({
  /** The person's id; the same across reconnects. */
  id,
  displayName: z.string(),
  role: liveRoleSchema,
  presence: presenceSchema,
  /** When they entered the waiting room or, once admitted, the call (ISO 8601). */
  since: z.string(),
  microphoneOn: z.boolean(),
  cameraOn: z.boolean(),
  screenSharing: z.boolean(),
  /** A therapist muted them and they may not unmute themselves. */
  unmuteLocked: z.boolean(),
  /** Position in the raised-hand queue, 1 first; null with the hand down. */
  handPosition: z.number().int().positive().nullable(),
  /** Index of the breakout room they are in, null in the main room. */
  breakoutRoom: z.number().int().min(0).nullable(),
  /** How well their connection carries the call (see `connectionGradeSchema`). */
  connection: connectionGradeSchema,
  /** They asked for audio only: they receive no video. */
  audioOnly: z.boolean(),
  /**
   * Their browser blurs or replaces the background of the camera it sends (`media:background`). Shown to
   * therapists and to the person themself; false in a client's view of anyone else.
   */
  backgroundProcessed: z.boolean(),
  /**
   * Their page's public key for end-to-end encryption, shown to admitted participants only;
   * null before they announced one (and absent from a server that predates it).
   */
  e2ee: participantE2eeSchema.nullable().default(null),
});
export type Participant = z.infer<typeof participantSchema>;

export const breakoutStateSchema = z.object({
  /** Each room's participant ids (therapists move between rooms and are not listed). */
  rooms: z.array(z.array(id)),
  /** When the breakouts end by themselves (ISO 8601), or null without a countdown. */
  endsAt: z.string().nullable(),
});
export type BreakoutState = z.infer<typeof breakoutStateSchema>;

/**
 * What one participant sees of the session, sent whole on every change. Clients see those in the
 * call; therapists also see the waiting room.
 */
/** Which session this is, for the call's header and the agenda. */
export const liveSessionInfoSchema = z.object({
  courseTitle: z.string(),
  format: courseFormatSchema,
  /** "Session `number` of `count`". */
  number: z.number().int().positive(),
  count: z.number().int().positive(),
  phase: iptPhaseSchema,
  startsAt: z.string(),
  endsAt: z.string(),
});
export type LiveSessionInfo = z.infer<typeof liveSessionInfoSchema>;

export const sessionViewSchema = z.object({
  sessionId: id,
  session: liveSessionInfoSchema,
  /** The recipient's own participant id. */
  selfId: id,
  locked: z.boolean(),
  participants: z.array(participantSchema),
  breakouts: breakoutStateSchema.nullable(),
  activeSpeakerId: id.nullable(),
  /**
   * The session's media is end-to-end encrypted: every page encrypts what it sends and sends
   * nothing it could not encrypt (false from a server that predates it).
   */
  endToEndEncrypted: z.boolean().default(false),
});
export type SessionView = z.infer<typeof sessionViewSchema>;

export const chatMessageSchema = z.object({
  id: z.string(),
  fromId: id,
  fromName: z.string(),
  text: z.string(),
  sentAt: z.string(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/**
 * Server→client: the recipient's seat is no longer held and this connection closes right after.
 * 'hold_expired': their media (or socket) was gone for longer than the seat hold; 'reset': the
 * server had to reset the session's state. Either way the client joins again the normal way
 * (the waiting room, or straight in when the course admits its members by itself).
 */
export const seatReleasedSchema = z.object({ reason: z.enum(['hold_expired', 'reset']) });
export type SeatReleased = z.infer<typeof seatReleasedSchema>;

export const transportParametersSchema = z.object({
  id: z.string(),
  iceParameters: opaque,
  iceCandidates: z.array(opaque),
  dtlsParameters: opaque,
});
export type TransportParameters = z.infer<typeof transportParametersSchema>;

export const consumerParametersSchema = z.object({
  id: z.string(),
  producerId: z.string(),
  producerPeerId: id,
  source: mediaSourceSchema,
  kind: z.enum(['audio', 'video']),
  rtpParameters: opaque,
  producerPaused: z.boolean(),
});
export type ConsumerParameters = z.infer<typeof consumerParametersSchema>;

const empty = z.object({}).strict();
const participantTarget = z.object({ participantId: id }).strict();

/** Client→server requests: the payload schema and what the ack's `data` holds. */
export const liveRequests = {
  /** Enter a session: into its waiting room, or straight in for therapists and auto-admitted members. */
  'session:join': {
    payload: z.object({ sessionId: id }).strict(),
    result: z.union([
      z.object({
        view: sessionViewSchema,
        chat: z.array(chatMessageSchema),
        /** The agenda and its progress (null while waiting to be admitted). */
        agenda: agendaSchema.nullable(),
        /**
         * The server's clock when it answered (ISO 8601): countdowns on the page follow it, not
         * the device's clock. Absent from a node that predates it (during a rolling upgrade).
         */
        serverNow: z.string().optional(),
      }),
      /**
       * With several API nodes, another node hosts this session: connect there (same token,
       * same path) and join again. Reconnect to the original address if that node goes away.
       */
      z.object({ redirect: z.object({ url: z.url() }) }),
      /**
       * With several API nodes, the session is between hosts (its node stopped answering and its
       * lease has not lapsed yet): join again on this connection after `afterMs`.
       */
      z.object({ retry: z.object({ afterMs: z.number().int().min(0).max(10_000) }) }),
    ]),
  },
  'session:leave': { payload: empty, result: empty },
  /** Round trip to the server, allowed before joining (the pre-join network check). */
  'session:ping': { payload: empty, result: z.object({ serverTime: z.string() }) },
  /** The Router's RTP capabilities, for mediasoup-client's Device.load (admitted only). */
  'media:capabilities': { payload: empty, result: z.object({ rtpCapabilities: opaque }) },
  'media:transport:create': {
    payload: z.object({ direction: z.enum(['send', 'recv']) }).strict(),
    result: transportParametersSchema,
  },
  'media:transport:connect': {
    payload: z.object({ transportId: z.string().max(64), dtlsParameters: opaque }).strict(),
    result: empty,
  },
  /** Allowed while reconnecting (dropped, seat held): restarting ICE is how media comes back. */
  'media:transport:restart-ice': {
    payload: z.object({ transportId: z.string().max(64) }).strict(),
    result: z.object({ iceParameters: opaque }),
  },
  'media:produce': {
    payload: z
      .object({
        transportId: z.string().max(64),
        kind: z.enum(['audio', 'video']),
        rtpParameters: opaque,
        source: mediaSourceSchema,
        paused: z.boolean().optional(),
      })
      .strict(),
    result: z.object({ producerId: z.string() }),
  },
  /** Mute (pause) or unmute (resume) one of one's own tracks. */
  'media:producer:set-paused': {
    payload: z.object({ producerId: z.string().max(64), paused: z.boolean() }).strict(),
    result: empty,
  },
  'media:producer:close': {
    payload: z.object({ producerId: z.string().max(64) }).strict(),
    result: empty,
  },
  /**
   * The background of the camera this connection sends as it now is: blurred ('light',
   * 'strong'), replaced by a picture ('image': which one is not said) or as captured ('none'). Sent when the effect starts, changes or stops (also
   * when it stops because the device is too slow); the server keeps it for this connection.
   */
  'media:background': {
    payload: z.object({ effect: z.enum(['none', 'light', 'strong', 'image']) }).strict(),
    result: empty,
  },
  /** The Device is loaded: the server starts sending `media:consumer:new` for every track. */
  'media:ready': { payload: z.object({ rtpCapabilities: opaque }).strict(), result: empty },
  'media:consumer:resume': {
    payload: z.object({ consumerId: z.string().max(64) }).strict(),
    result: empty,
  },
  /**
   * The tile a video is shown in (CSS pixels × devicePixelRatio, the ratio counted up to
   * `MAX_TILE_PIXEL_RATIO`); 0×0 when off screen.
   */
  'media:consumer:tile': {
    payload: z
      .object({
        consumerId: z.string().max(64),
        width: z.number().int().min(0).max(8192),
        height: z.number().int().min(0).max(8192),
      })
      .strict(),
    result: empty,
  },
  'lobby:admit': { payload: participantTarget, result: empty },
  'lobby:admit-all': { payload: empty, result: z.object({ admitted: z.number().int() }) },
  'lobby:deny': {
    payload: z
      .object({
        participantId: id,
        message: humanText({ min: 0, max: 300, multiline: true }).optional(),
      })
      .strict(),
    result: empty,
  },
  'lobby:send-back': { payload: participantTarget, result: empty },
  'chat:send': {
    payload: z
      .object({
        text: humanText({ max: CHAT_MAX_LENGTH, multiline: true }),
      })
      .strict(),
    result: z.object({ id: z.string() }),
  },
  'hand:raise': { payload: empty, result: empty },
  /** Lower one's own hand, or (therapists) anyone's. */
  'hand:lower': { payload: z.object({ participantId: id.optional() }).strict(), result: empty },
  'hand:lower-all': { payload: empty, result: empty },
  /** Therapists: mute one participant's microphone, optionally locking it. */
  'moderation:mute': {
    payload: z.object({ participantId: id, lock: z.boolean().optional() }).strict(),
    result: empty,
  },
  'moderation:mute-all': {
    payload: z.object({ lock: z.boolean().optional() }).strict(),
    result: z.object({ muted: z.number().int() }),
  },
  /** Let one participant (or everyone, without participantId) unmute again. */
  'moderation:unlock-mute': {
    payload: z.object({ participantId: id.optional() }).strict(),
    result: empty,
  },
  /** Remove a participant: their media stops and they cannot rejoin this session. */
  'moderation:remove': { payload: participantTarget, result: empty },
  /** A locked session admits nobody new, not even through auto-admit. */
  'moderation:lock': { payload: z.object({ locked: z.boolean() }).strict(), result: empty },
  /** Therapists: start the agenda at its first item. */
  'agenda:start': { payload: empty, result: empty },
  /** Therapists: move to the next item (after the last one the agenda is finished). */
  'agenda:next': { payload: empty, result: empty },
  'agenda:back': { payload: empty, result: empty },
  /** Therapists: give the current item more minutes. */
  'agenda:extend': {
    payload: z.object({ minutes: z.number().int().min(1).max(30) }).strict(),
    result: empty,
  },
  /** Therapists: in a go-round, the next client's turn. */
  'agenda:next-turn': { payload: empty, result: empty },
  /** Split the clients into 2–4 rooms, optionally ending by themselves after some minutes. */
  'breakout:start': {
    payload: z
      .object({
        rooms: z.array(z.array(id).min(1, 'a room needs someone in it')).min(2).max(4),
        minutes: z.number().int().min(1).max(120).optional(),
      })
      .strict(),
    result: empty,
  },
  /** Therapists: join a breakout room (or the main room with null). */
  'breakout:visit': {
    payload: z.object({ room: z.number().int().min(0).max(3).nullable() }).strict(),
    result: empty,
  },
  /** Bring everyone back into the main room. */
  'breakout:end': { payload: empty, result: empty },
  ...qualityRequests,
  ...e2eeRequests,
} as const;

export type LiveRequestName = keyof typeof liveRequests;
export type LiveRequestPayload<E extends LiveRequestName> = z.input<
  (typeof liveRequests)[E]['payload']
>;
export type LiveRequestResult<E extends LiveRequestName> = z.infer<
  (typeof liveRequests)[E]['result']
>;

/** A failure, as every ack reports it. */
export interface LiveAckError {
  readonly error: { readonly code: string; readonly message: string };
}
export type LiveAck<T> = { readonly data: T } | LiveAckError;

/** Client→server events as socket.io types them: one payload and an ack. */
export type LiveClientEvents = {
  [E in LiveRequestName]: (
    payload: LiveRequestPayload<E>,
    ack: (answer: LiveAck<LiveRequestResult<E>>) => void,
  ) => void;
};
