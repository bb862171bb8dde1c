import { EventEmitter } from 'node:events';
import type { LiveServerEvents, LiveSessionInfo } from '@hearth/contracts';
import { agendaNotStarted, type AgendaItem, type LiveRole } from '@hearth/domain';
import type { SessionAgendaState } from '../../agenda/agenda.service';
import type { AgendaService } from '../../agenda/agenda.service';
import type { Principal } from '../../identity/token-service';
import { JsonLogger } from '../../logging/json-logger';
import type { AttendanceService } from '../attendance.service';
import type { ClusterService } from '../cluster.service';
import type { LiveAccessService, LiveEntry } from '../live-access.service';
import { LiveAgendaService } from '../live-agenda.service';
import { LiveBreakoutsService } from '../live-breakouts.service';
import { LiveE2eeService } from '../live-e2ee.service';
import { LiveGuard } from '../live-guard';
import { LiveLobbyService } from '../live-lobby.service';
import { LiveMediaService } from '../live-media.service';
import { LiveQualityService } from '../live-quality.service';
import { LiveRegistry, type LiveChannel } from '../live-registry';
import { LiveRoomsService } from '../live-rooms.service';
import { LiveViews } from '../live-views';
import type { SfuService } from '../sfu.service';

// Fakes for unit tests of the live units: a channel that records what it is sent, and a media
// room and peer that do what the units ask and let a test fire the events mediasoup would.

type Sent = {
  [E in keyof LiveServerEvents]: { event: E; payload: Parameters<LiveServerEvents[E]>[0] };
}[keyof LiveServerEvents];

export class FakeChannel implements LiveChannel {
  static #next = 0;
  readonly id = `channel-${++FakeChannel.#next}`;
  readonly sent: Sent[] = [];
  disconnected = false;
  /** Makes every emit throw (a connection in a state nobody expected). */
  failing = false;

  emit<E extends keyof LiveServerEvents>(
    event: E,
    ...args: Parameters<LiveServerEvents[E]>
  ): boolean {
    if (this.failing) throw new TypeError('the channel broke');
    this.sent.push({ event, payload: args[0] } as Sent);
    return true;
  }

  disconnect(): this {
    this.disconnected = true;
    return this;
  }

  /** Payloads of one event, oldest first. */
  all<E extends keyof LiveServerEvents>(event: E): Parameters<LiveServerEvents[E]>[0][] {
    return this.sent
      .filter((sent) => sent.event === event)
      .map((sent) => sent.payload as Parameters<LiveServerEvents[E]>[0]);
  }

  last<E extends keyof LiveServerEvents>(event: E): Parameters<LiveServerEvents[E]>[0] | undefined {
    return this.all(event).at(-1);
  }
}

export class FakeProducer extends EventEmitter {
  closed = false;
  paused = false;
  constructor(
    readonly id: string,
    readonly kind: 'audio' | 'video',
    readonly appData: { peerId: string; source: 'camera' | 'microphone' | 'screen' },
  ) {
    super();
  }
}

export class FakePeer extends EventEmitter {
  closed = false;
  readonly producers: FakeProducer[] = [];
  readonly consumers: {
    id: string;
    producerId: string;
    kind: 'audio' | 'video';
    appData: { producerPeerId: string; source: string };
    holds: Set<string>;
  }[] = [];
  restarts = 0;

  constructor(readonly id: string) {
    super();
  }

  close(): void {
    this.closed = true;
    this.emit('closed');
  }

  async createWebRtcTransport(direction: 'send' | 'recv') {
    return {
      id: `${this.id}-${direction}`,
      iceParameters: {},
      iceCandidates: [],
      dtlsParameters: {},
    };
  }

  async connectTransport(): Promise<void> {}

  async restartIce(): Promise<Record<string, unknown>> {
    this.restarts += 1;
    return { usernameFragment: `u${this.restarts}`, password: 'p', iceLite: true };
  }

  getProducer(producerId: string): FakeProducer {
    const producer = this.producers.find((p) => p.id === producerId);
    if (!producer) throw new Error('no such producer');
    return producer;
  }

  async pauseProducer(producerId: string): Promise<void> {
    this.getProducer(producerId).paused = true;
  }

  async holdConsumer(consumerId: string, hold: string): Promise<void> {
    this.consumers.find((c) => c.id === consumerId)?.holds.add(hold);
  }

  async releaseConsumer(consumerId: string, hold: string): Promise<void> {
    this.consumers.find((c) => c.id === consumerId)?.holds.delete(hold);
  }

  async consume(producer: FakeProducer) {
    const id = `${this.id}<-${producer.id}`;
    this.consumers.push({
      id,
      producerId: producer.id,
      kind: producer.kind,
      appData: { producerPeerId: producer.appData.peerId, source: producer.appData.source },
      holds: new Set(['client']),
    });
    return {
      id,
      producerId: producer.id,
      producerPeerId: producer.appData.peerId,
      source: producer.appData.source,
      kind: producer.kind,
      type: 'simple',
      rtpParameters: {},
      producerPaused: false,
    };
  }

  /** ICE state of the peer's transports, by direction. */
  readonly iceStates = new Map<'send' | 'recv', string>();

  get mediaPathDown(): boolean {
    return [...this.iceStates.values()].some((state) => state === 'disconnected');
  }

  /** What mediasoup would say about one of the peer's transports' ICE. */
  ice(
    state: 'new' | 'connected' | 'completed' | 'disconnected',
    direction: 'send' | 'recv' = 'send',
  ): void {
    this.iceStates.set(direction, state);
    this.emit('iceStateChanged', { transportId: `${this.id}-${direction}`, direction, state });
  }
}

export class FakeRoom extends EventEmitter {
  closed = false;
  readonly rtpCapabilities = { codecs: [] };
  readonly peers = new Map<string, FakePeer>();

  join(peerId: string): FakePeer {
    const peer = new FakePeer(peerId);
    this.peers.get(peerId)?.close();
    this.peers.set(peerId, peer);
    return peer;
  }

  producers(exceptPeerId?: string): FakeProducer[] {
    return [...this.peers.values()]
      .filter((peer) => peer.id !== exceptPeerId && !peer.closed)
      .flatMap((peer) => peer.producers);
  }

  close(): void {
    this.closed = true;
  }
}

const info: LiveSessionInfo = {
  courseTitle: 'Course',
  format: 'couple',
  number: 1,
  count: 12,
  phase: 'initial',
  startsAt: '2031-01-06T18:00:00.000Z',
  endsAt: '2031-01-06T18:50:00.000Z',
};

/** A person the fake access service lets into every session. */
export interface FakePerson {
  readonly id: string;
  readonly role: LiveRole;
  readonly name: string;
}

/** The live units wired as the module wires them, over fakes of storage, cluster and media. */
export function liveUnits(
  options: { autoAdmitMembers?: boolean; agendaItems?: readonly AgendaItem[] } = {},
) {
  const lines: Record<string, unknown>[] = [];
  const logger = new JsonLogger('debug', (line) => lines.push(JSON.parse(line)));
  const rooms = new Map<string, FakeRoom>();
  const attendance: { personId: string; kind: string }[] = [];
  const people = new Map<string, FakePerson>();

  const access = {
    async entry(principal: Principal, sessionId: string): Promise<LiveEntry> {
      const person = people.get(principal.personId);
      if (!person) throw new Error('unknown person');
      return {
        sessionId,
        practiceId: 'practice-1',
        personId: person.id,
        displayName: person.name,
        role: person.role,
        knownMember: person.role === 'client',
        autoAdmitMembers: options.autoAdmitMembers ?? false,
        session: info,
      };
    },
    async rosterOrder(): Promise<string[]> {
      return [...people.values()].filter((p) => p.role === 'client').map((p) => p.id);
    },
  } as unknown as LiveAccessService;
  const attendanceService = {
    record(event: { personId: string; kind: string }) {
      attendance.push({ personId: event.personId, kind: event.kind });
      return Promise.resolve();
    },
    flush: () => Promise.resolve(),
  } as unknown as AttendanceService;
  const agendas = Object.assign(new EventEmitter(), {
    async forLiveSession(practiceId: string, sessionId: string): Promise<SessionAgendaState> {
      return {
        sessionId,
        practiceId,
        durationMinutes: 50,
        items: [...(options.agendaItems ?? [])],
        progress: agendaNotStarted,
      };
    },
    async save(state: SessionAgendaState) {
      saved.push(state.sessionId);
    },
  }) as unknown as AgendaService;
  /** Sessions whose lease this node no longer holds. */
  const leasesLost = new Set<string>();
  const saved: string[] = [];
  const cluster = Object.assign(new EventEmitter(), {
    enabled: false,
    holds: (sessionId: string) => !leasesLost.has(sessionId),
    claim: async () => ({ mine: true }),
    loadSnapshot: async () => null,
    saveSnapshot: async () => undefined,
    release: async () => undefined,
    publishAgendaChanged: () => undefined,
  }) as unknown as ClusterService;
  const sfu = {
    rooms: {
      async getOrCreate(sessionId: string) {
        let room = rooms.get(sessionId);
        if (!room || room.closed) {
          room = new FakeRoom();
          rooms.set(sessionId, room);
        }
        return room;
      },
    },
  } as unknown as SfuService;

  const registry = new LiveRegistry(cluster);
  const guard = new LiveGuard(logger);
  const views = new LiveViews(cluster, guard, { live: { e2ee: false } });
  const quality = new LiveQualityService(registry, views, guard);
  const media = new LiveMediaService(registry, sfu, views, guard, attendanceService, quality);
  const hosting = new LiveRoomsService(
    registry,
    access,
    attendanceService,
    agendas,
    cluster,
    media,
    views,
    guard,
  );
  const agenda = new LiveAgendaService(registry, views, agendas, cluster, guard);
  const lobby = new LiveLobbyService(registry, hosting, media, agenda, views, attendanceService);
  const breakouts = new LiveBreakoutsService(registry, media, views);
  const e2ee = new LiveE2eeService(registry, views);

  return {
    registry,
    guard,
    views,
    media,
    quality,
    hosting,
    agenda,
    lobby,
    breakouts,
    e2ee,
    rooms,
    attendance,
    cluster,
    /** Sessions whose agenda progress was stored, in order. */
    saved,
    /**
     * This node no longer holds the session's lease, as Redis sees it — before (or without) the
     * 'leaseLost' event reaching the live layer.
     */
    loseLease(sessionId: string): void {
      leasesLost.add(sessionId);
    },
    /** Log lines written, parsed. */
    lines,
    /** Adds a person the fake access service knows. */
    person(id: string, name: string, role: LiveRole): FakePerson {
      const person = { id, name, role };
      people.set(id, person);
      return person;
    },
    /** Joins `person` to `sessionId` on a new fake channel. */
    async join(person: FakePerson, sessionId: string): Promise<FakeChannel> {
      const channel = new FakeChannel();
      const principal = { personId: person.id } as unknown as Principal;
      await hosting.join(channel, principal, sessionId);
      return channel;
    },
    /** The fake peer of a person in a session's room. */
    peerOf(sessionId: string, personId: string): FakePeer {
      const peer = rooms.get(sessionId)?.peers.get(personId);
      if (!peer) throw new Error(`no peer for ${personId}`);
      return peer;
    },
  };
}
