import { Inject } from '@nestjs/common';
import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  WebSocketGateway,
} from '@nestjs/websockets';
import {
  LIVE_MAX_MESSAGE_BYTES,
  LIVE_SOCKET_PATH,
  liveRequests,
  type LiveAck,
  type LiveClientEvents,
  type LiveRequestName,
  type LiveRequestResult,
  type LiveServerEvents,
} from '@hearth/contracts';
import { DomainError, takeToken, type BucketRule, type BucketState } from '@hearth/domain';
import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { AccessStateService } from '../identity/access-state.service';
import { closeSocketsWhenAccessEnds } from '../identity/live-revocation';
import { TokenService, type Principal } from '../identity/token-service';
import { JsonLogger } from '../logging/json-logger';
import { originAllowed } from '../security/security-headers';
import { ClusterService, type InterNodeEvents } from './cluster.service';
import { toAckError } from './live-ack';
import { LiveRoomsService } from './live-rooms.service';

interface SocketData {
  principal: Principal;
  buckets: Partial<Record<Bucket, BucketState>>;
  /** Requests refused in a row for flooding; too many and the socket is closed. */
  floodStrikes: number;
}

type LiveServer = Server<LiveClientEvents, LiveServerEvents, InterNodeEvents, SocketData>;
type LiveSocket = Socket<LiveClientEvents, LiveServerEvents, InterNodeEvents, SocketData>;

type Payload<E extends LiveRequestName> = z.output<(typeof liveRequests)[E]['payload']>;
type Handler<E extends LiveRequestName> = (
  socket: LiveSocket,
  payload: Payload<E>,
) => LiveRequestResult<E> | Promise<LiveRequestResult<E>>;

type Bucket = 'any' | 'media' | 'chat';

/**
 * Rate limits per socket. Joining a full group resumes two dozen consumers and reports their
 * tile sizes in a burst, so that plumbing has its own, larger bucket; everything else a person
 * does in a call fits in the general one, and chat allows a few lines and then one a second.
 */
const buckets: Record<Bucket, BucketRule> = {
  any: { capacity: 40, refillPerSecond: 20 },
  media: { capacity: 120, refillPerSecond: 60 },
  chat: { capacity: 5, refillPerSecond: 1 },
};

function bucketsOf(name: LiveRequestName): Bucket[] {
  if (name === 'media:consumer:resume' || name === 'media:consumer:tile') return ['media'];
  if (name === 'chat:send') return ['any', 'chat'];
  return ['any'];
}
/** Refused requests in a row after which a socket counts as hostile and is closed. */
const MAX_FLOOD_STRIKES = 100;

/**
 * The live-session socket: authenticates each connection once (access token in the handshake,
 * origin on the allow-list), then validates, rate-limits and acknowledges every request and
 * hands it to {@link LiveRoomsService}, which authorises it against the session's rules.
 */
@WebSocketGateway({
  path: LIVE_SOCKET_PATH,
  serveClient: false,
  maxHttpBufferSize: LIVE_MAX_MESSAGE_BYTES,
  // A dead connection is noticed within about ten seconds; the seat is then held for a minute.
  pingInterval: 5_000,
  pingTimeout: 5_000,
  cors: { origin: false },
})
export class SignallingGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  readonly #handlers: { [E in LiveRequestName]: Handler<E> };

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(LiveRoomsService) private readonly rooms: LiveRoomsService,
    @Inject(ClusterService) private readonly cluster: ClusterService,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(AccessStateService) private readonly access: AccessStateService,
  ) {
    const r = this.rooms;
    this.#handlers = {
      'session:join': (s, p) => r.join(s, s.data.principal, p.sessionId),
      'session:leave': (s) => r.leave(s),
      'session:ping': () => ({ serverTime: new Date().toISOString() }),
      'media:capabilities': (s) => r.capabilities(s),
      'media:transport:create': (s, p) => r.createTransport(s, p.direction),
      'media:transport:connect': (s, p) => r.connectTransport(s, p.transportId, p.dtlsParameters),
      'media:transport:restart-ice': (s, p) => r.restartIce(s, p.transportId),
      'media:produce': (s, p) => r.produce(s, p),
      'media:producer:set-paused': (s, p) => r.setProducerPaused(s, p.producerId, p.paused),
      'media:producer:close': (s, p) => r.closeProducer(s, p.producerId),
      'media:ready': (s, p) => r.ready(s, p.rtpCapabilities),
      'media:consumer:resume': (s, p) => r.resumeConsumer(s, p.consumerId),
      'media:consumer:tile': (s, p) => r.setConsumerTile(s, p.consumerId, p.width, p.height),
      'lobby:admit': (s, p) => r.admit(s, p.participantId),
      'lobby:admit-all': (s) => r.admitAll(s),
      'lobby:deny': (s, p) => r.deny(s, p.participantId, p.message),
      'lobby:send-back': (s, p) => r.sendBack(s, p.participantId),
      'chat:send': (s, p) => r.chat(s, p.text),
      'hand:raise': (s) => r.raiseHand(s),
      'hand:lower': (s, p) => r.lowerHand(s, p.participantId),
      'hand:lower-all': (s) => r.lowerAllHands(s),
      'moderation:mute': (s, p) => r.mute(s, p.participantId, p.lock ?? false),
      'moderation:mute-all': (s, p) => r.muteAll(s, p.lock ?? false),
      'moderation:unlock-mute': (s, p) => r.unlockMute(s, p.participantId),
      'moderation:remove': (s, p) => r.remove(s, p.participantId),
      'moderation:lock': (s, p) => r.lock(s, p.locked),
      'agenda:start': (s) => r.agenda(s, 'start'),
      'agenda:next': (s) => r.agenda(s, 'next'),
      'agenda:back': (s) => r.agenda(s, 'back'),
      'agenda:extend': (s, p) => r.agenda(s, { extend: p.minutes }),
      'agenda:next-turn': (s) => r.agenda(s, 'next-turn'),
      'breakout:start': (s, p) => r.startBreakouts(s, p.rooms, p.minutes ?? null),
      'breakout:visit': (s, p) => r.visitBreakout(s, p.room),
      'breakout:end': (s) => r.endBreakouts(s),
    };
  }

  afterInit(server: LiveServer): void {
    // Signed out, erased, new roles, a lost roster place: that person's sockets close at once.
    closeSocketsWhenAccessEnds(server, this.access);
    // With several nodes, the Redis adapter links the socket servers; it is ready before the
    // server listens (the cluster connects during start-up).
    void this.cluster.socketAdapter().then((adapter) => {
      if (!adapter) return;
      server.adapter(adapter);
      this.cluster.attach((event, sessionId) => server.serverSideEmit(event, sessionId));
    });
    server.on('agendaChanged', (sessionId: string) =>
      this.cluster.emit('agendaChanged', sessionId),
    );
    // socket.io middleware runs once per connection: the place for the origin and the token.
    server.use((socket, next) => {
      const refuse = (code: string, message: string) => {
        const error = new Error(code) as Error & { data?: unknown };
        error.data = { code, message };
        next(error);
      };
      if (!this.#originAllowed(socket)) {
        refuse('forbidden', 'This site may not open live sessions');
        return;
      }
      const token: unknown = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
        refuse('unauthenticated', 'Sign in to join a session');
        return;
      }
      this.tokens.verifyAccessToken(token).then(
        (principal) => {
          socket.data.principal = principal;
          socket.data.buckets = {};
          socket.data.floodStrikes = 0;
          next();
        },
        () => refuse('unauthenticated', 'Your sign-in has expired; sign in again'),
      );
    });
  }

  handleConnection(socket: LiveSocket): void {
    for (const name of Object.keys(liveRequests) as LiveRequestName[]) {
      // socket.io's typed `on` cannot see through the mapped event names; the payload is
      // untrusted until the contract schema has parsed it.
      (socket as unknown as Socket).on(name, (payload: unknown, ack: unknown) => {
        void this.#dispatch(socket, name, payload, ack);
      });
    }
  }

  handleDisconnect(socket: LiveSocket): void {
    this.rooms.disconnected(socket);
  }

  async #dispatch<E extends LiveRequestName>(
    socket: LiveSocket,
    name: E,
    payload: unknown,
    ack: unknown,
  ): Promise<void> {
    // A request sent with only its ack (no payload) is a request with an empty payload.
    if (typeof payload === 'function' && ack === undefined) {
      ack = payload;
      payload = {};
    }
    // A request without an ack cannot be answered: it is not carried out, and counts as
    // flooding.
    if (typeof ack !== 'function') {
      this.#strike(socket);
      return;
    }
    const reply = ack as (answer: LiveAck<unknown>) => void;
    try {
      this.#takeTokens(socket, name);
      const parsed = liveRequests[name].payload.safeParse(payload ?? {});
      if (!parsed.success) {
        const fields = parsed.error.issues
          .map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`)
          .join('; ');
        throw new DomainError('validation_failed', `Invalid ${name}: ${fields}`);
      }
      const handler = this.#handlers[name] as Handler<E>;
      const data = await handler(socket, parsed.data as Payload<E>);
      reply({ data });
    } catch (error) {
      const { error: body, unexpected } = toAckError(error);
      if (unexpected) {
        this.logger.event(
          'error',
          'live request failed',
          { event: name, errorClass: error instanceof Error ? error.name : typeof error },
          'live',
        );
      }
      reply({ error: body });
    }
  }

  #takeTokens(socket: LiveSocket, name: LiveRequestName): void {
    const now = Date.now();
    for (const bucket of bucketsOf(name)) {
      const taken = takeToken(buckets[bucket], socket.data.buckets[bucket], now);
      socket.data.buckets[bucket] = taken.state;
      if (!taken.allowed) {
        this.#strike(socket);
        throw new DomainError('rate_limited', 'Too many requests; slow down', {
          retryAfterSeconds: taken.retryAfterSeconds,
        });
      }
    }
    socket.data.floodStrikes = 0;
  }

  #strike(socket: LiveSocket): void {
    socket.data.floodStrikes += 1;
    if (socket.data.floodStrikes >= MAX_FLOOD_STRIKES) {
      this.logger.event('warn', 'live socket closed for flooding', {}, 'live');
      socket.disconnect(true);
    }
  }

  /**
   * Browsers always send Origin on a WebSocket; it must be this server's own or on the allow-list.
   * Clients that are not browsers send none and cannot be tricked into using someone's session.
   */
  #originAllowed(socket: Socket): boolean {
    const { origin, host } = socket.handshake.headers;
    return originAllowed(origin, host, this.config.allowedOrigins);
  }
}
