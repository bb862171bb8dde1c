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
import { LiveAgendaService } from './live-agenda.service';
import { LiveBreakoutsService } from './live-breakouts.service';
import { LiveE2eeService } from './live-e2ee.service';
import { LiveGuard } from './live-guard';
import { LiveLobbyService } from './live-lobby.service';
import { LiveMediaService } from './live-media.service';
import { LiveQualityService } from './live-quality.service';
import { LiveRegistry } from './live-registry';
import { LiveRoomsService } from './live-rooms.service';
import { LiveViews } from './live-views';

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
 * hands it to one live unit (hosting, media, waiting room and moderation, agenda, breakouts),
 * which authorises it against the session's rules. A request that fails unexpectedly is a fault
 * of that connection's session for the {@link LiveGuard}; the socket gets a plain error.
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
    @Inject(LiveRegistry) private readonly registry: LiveRegistry,
    @Inject(LiveGuard) private readonly guard: LiveGuard,
    @Inject(LiveRoomsService) private readonly rooms: LiveRoomsService,
    @Inject(LiveMediaService) media: LiveMediaService,
    @Inject(LiveLobbyService) lobby: LiveLobbyService,
    @Inject(LiveAgendaService) agenda: LiveAgendaService,
    @Inject(LiveBreakoutsService) breakouts: LiveBreakoutsService,
    @Inject(LiveQualityService) quality: LiveQualityService,
    @Inject(LiveE2eeService) e2ee: LiveE2eeService,
    @Inject(ClusterService) private readonly cluster: ClusterService,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
    @Inject(AccessStateService) private readonly access: AccessStateService,
    @Inject(LiveViews) private readonly views: LiveViews,
  ) {
    const r = this.rooms;
    const m = media;
    const l = lobby;
    this.#handlers = {
      'session:join': (s, p) =>
        r.join(s, s.data.principal, p.sessionId, s.handshake.query['session'] === p.sessionId),
      'session:leave': (s) => r.leave(s),
      'session:ping': () => ({ serverTime: new Date().toISOString() }),
      'media:capabilities': (s) => m.capabilities(s),
      'media:transport:create': (s, p) => m.createTransport(s, p.direction),
      'media:transport:connect': (s, p) => m.connectTransport(s, p.transportId, p.dtlsParameters),
      'media:transport:restart-ice': (s, p) => m.restartIce(s, p.transportId),
      'media:produce': (s, p) => m.produce(s, p),
      'media:producer:set-paused': (s, p) => m.setProducerPaused(s, p.producerId, p.paused),
      'media:producer:close': (s, p) => m.closeProducer(s, p.producerId),
      'media:ready': (s, p) => m.ready(s, p.rtpCapabilities),
      'media:consumer:resume': (s, p) => m.resumeConsumer(s, p.consumerId),
      'media:consumer:tile': (s, p) => m.setConsumerTile(s, p.consumerId, p.width, p.height),
      'lobby:admit': (s, p) => l.admit(s, p.participantId),
      'lobby:admit-all': (s) => l.admitAll(s),
      'lobby:deny': (s, p) => l.deny(s, p.participantId, p.message),
      'lobby:send-back': (s, p) => l.sendBack(s, p.participantId),
      'chat:send': (s, p) => l.chat(s, p.text),
      'hand:raise': (s) => l.raiseHand(s),
      'hand:lower': (s, p) => l.lowerHand(s, p.participantId),
      'hand:lower-all': (s) => l.lowerAllHands(s),
      'moderation:mute': (s, p) => l.mute(s, p.participantId, p.lock ?? false),
      'moderation:mute-all': (s, p) => l.muteAll(s, p.lock ?? false),
      'moderation:unlock-mute': (s, p) => l.unlockMute(s, p.participantId),
      'moderation:remove': (s, p) => l.remove(s, p.participantId),
      'moderation:lock': (s, p) => l.lock(s, p.locked),
      'agenda:start': (s) => agenda.move(s, 'start'),
      'agenda:next': (s) => agenda.move(s, 'next'),
      'agenda:back': (s) => agenda.move(s, 'back'),
      'agenda:extend': (s, p) => agenda.move(s, { extend: p.minutes }),
      'agenda:next-turn': (s) => agenda.move(s, 'next-turn'),
      'breakout:start': (s, p) => breakouts.start(s, p.rooms, p.minutes ?? null),
      'breakout:visit': (s, p) => breakouts.visit(s, p.room),
      'breakout:end': (s) => breakouts.end(s),
      'media:downlink': (s, p) => quality.downlink(s, p.kbps),
      'media:audio-only': (s, p) => quality.audioOnly(s, p.enabled),
      'media:background': (s, p) => quality.background(s, p.effect),
      'e2ee:announce': (s, p) => e2ee.announce(s, p.publicKey),
      'e2ee:media-key': (s, p) => e2ee.mediaKey(s, p),
      'e2ee:verify': (s, p) => e2ee.verify(s, p.codeHash),
    };
  }

  afterInit(server: LiveServer): void {
    // Signed out, erased, new roles, a lost roster place: that person's sockets close at once.
    closeSocketsWhenAccessEnds(server, this.access);
    // An event for everyone in a call is encoded and framed once; `local` keeps it off Redis
    // (everyone in a session is connected to the node that hosts it).
    this.views.useSameForAll((channelIds, event, ...args) =>
      server.local.to([...channelIds]).emit(event, ...args),
    );
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
    server.on('handOver', (sessionId: string) => this.cluster.handOverAsked(sessionId));
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
          // Someone who must still set up a second factor reaches nothing but that.
          if (principal.mustEnrol) {
            refuse(
              'second_factor_enrolment_required',
              'Your practice requires a second factor: set one up on your account page first',
            );
            return;
          }
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
      (socket as unknown as Socket).on(name, (payload: unknown, ack: unknown) =>
        this.guard.run(this.registry.sessionOf(socket), name, () =>
          this.#dispatch(socket, name, payload, ack),
        ),
      );
    }
  }

  handleDisconnect(socket: LiveSocket): void {
    this.guard.run(this.registry.sessionOf(socket), 'disconnect', () =>
      this.rooms.disconnected(socket),
    );
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
      reply({ error: body });
      // A refusal is an answer; anything else is a fault of the session this socket sits in.
      if (unexpected) this.guard.fault(this.registry.sessionOf(socket), name, error);
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
