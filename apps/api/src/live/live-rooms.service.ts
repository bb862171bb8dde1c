import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { LiveRequestResult } from '@hearth/contracts';
import { DomainError, LiveSession } from '@hearth/domain';
import { AgendaService, toAgenda } from '../agenda/agenda.service';
import type { Principal } from '../identity/token-service';
import { AttendanceService } from './attendance.service';
import { ClusterService } from './cluster.service';
import { LiveAccessService, type LiveEntry } from './live-access.service';
import { LiveGuard } from './live-guard';
import { LiveMediaService } from './live-media.service';
import {
  CLOSE_AFTER_NOTICE_MS,
  LiveRegistry,
  closePeer,
  recordAttendance,
  type Connection,
  type Hosted,
  type LiveChannel,
} from './live-registry';
import { LiveViews } from './live-views';

/** A session is handed over to another node only once it has been hosted here this long (ms). */
const HAND_OVER_AFTER_MS = 2_000;
/** How soon a join that found the lease gone during set-up asks again (ms). */
const RETRY_AFTER_LOST_MS = 500;

/**
 * Hosting the live sessions of this API node: opening a session's state when its first person
 * arrives, seating connections, the one-second timer of each session (seat holds, breakout
 * countdowns), and closing it when the last person has gone. Media, the agenda, the waiting room
 * and moderation, and breakouts are units of their own sharing the {@link LiveRegistry}; every
 * timer and event handler runs behind the {@link LiveGuard}, whose repair lives here.
 */
@Injectable()
export class LiveRoomsService implements OnApplicationShutdown {
  constructor(
    @Inject(LiveRegistry) private readonly registry: LiveRegistry,
    @Inject(LiveAccessService) private readonly access: LiveAccessService,
    @Inject(AttendanceService) private readonly attendance: AttendanceService,
    @Inject(AgendaService) private readonly agendas: AgendaService,
    @Inject(ClusterService) private readonly cluster: ClusterService,
    @Inject(LiveMediaService) private readonly media: LiveMediaService,
    @Inject(LiveViews) private readonly views: LiveViews,
    @Inject(LiveGuard) private readonly guard: LiveGuard,
  ) {
    guard.onFault((hosted, action) => {
      if (action === 'close') this.#close(hosted);
      else this.#repair(hosted);
    });
    // Without its lease this node must not host: its people rejoin where the session now lives.
    cluster.on('leaseLost', (sessionId) => {
      const hosted = this.registry.sessions.get(sessionId);
      if (hosted) this.#close(hosted);
    });
    // Behind one address the proxy now sends this session's people to another node (that node's
    // place on the ring is back after a restart): they rejoin there. Only once the session has
    // been hosted here a moment, so that a route that flaps cannot keep it moving.
    cluster.on('handOver', (sessionId) => {
      const hosted = this.registry.sessions.get(sessionId);
      if (!hosted || Date.now() - hosted.openedAt < HAND_OVER_AFTER_MS) return;
      this.#close(hosted);
    });
  }

  /** Number of sessions open on this node (health, tests). */
  get openSessions(): number {
    return this.registry.sessions.size;
  }

  /**
   * Seats a person in a session hosted here (opening it when nobody hosts it), or says where it
   * is hosted. `routedHere`: the connection came through a proxy that routes by this session.
   */
  async join(
    channel: LiveChannel,
    principal: Principal,
    sessionId: string,
    routedHere = false,
  ): Promise<LiveRequestResult<'session:join'>> {
    const { seats, sessions, hosting } = this.registry;
    if (seats.has(channel.id)) {
      throw new DomainError('conflict', 'This connection has already joined a session');
    }
    const now = new Date();
    const entry = await this.access.entry(principal, sessionId, now);
    if (seats.has(channel.id)) {
      throw new DomainError('conflict', 'This connection has already joined a session');
    }
    if (!sessions.has(sessionId) && !hosting.has(sessionId)) {
      const claim = await this.cluster.claim(sessionId, routedHere);
      if (!claim.mine) {
        return 'url' in claim
          ? { redirect: { url: claim.url } }
          : { retry: { afterMs: claim.retryAfterMs } };
      }
    }
    const hosted = await this.#host(entry);
    if (!this.cluster.holds(sessionId)) {
      // The lease went while the session was being set up here: it is not this node's to host.
      this.#close(hosted);
      return { retry: { afterMs: RETRY_AFTER_LOST_MS } };
    }
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
      this.registry.unseat(hosted, previous);
      this.#closeAfterNotice(hosted, previous, () => previous.channel.emit('session:replaced', {}));
    }
    const connection: Connection = {
      channel,
      personId: entry.personId,
      rtpCapabilities: undefined,
      peer: undefined,
    };
    hosted.connections.set(entry.personId, connection);
    seats.set(channel.id, { hosted, connection });
    this.#log(hosted, entry.personId, outcome.returning ? 'returned' : 'joined', now);
    if (outcome.presence === 'admitted' && !outcome.returning) {
      this.#log(hosted, entry.personId, 'admitted', now);
    }
    this.views.broadcast(hosted);
    const admitted = outcome.presence === 'admitted';
    return {
      view: this.views.viewFor(hosted, entry.personId),
      chat: admitted ? [...hosted.live.chatHistory] : [],
      agenda: admitted ? toAgenda(hosted.agenda) : null,
      serverNow: new Date().toISOString(),
    };
  }

  /** The person leaves on purpose: their seat is freed at once. */
  leave(channel: LiveChannel): Record<string, never> {
    const seat = this.registry.seats.get(channel.id);
    if (!seat) return {};
    const { hosted, connection } = seat;
    this.registry.unseat(hosted, connection);
    hosted.live.leave(connection.personId);
    this.#log(hosted, connection.personId, 'left', new Date());
    this.afterDeparture(hosted);
    return {};
  }

  /** The connection dropped: the seat is held for a minute while the client comes back. */
  disconnected(channel: LiveChannel): void {
    const seat = this.registry.seats.get(channel.id);
    if (!seat) return;
    const { hosted, connection } = seat;
    this.registry.seats.delete(channel.id);
    if (hosted.connections.get(connection.personId) !== connection) return;
    hosted.connections.delete(connection.personId);
    hosted.backgroundProcessed.delete(connection.personId);
    closePeer(connection);
    hosted.live.drop(connection.personId, new Date());
    this.#log(hosted, connection.personId, 'dropped', new Date());
    this.views.broadcast(hosted);
  }

  /** Tells a person why they are out, stops their media at once and closes their socket. */
  evict(
    hosted: Hosted,
    personId: string,
    event: 'session:removed' | 'session:denied',
    message: string | null,
  ): void {
    const target = hosted.connections.get(personId);
    if (!target) return;
    this.registry.unseat(hosted, target);
    this.#closeAfterNotice(hosted, target, () => target.channel.emit(event, { message }));
  }

  /** After someone went: forget an empty session, else tell the others. */
  afterDeparture(hosted: Hosted): void {
    if (hosted.live.isEmpty) {
      this.#close(hosted);
      return;
    }
    this.views.broadcast(hosted);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const hosted of this.registry.sessions.values()) clearInterval(hosted.timer);
    this.registry.sessions.clear();
    this.registry.seats.clear();
    await this.attendance.flush();
  }

  /** The session's live state on this node, set up once however many people arrive together. */
  #host(entry: LiveEntry): Promise<Hosted> {
    const { sessionId } = entry;
    const { sessions, hosting } = this.registry;
    const existing = sessions.get(sessionId);
    if (existing) return Promise.resolve(existing);
    const pending = hosting.get(sessionId);
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
        openedAt: Date.now(),
        room: undefined,
        timer: undefined,
        quality: new Map(),
        audioOnly: new Set(),
        backgroundProcessed: new Set(),
      };
      hosted.timer = setInterval(
        this.guard.wrap(hosted, 'tick', () => this.#tick(hosted)),
        1000,
      ).unref();
      // Carried over from the node that hosted the session before this one.
      if (snapshot) hosted.live.restore(snapshot);
      sessions.set(sessionId, hosted);
      return hosted;
    })().finally(() => hosting.delete(sessionId));
    hosting.set(sessionId, task);
    return task;
  }

  #tick(hosted: Hosted): void {
    // Never hosted without the lease, whatever missed the 'leaseLost' event.
    if (!this.cluster.holds(hosted.sessionId)) {
      this.#close(hosted);
      return;
    }
    const now = new Date();
    const due = hosted.live.tick(now);
    for (const id of due.seatsFreed) {
      this.#log(hosted, id, 'left', now);
      // Dropped on the media path while the socket stayed up: the connection goes with the seat.
      const connection = hosted.connections.get(id);
      if (connection) this.#release(hosted, connection, 'hold_expired');
    }
    if (due.breakoutWarning !== null) {
      const secondsLeft = due.breakoutWarning;
      this.views.emitToAdmitted(hosted, 'breakout:warning', { secondsLeft });
    }
    if (due.breakoutsEnded) {
      this.guard.run(hosted, 'breakouts', () => this.media.applyBreakouts(hosted));
    }
    if (due.seatsFreed.length > 0 || due.breakoutsEnded) this.afterDeparture(hosted);
  }

  /**
   * After a fault: a connection whose person has no seat any more is closed (it would make every
   * view fail), and everyone gets a fresh view. If even that fails the session is closed, so one
   * broken session can never keep failing on every tick.
   */
  #repair(hosted: Hosted): void {
    if (this.registry.sessions.get(hosted.sessionId) !== hosted) return;
    try {
      for (const connection of [...hosted.connections.values()]) {
        if (!hosted.live.has(connection.personId)) this.#release(hosted, connection, 'reset');
      }
      this.afterDeparture(hosted);
    } catch {
      this.#close(hosted);
    }
  }

  /**
   * Closes the session on this node: its timer, its media, its people's connections (told to
   * join again, which sets the session up afresh).
   */
  #close(hosted: Hosted): void {
    clearInterval(hosted.timer);
    this.guard.forget(hosted.sessionId);
    if (this.registry.sessions.get(hosted.sessionId) === hosted) {
      this.registry.sessions.delete(hosted.sessionId);
    }
    for (const connection of [...hosted.connections.values()]) {
      this.#release(hosted, connection, 'reset');
    }
    this.guard.run(hosted, 'close room', () => hosted.room?.close());
    this.guard.background(hosted, 'release', this.cluster.release(hosted.sessionId));
  }

  /** A connection loses its seat: it is told why and closed; the client joins again. */
  #release(hosted: Hosted, connection: Connection, reason: 'hold_expired' | 'reset'): void {
    this.registry.unseat(hosted, connection);
    this.#closeAfterNotice(hosted, connection, () =>
      connection.channel.emit('seat:released', { reason }),
    );
  }

  /** Sends a last word to a connection, then closes its socket shortly after. */
  #closeAfterNotice(hosted: Hosted, connection: Connection, notice: () => void): void {
    this.guard.run(hosted, 'notice', notice);
    setTimeout(
      this.guard.wrap(hosted, 'close connection', () => connection.channel.disconnect(true)),
      CLOSE_AFTER_NOTICE_MS,
    ).unref();
  }

  #log(
    hosted: Hosted,
    personId: string,
    kind: 'joined' | 'returned' | 'admitted' | 'left' | 'dropped',
    at: Date,
  ): void {
    recordAttendance(this.attendance, hosted, personId, kind, at);
  }
}
