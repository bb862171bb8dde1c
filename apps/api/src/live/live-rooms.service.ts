import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type {
  ChatMessage,
  LiveRequestResult,
  LiveServerEvents,
  LiveSessionInfo,
  MediaSource,
  SessionView,
  TransportParameters,
} from '@hearth/contracts';
import {
  DomainError,
  LiveSession,
  advanceAgenda,
  extendAgendaItem,
  nextTurn,
  startAgenda,
  stepBackAgenda,
  type AgendaItem,
  type AgendaProgress,
} from '@hearth/domain';
import type { Peer, PeerProducer, Room } from '@hearth/sfu';
import type { types } from 'mediasoup';
import { AgendaService, toAgenda, type SessionAgendaState } from '../agenda/agenda.service';
import type { Principal } from '../identity/token-service';
import { JsonLogger } from '../logging/json-logger';
import { AttendanceService } from './attendance.service';
import { ClusterService } from './cluster.service';
import { LiveAccessService, type LiveEntry } from './live-access.service';
import { SfuService } from './sfu.service';

/** What the rooms need of one client connection (a socket.io socket is one). */
export interface LiveChannel {
  readonly id: string;
  emit<E extends keyof LiveServerEvents>(
    event: E,
    ...args: Parameters<LiveServerEvents[E]>
  ): unknown;
  disconnect(close?: boolean): unknown;
}

/** One person's connection to one session. */
interface Connection {
  readonly channel: LiveChannel;
  readonly personId: string;
  /** Set once the client's Device is loaded (media:ready): consumers can be made for it. */
  rtpCapabilities: types.RtpCapabilities | undefined;
  peer: Peer | undefined;
}

/** A session whose live room is open on this node. */
interface Hosted {
  readonly sessionId: string;
  readonly practiceId: string;
  /** As it was when the room opened; a reschedule during the call does not move it. */
  readonly info: LiveSessionInfo;
  readonly live: LiveSession;
  readonly connections: Map<string, Connection>;
  /** The session's active clients in roster order, for go-rounds. */
  readonly rosterOrder: readonly string[];
  agenda: SessionAgendaState;
  /** The snapshot last kept in Redis (several nodes), so an unchanged one is not written again. */
  savedSnapshot: string | undefined;
  room: Room | undefined;
  timer: NodeJS.Timeout;
}

/** Where a channel is, once it has joined. */
interface Seat {
  readonly hosted: Hosted;
  readonly connection: Connection;
}

/** How long after telling a client it was removed or denied its socket is closed (ms). */
const CLOSE_AFTER_NOTICE_MS = 200;

/**
 * The live sessions of this API node: each one's rules (a LiveSession from libs/domain), its
 * media room (libs/sfu) and its people's connections. The gateway calls one method per event;
 * everything that follows — views for everyone, consumers, attendance — happens here.
 *
 * Breakouts use filtered consumers in the session's one Router rather than a Router per room:
 * everyone keeps their transports and consumers, and a consumer between two people in different
 * rooms is held paused ('breakout' hold). Moving a therapist between rooms or bringing everyone
 * back is then a pause/resume on the server — no renegotiation, no new transports, media back
 * within a keyframe — and a couple or family session is small enough that the idle consumers
 * cost nothing worth a second Router and pipe transports.
 */
@Injectable()
export class LiveRoomsService implements OnApplicationShutdown {
  readonly #sessions = new Map<string, Hosted>();
  readonly #hosting = new Map<string, Promise<Hosted>>();
  readonly #seats = new Map<string, Seat>();
  /** Agenda changes of one session are applied one after another. */
  readonly #agendaQueue = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(LiveAccessService) private readonly access: LiveAccessService,
    @Inject(AttendanceService) private readonly attendance: AttendanceService,
    @Inject(SfuService) private readonly sfu: SfuService,
    @Inject(AgendaService) private readonly agendas: AgendaService,
    @Inject(ClusterService) private readonly cluster: ClusterService,
    @Inject(JsonLogger) private readonly logger: JsonLogger,
  ) {
    // An edit made through the REST API reaches everyone in the call at once, on whichever
    // node hosts the session.
    agendas.on('changed', (state) => {
      const hosted = this.#sessions.get(state.sessionId);
      if (hosted) {
        hosted.agenda = state;
        this.#sendAgenda(hosted);
      } else {
        cluster.publishAgendaChanged(state.sessionId);
      }
    });
    cluster.on('agendaChanged', (sessionId) => {
      const hosted = this.#sessions.get(sessionId);
      if (!hosted) return;
      this.agendas.forLiveSession(hosted.practiceId, sessionId).then(
        (state) => {
          hosted.agenda = state;
          this.#sendAgenda(hosted);
        },
        (error: unknown) => this.#warn(hosted, 'agenda reload', error),
      );
    });
  }

  /** Number of sessions open on this node (health, tests). */
  get openSessions(): number {
    return this.#sessions.size;
  }

  // Entering and leaving --------------------------------------------------------------------

  async join(
    channel: LiveChannel,
    principal: Principal,
    sessionId: string,
  ): Promise<LiveRequestResult<'session:join'>> {
    if (this.#seats.has(channel.id)) {
      throw new DomainError('conflict', 'This connection has already joined a session');
    }
    const now = new Date();
    const entry = await this.access.entry(principal, sessionId, now);
    if (this.#seats.has(channel.id)) {
      throw new DomainError('conflict', 'This connection has already joined a session');
    }
    if (!this.#sessions.has(sessionId) && !this.#hosting.has(sessionId)) {
      const claim = await this.cluster.claim(sessionId);
      if (!claim.mine) return { redirect: { url: claim.url } };
    }
    const hosted = await this.#host(entry);
    const outcome = hosted.live.join(
      {
        id: entry.personId,
        displayName: entry.displayName,
        role: entry.role,
        knownMember: entry.knownMember,
      },
      now,
    );
    const previous = hosted.connections.get(entry.personId);
    if (previous) {
      // The same person on a new connection (a reload, a new tab, a reconnect) takes the seat.
      this.#seats.delete(previous.channel.id);
      this.#closePeer(previous);
      previous.channel.emit('session:replaced', {});
      setTimeout(() => previous.channel.disconnect(true), CLOSE_AFTER_NOTICE_MS).unref();
    }
    const connection: Connection = {
      channel,
      personId: entry.personId,
      rtpCapabilities: undefined,
      peer: undefined,
    };
    hosted.connections.set(entry.personId, connection);
    this.#seats.set(channel.id, { hosted, connection });
    this.#log(hosted, entry.personId, outcome.returning ? 'returned' : 'joined', now);
    if (outcome.presence === 'admitted' && !outcome.returning) {
      this.#log(hosted, entry.personId, 'admitted', now);
    }
    this.#broadcast(hosted);
    const admitted = outcome.presence === 'admitted';
    return {
      view: this.#viewFor(hosted, entry.personId),
      chat: admitted ? [...hosted.live.chatHistory] : [],
      agenda: admitted ? toAgenda(hosted.agenda) : null,
    };
  }

  /** The person leaves on purpose: their seat is freed at once. */
  leave(channel: LiveChannel): Record<string, never> {
    const seat = this.#seats.get(channel.id);
    if (!seat) return {};
    const { hosted, connection } = seat;
    this.#seats.delete(channel.id);
    hosted.connections.delete(connection.personId);
    this.#closePeer(connection);
    hosted.live.leave(connection.personId);
    this.#log(hosted, connection.personId, 'left', new Date());
    this.#afterDeparture(hosted);
    return {};
  }

  /** The connection dropped: the seat is held for a minute while the client comes back. */
  disconnected(channel: LiveChannel): void {
    const seat = this.#seats.get(channel.id);
    if (!seat) return;
    const { hosted, connection } = seat;
    this.#seats.delete(channel.id);
    if (hosted.connections.get(connection.personId) !== connection) return;
    hosted.connections.delete(connection.personId);
    this.#closePeer(connection);
    hosted.live.drop(connection.personId, new Date());
    this.#log(hosted, connection.personId, 'dropped', new Date());
    this.#broadcast(hosted);
  }

  // Media -----------------------------------------------------------------------------------

  async capabilities(channel: LiveChannel): Promise<LiveRequestResult<'media:capabilities'>> {
    const { hosted, connection } = this.#admitted(channel);
    const peer = await this.#peerOf(hosted, connection);
    return {
      rtpCapabilities: this.#roomOf(hosted, peer).rtpCapabilities as Record<string, unknown>,
    };
  }

  async createTransport(
    channel: LiveChannel,
    direction: 'send' | 'recv',
  ): Promise<TransportParameters> {
    const { hosted, connection } = this.#admitted(channel);
    const peer = await this.#peerOf(hosted, connection);
    const params = await peer.createWebRtcTransport(direction);
    return params as unknown as TransportParameters;
  }

  async connectTransport(
    channel: LiveChannel,
    transportId: string,
    dtlsParameters: Record<string, unknown>,
  ): Promise<Record<string, never>> {
    const peer = this.#mediaPeer(channel);
    await peer.connectTransport(transportId, dtlsParameters as unknown as types.DtlsParameters);
    return {};
  }

  async restartIce(
    channel: LiveChannel,
    transportId: string,
  ): Promise<LiveRequestResult<'media:transport:restart-ice'>> {
    const peer = this.#mediaPeer(channel);
    const iceParameters = await peer.restartIce(transportId);
    return { iceParameters: iceParameters as unknown as Record<string, unknown> };
  }

  async produce(
    channel: LiveChannel,
    request: {
      transportId: string;
      kind: 'audio' | 'video';
      rtpParameters: Record<string, unknown>;
      source: MediaSource;
      paused?: boolean | undefined;
    },
  ): Promise<LiveRequestResult<'media:produce'>> {
    const { hosted, connection } = this.#admitted(channel);
    const peer = this.#mediaPeer(channel);
    const paused = request.paused ?? false;
    const { live } = hosted;
    if (request.source === 'microphone' && !paused && !live.mayUnmute(connection.personId)) {
      throw new DomainError('forbidden', 'A therapist has muted you; they can let you unmute', {
        reason: 'unmute_locked',
      });
    }
    const producer = await peer.produce({
      transportId: request.transportId,
      kind: request.kind,
      rtpParameters: request.rtpParameters as unknown as types.RtpParameters,
      source: request.source,
      paused,
    });
    live.setMedia(connection.personId, request.source, !paused);
    this.#broadcast(hosted);
    return { producerId: producer.id };
  }

  async setProducerPaused(
    channel: LiveChannel,
    producerId: string,
    paused: boolean,
  ): Promise<Record<string, never>> {
    const { hosted, connection } = this.#admitted(channel);
    const peer = this.#mediaPeer(channel);
    const producer = peer.getProducer(producerId);
    // The rule first: a locked microphone stays paused whatever the client asks.
    hosted.live.setMedia(connection.personId, producer.appData.source, !paused);
    if (paused) await peer.pauseProducer(producerId);
    else await peer.resumeProducer(producerId);
    this.#broadcast(hosted);
    return {};
  }

  closeProducer(channel: LiveChannel, producerId: string): Record<string, never> {
    const { hosted, connection } = this.#admitted(channel);
    const peer = this.#mediaPeer(channel);
    const { source } = peer.getProducer(producerId).appData;
    peer.closeProducer(producerId);
    hosted.live.setMedia(connection.personId, source, false);
    this.#broadcast(hosted);
    return {};
  }

  async ready(
    channel: LiveChannel,
    rtpCapabilities: Record<string, unknown>,
  ): Promise<Record<string, never>> {
    const { hosted, connection } = this.#admitted(channel);
    const peer = this.#mediaPeer(channel);
    connection.rtpCapabilities = rtpCapabilities as unknown as types.RtpCapabilities;
    const room = this.#roomOf(hosted, peer);
    await Promise.all(
      room
        .producers(connection.personId)
        .map((producer) => this.#consume(hosted, connection, producer)),
    );
    return {};
  }

  async resumeConsumer(channel: LiveChannel, consumerId: string): Promise<Record<string, never>> {
    await this.#mediaPeer(channel).resumeConsumer(consumerId);
    return {};
  }

  async setConsumerTile(
    channel: LiveChannel,
    consumerId: string,
    width: number,
    height: number,
  ): Promise<Record<string, never>> {
    await this.#mediaPeer(channel).setPreferredLayers(consumerId, { width, height });
    return {};
  }

  // Waiting room ----------------------------------------------------------------------------

  admit(channel: LiveChannel, participantId: string): Record<string, never> {
    const { hosted, connection } = this.#joined(channel);
    const now = new Date();
    hosted.live.admit(connection.personId, participantId, now);
    this.#log(hosted, participantId, 'admitted', now);
    this.#broadcast(hosted);
    this.#sendAgenda(hosted, [participantId]);
    return {};
  }

  admitAll(channel: LiveChannel): LiveRequestResult<'lobby:admit-all'> {
    const { hosted, connection } = this.#joined(channel);
    const now = new Date();
    const admitted = hosted.live.admitAll(connection.personId, now);
    for (const id of admitted) this.#log(hosted, id, 'admitted', now);
    this.#broadcast(hosted);
    this.#sendAgenda(hosted, admitted);
    return { admitted: admitted.length };
  }

  deny(channel: LiveChannel, participantId: string, message?: string): Record<string, never> {
    const { hosted, connection } = this.#joined(channel);
    hosted.live.deny(connection.personId, participantId);
    this.#log(hosted, participantId, 'denied', new Date());
    this.#evict(hosted, participantId, 'session:denied', message ?? null);
    this.#broadcast(hosted);
    return {};
  }

  sendBack(channel: LiveChannel, participantId: string): Record<string, never> {
    const { hosted, connection } = this.#joined(channel);
    hosted.live.sendBack(connection.personId, participantId, new Date());
    const target = hosted.connections.get(participantId);
    if (target) this.#closePeer(target);
    this.#log(hosted, participantId, 'sent_back', new Date());
    this.#broadcast(hosted);
    return {};
  }

  // In the call -----------------------------------------------------------------------------

  chat(channel: LiveChannel, text: string): LiveRequestResult<'chat:send'> {
    const { hosted, connection } = this.#joined(channel);
    const message = hosted.live.chat(connection.personId, text, new Date());
    this.#toAdmitted(hosted, (target) =>
      target.channel.emit('chat:message', message as ChatMessage),
    );
    return { id: message.id };
  }

  raiseHand(channel: LiveChannel): Record<string, never> {
    const { hosted, connection } = this.#joined(channel);
    hosted.live.raiseHand(connection.personId);
    this.#broadcast(hosted);
    return {};
  }

  lowerHand(channel: LiveChannel, participantId?: string): Record<string, never> {
    const { hosted, connection } = this.#joined(channel);
    hosted.live.lowerHand(connection.personId, participantId);
    this.#broadcast(hosted);
    return {};
  }

  lowerAllHands(channel: LiveChannel): Record<string, never> {
    const { hosted, connection } = this.#joined(channel);
    hosted.live.lowerAllHands(connection.personId);
    this.#broadcast(hosted);
    return {};
  }

  // Moderation ------------------------------------------------------------------------------

  async mute(
    channel: LiveChannel,
    participantId: string,
    lock: boolean,
  ): Promise<Record<string, never>> {
    const { hosted, connection } = this.#joined(channel);
    hosted.live.mute(connection.personId, participantId, lock);
    await this.#silence(hosted, participantId, lock);
    this.#broadcast(hosted);
    return {};
  }

  async muteAll(
    channel: LiveChannel,
    lock: boolean,
  ): Promise<LiveRequestResult<'moderation:mute-all'>> {
    const { hosted, connection } = this.#joined(channel);
    const muted = hosted.live.muteAll(connection.personId, lock);
    await Promise.all(muted.map((id) => this.#silence(hosted, id, lock)));
    this.#broadcast(hosted);
    return { muted: muted.length };
  }

  unlockMute(channel: LiveChannel, participantId?: string): Record<string, never> {
    const { hosted, connection } = this.#joined(channel);
    hosted.live.unlockMute(connection.personId, participantId);
    this.#broadcast(hosted);
    return {};
  }

  remove(channel: LiveChannel, participantId: string): Record<string, never> {
    const { hosted, connection } = this.#joined(channel);
    hosted.live.remove(connection.personId, participantId);
    this.#log(hosted, participantId, 'removed', new Date());
    this.#evict(hosted, participantId, 'session:removed', null);
    this.#afterDeparture(hosted);
    return {};
  }

  lock(channel: LiveChannel, locked: boolean): Record<string, never> {
    const { hosted, connection } = this.#joined(channel);
    hosted.live.setLocked(connection.personId, locked);
    this.#broadcast(hosted);
    return {};
  }

  // Agenda ----------------------------------------------------------------------------------

  /**
   * A therapist moves the agenda: everyone is told at once, and the progress is stored before
   * the therapist's request is answered, so a restart resumes where the session was.
   */
  agenda(
    channel: LiveChannel,
    command: 'start' | 'next' | 'back' | 'next-turn' | { extend: number },
  ): Promise<Record<string, never>> {
    const { hosted, connection } = this.#joined(channel);
    if (
      hosted.live.roleOf(connection.personId) !== 'therapist' ||
      !hosted.live.isAdmitted(connection.personId)
    ) {
      return Promise.reject(
        new DomainError('forbidden', 'Only the session’s therapists lead the agenda'),
      );
    }
    const previous = this.#agendaQueue.get(hosted.sessionId) ?? Promise.resolve();
    const task = previous
      .catch(() => undefined)
      .then(async () => {
        const { items, progress } = hosted.agenda;
        const next = this.#moveAgenda(hosted, items, progress, command, new Date());
        const state = { ...hosted.agenda, progress: next };
        hosted.agenda = state;
        this.#sendProgress(hosted);
        // Stored right after everyone is told (the therapist's ack waits for it), so a restart
        // resumes where the session was without the write delaying what people see.
        await this.agendas.save(state);
        return {} as Record<string, never>;
      });
    this.#agendaQueue.set(hosted.sessionId, task);
    return task;
  }

  #moveAgenda(
    hosted: Hosted,
    items: readonly AgendaItem[],
    progress: AgendaProgress,
    command: 'start' | 'next' | 'back' | 'next-turn' | { extend: number },
    now: Date,
  ): AgendaProgress {
    const turnOrder = hosted.rosterOrder.filter(
      (id) => hosted.live.presenceOf(id) !== null && hosted.live.presenceOf(id) !== 'waiting',
    );
    switch (command) {
      case 'start':
        return startAgenda(items, progress, now, turnOrder);
      case 'next':
        return advanceAgenda(items, progress, now, turnOrder);
      case 'back':
        return stepBackAgenda(items, progress, now, turnOrder);
      case 'next-turn':
        return nextTurn(items, progress);
      default:
        return extendAgendaItem(items, progress, command.extend);
    }
  }

  /** The agenda's progress to everyone in the call (the items did not change). */
  #sendProgress(hosted: Hosted): void {
    const { sessionId, progress, serverNow } = toAgenda(hosted.agenda);
    const event = { sessionId, progress, serverNow };
    this.#toAdmitted(hosted, (target) => target.channel.emit('agenda:progress', event));
  }

  /** The agenda to everyone in the call (or only to `to`). */
  #sendAgenda(hosted: Hosted, to?: readonly string[]): void {
    const agenda = toAgenda(hosted.agenda);
    this.#toAdmitted(hosted, (target) => {
      if (!to || to.includes(target.personId)) target.channel.emit('agenda:state', agenda);
    });
  }

  // Breakouts -------------------------------------------------------------------------------

  async startBreakouts(
    channel: LiveChannel,
    rooms: string[][],
    minutes: number | null,
  ): Promise<Record<string, never>> {
    const { hosted, connection } = this.#joined(channel);
    hosted.live.startBreakouts(connection.personId, rooms, minutes, new Date());
    await this.#applyBreakouts(hosted);
    this.#broadcast(hosted);
    return {};
  }

  async visitBreakout(channel: LiveChannel, room: number | null): Promise<Record<string, never>> {
    const { hosted, connection } = this.#joined(channel);
    hosted.live.visit(connection.personId, room);
    await this.#applyBreakouts(hosted);
    this.#broadcast(hosted);
    return {};
  }

  async endBreakouts(channel: LiveChannel): Promise<Record<string, never>> {
    const { hosted, connection } = this.#joined(channel);
    hosted.live.endBreakouts(connection.personId);
    await this.#applyBreakouts(hosted);
    this.#broadcast(hosted);
    return {};
  }

  async onApplicationShutdown(): Promise<void> {
    for (const hosted of this.#sessions.values()) clearInterval(hosted.timer);
    this.#sessions.clear();
    this.#seats.clear();
    await this.attendance.flush();
  }

  // Internals -------------------------------------------------------------------------------

  /** The session's live state on this node, set up once however many people arrive together. */
  #host(entry: LiveEntry): Promise<Hosted> {
    const { sessionId } = entry;
    const existing = this.#sessions.get(sessionId);
    if (existing) return Promise.resolve(existing);
    const pending = this.#hosting.get(sessionId);
    if (pending) return pending;
    const task = (async () => {
      const [agenda, rosterOrder] = await Promise.all([
        this.agendas.forLiveSession(entry.practiceId, sessionId),
        this.access.rosterOrder(sessionId),
      ]);
      const snapshot = await this.cluster.loadSnapshot(sessionId);
      const hosted: Hosted = {
        sessionId,
        practiceId: entry.practiceId,
        info: entry.session,
        live: new LiveSession(sessionId, { autoAdmitMembers: entry.autoAdmitMembers }),
        connections: new Map(),
        rosterOrder,
        agenda,
        savedSnapshot: undefined,
        room: undefined,
        timer: setInterval(() => this.#tick(hosted), 1000).unref(),
      };
      // Carried over from the node that hosted the session before this one.
      if (snapshot) hosted.live.restore(snapshot);
      this.#sessions.set(sessionId, hosted);
      return hosted;
    })().finally(() => this.#hosting.delete(sessionId));
    this.#hosting.set(sessionId, task);
    return task;
  }

  #tick(hosted: Hosted): void {
    const now = new Date();
    const due = hosted.live.tick(now);
    for (const id of due.seatsFreed) this.#log(hosted, id, 'left', now);
    if (due.breakoutWarning !== null) {
      const secondsLeft = due.breakoutWarning;
      this.#toAdmitted(hosted, (target) =>
        target.channel.emit('breakout:warning', { secondsLeft }),
      );
    }
    if (due.breakoutsEnded) {
      this.#applyBreakouts(hosted).catch((error: unknown) =>
        this.#warn(hosted, 'breakouts', error),
      );
    }
    if (due.seatsFreed.length > 0 || due.breakoutsEnded) this.#afterDeparture(hosted);
  }

  /** After someone went: forget an empty session, else tell the others. */
  #afterDeparture(hosted: Hosted): void {
    if (hosted.live.isEmpty) {
      clearInterval(hosted.timer);
      this.#sessions.delete(hosted.sessionId);
      hosted.room?.close();
      this.cluster
        .release(hosted.sessionId)
        .catch((error: unknown) => this.#warn(hosted, 'release', error));
      return;
    }
    this.#broadcast(hosted);
  }

  #broadcast(hosted: Hosted): void {
    if (this.cluster.enabled) {
      // Views go out on every change (the active speaker too); the snapshot changes far less.
      const snapshot = hosted.live.snapshot();
      const serialised = JSON.stringify(snapshot);
      if (serialised !== hosted.savedSnapshot) {
        hosted.savedSnapshot = serialised;
        this.cluster
          .saveSnapshot(hosted.sessionId, snapshot)
          .catch((error: unknown) => this.#warn(hosted, 'snapshot', error));
      }
    }
    for (const connection of hosted.connections.values()) {
      connection.channel.emit('session:view', this.#viewFor(hosted, connection.personId));
    }
  }

  #viewFor(hosted: Hosted, personId: string): SessionView {
    return { ...hosted.live.viewFor(personId), session: hosted.info };
  }

  #toAdmitted(hosted: Hosted, send: (connection: Connection) => void): void {
    for (const connection of hosted.connections.values()) {
      if (hosted.live.isAdmitted(connection.personId)) send(connection);
    }
  }

  /** Tells a person why they are out, stops their media at once and closes their socket. */
  #evict(
    hosted: Hosted,
    personId: string,
    event: 'session:removed' | 'session:denied',
    message: string | null,
  ): void {
    const target = hosted.connections.get(personId);
    if (!target) return;
    hosted.connections.delete(personId);
    this.#seats.delete(target.channel.id);
    this.#closePeer(target);
    target.channel.emit(event, { message });
    setTimeout(() => target.channel.disconnect(true), CLOSE_AFTER_NOTICE_MS).unref();
  }

  /** The room of the session, created on the least loaded worker if it has none (or lost it). */
  async #roomFor(hosted: Hosted): Promise<Room> {
    if (hosted.room && !hosted.room.closed) return hosted.room;
    const room = await this.sfu.rooms.getOrCreate(hosted.sessionId);
    if (hosted.room !== room) {
      hosted.room = room;
      room.on('newProducer', ({ peer, producer }) => this.#onNewProducer(hosted, peer, producer));
      room.on('activeSpeaker', ({ peerId }) => {
        hosted.live.setActiveSpeaker(peerId);
        this.#broadcast(hosted);
      });
      room.once('closed', (reason) => this.#onRoomClosed(hosted, room, reason));
    }
    return room;
  }

  #onRoomClosed(hosted: Hosted, room: Room, reason: string): void {
    if (hosted.room !== room) return;
    hosted.room = undefined;
    if (reason !== 'worker_died') return;
    // The worker under this session died: every client sets its media up again on a new room.
    for (const connection of hosted.connections.values()) {
      connection.peer = undefined;
      connection.rtpCapabilities = undefined;
      if (hosted.live.isAdmitted(connection.personId)) {
        connection.channel.emit('media:reset', { reason: 'worker_restarted' });
      }
    }
  }

  async #peerOf(hosted: Hosted, connection: Connection): Promise<Peer> {
    if (connection.peer && !connection.peer.closed) return connection.peer;
    const room = await this.#roomFor(hosted);
    const role = hosted.live.roleOf(connection.personId) ?? 'client';
    const peer = room.join(connection.personId, { role });
    connection.peer = peer;
    connection.rtpCapabilities = undefined;
    peer.on('consumerClosed', ({ consumerId }) => {
      if (connection.peer === peer)
        connection.channel.emit('media:consumer:closed', { consumerId });
    });
    peer.on('remotePaused', ({ consumerId }) =>
      connection.channel.emit('media:consumer:paused', { consumerId, paused: true }),
    );
    peer.on('remoteResumed', ({ consumerId }) =>
      connection.channel.emit('media:consumer:paused', { consumerId, paused: false }),
    );
    peer.on('iceStateChanged', ({ state }) => this.#onIceState(hosted, connection, state));
    return peer;
  }

  /** A media path going quiet is the first sign of a network drop; the seat is held meanwhile. */
  #onIceState(hosted: Hosted, connection: Connection, state: types.IceState): void {
    if (hosted.connections.get(connection.personId) !== connection) return;
    const now = new Date();
    if (state === 'disconnected' && hosted.live.presenceOf(connection.personId) === 'admitted') {
      hosted.live.drop(connection.personId, now);
      this.#log(hosted, connection.personId, 'dropped', now);
      this.#broadcast(hosted);
    } else if (
      (state === 'connected' || state === 'completed') &&
      hosted.live.presenceOf(connection.personId) === 'reconnecting'
    ) {
      hosted.live.recover(connection.personId);
      this.#log(hosted, connection.personId, 'returned', now);
      this.#broadcast(hosted);
    }
  }

  #roomOf(hosted: Hosted, peer: Peer): Room {
    const room = hosted.room;
    if (!room || room.closed || peer.closed) {
      throw new DomainError('conflict', 'The media connection was reset; set it up again');
    }
    return room;
  }

  #onNewProducer(hosted: Hosted, peer: Peer, producer: PeerProducer): void {
    for (const connection of hosted.connections.values()) {
      if (connection.personId === peer.id) continue;
      this.#consume(hosted, connection, producer).catch((error: unknown) =>
        this.#warn(hosted, 'consume', error),
      );
    }
  }

  async #consume(hosted: Hosted, connection: Connection, producer: PeerProducer): Promise<void> {
    const { peer, rtpCapabilities } = connection;
    if (!peer || peer.closed || !rtpCapabilities || producer.closed) return;
    if (!hosted.live.isAdmitted(connection.personId)) return;
    const params = await peer.consume(producer, rtpCapabilities);
    if (!hosted.live.canReceive(connection.personId, producer.appData.peerId)) {
      await peer.holdConsumer(params.id, 'breakout');
    }
    connection.channel.emit('media:consumer:new', {
      id: params.id,
      producerId: params.producerId,
      producerPeerId: params.producerPeerId,
      source: params.source,
      kind: params.kind,
      rtpParameters: params.rtpParameters as unknown as Record<string, unknown>,
      producerPaused: params.producerPaused,
    });
  }

  /** Holds or releases every consumer so media flows only within each breakout room. */
  async #applyBreakouts(hosted: Hosted): Promise<void> {
    const changes: Promise<void>[] = [];
    for (const connection of hosted.connections.values()) {
      const peer = connection.peer;
      if (!peer || peer.closed) continue;
      for (const consumer of peer.consumers) {
        const together = hosted.live.canReceive(
          connection.personId,
          consumer.appData.producerPeerId,
        );
        changes.push(
          together
            ? peer.releaseConsumer(consumer.id, 'breakout')
            : peer.holdConsumer(consumer.id, 'breakout'),
        );
      }
    }
    await Promise.allSettled(changes);
  }

  /** Pauses a person's microphone on the server, so muting holds whatever their client does. */
  async #silence(hosted: Hosted, personId: string, locked: boolean): Promise<void> {
    const target = hosted.connections.get(personId);
    if (!target) return;
    const peer = target.peer;
    if (peer && !peer.closed) {
      await Promise.all(
        peer.producers
          .filter((producer) => producer.appData.source === 'microphone')
          .map((producer) => peer.pauseProducer(producer.id)),
      );
    }
    target.channel.emit('moderation:muted', { locked });
  }

  #closePeer(connection: Connection): void {
    const peer = connection.peer;
    connection.peer = undefined;
    connection.rtpCapabilities = undefined;
    peer?.close();
  }

  #joined(channel: LiveChannel): Seat {
    const seat = this.#seats.get(channel.id);
    if (!seat) throw new DomainError('conflict', 'Join a session first');
    return seat;
  }

  #admitted(channel: LiveChannel): Seat {
    const seat = this.#joined(channel);
    if (!seat.hosted.live.isAdmitted(seat.connection.personId)) {
      throw new DomainError('forbidden', 'Wait until a therapist lets you into the call', {
        reason: 'not_admitted',
      });
    }
    return seat;
  }

  #mediaPeer(channel: LiveChannel): Peer {
    const { connection } = this.#admitted(channel);
    const peer = connection.peer;
    if (!peer || peer.closed) {
      throw new DomainError('conflict', 'Ask for the media capabilities first');
    }
    return peer;
  }

  #log(
    hosted: Hosted,
    personId: string,
    kind: Parameters<AttendanceService['record']>[0]['kind'],
    at: Date,
  ): void {
    void this.attendance.record(
      { practiceId: hosted.practiceId, sessionId: hosted.sessionId, personId, kind },
      at,
    );
  }

  #warn(hosted: Hosted, what: string, error: unknown): void {
    this.logger.event(
      'warn',
      `live ${what} failed`,
      {
        sessionId: hosted.sessionId,
        errorClass: error instanceof Error ? error.name : typeof error,
      },
      'live',
    );
  }
}
