import type {
  ChatMessage,
  ConsumerParameters,
  LiveAck,
  LiveRequestName,
  LiveRequestPayload,
  LiveServerEvents,
  Participant,
  Person,
  SessionView,
} from '@hearth/contracts';
import type { types } from 'mediasoup-client';
import {
  createCallClient,
  type CallClient,
  type CallClientDeps,
} from '../features/call/call-client/call-client';
import type {
  ConnectionEvent,
  LiveConnection,
  LiveConnectionOptions,
} from '../features/call/call-client/live-connection';
import type {
  CallMediaDeps,
  LocalProducer,
  MediaDevice,
  MediaTransport,
  ProduceAppData,
  RemoteConsumer,
} from '../features/call/call-client/media-types';

// Fakes for the live call: a signalling connection that answers like the gateway, and a
// mediasoup Device whose transports call back the way mediasoup-client's do.

export const sessionId = '7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
export const therapistId = '11111111-1111-4111-8111-111111111111';
export const cleoId = '22222222-2222-4222-8222-222222222222';
export const samId = '33333333-3333-4333-8333-333333333333';
export const aliId = '44444444-4444-4444-8444-444444444444';

export function participant(
  overrides: Partial<Participant> & Pick<Participant, 'id'>,
): Participant {
  return {
    displayName: 'Someone',
    role: 'client',
    presence: 'admitted',
    since: '2026-01-12T09:55:00.000Z',
    microphoneOn: true,
    cameraOn: true,
    screenSharing: false,
    unmuteLocked: false,
    handPosition: null,
    breakoutRoom: null,
    connection: 'unknown',
    audioOnly: false,
    ...overrides,
  };
}

export const therapist = participant({
  id: therapistId,
  displayName: 'Dr Tamsin Reed',
  role: 'therapist',
});
/** The therapist's account, for signing in as her. */
export const therapistPerson: Person = {
  id: therapistId,
  practiceId: '8d1f7a52-5b7e-4a3f-8c1e-6f2d9b0c4a11',
  email: 'tamsin@hearth.example',
  displayName: therapist.displayName,
  roles: ['therapist'],
  timeZone: 'Europe/London',
};
export const cleo = participant({ id: cleoId, displayName: 'Cleo Client' });
export const sam = participant({ id: samId, displayName: 'Sam Okafor' });
export const ali = participant({ id: aliId, displayName: 'Ali Okafor' });

export function sessionView(
  selfId: string,
  participants: Participant[],
  overrides: Partial<SessionView> = {},
): SessionView {
  return {
    sessionId,
    session: {
      courseTitle: 'Okafor family',
      format: 'family',
      number: 3,
      count: 12,
      phase: 'initial',
      startsAt: '2026-01-12T10:00:00.000Z',
      endsAt: '2026-01-12T10:50:00.000Z',
    },
    selfId,
    locked: false,
    participants,
    breakouts: null,
    activeSpeakerId: null,
    ...overrides,
  };
}

export function chatMessage(id: string, from: Participant, text: string): ChatMessage {
  return {
    id,
    fromId: from.id,
    fromName: from.displayName,
    text,
    sentAt: '2026-01-12T10:01:00.000Z',
  };
}

/** A `media:consumer:new` for one of a participant's tracks. */
export function consumerFor(
  participantId: string,
  kind: 'audio' | 'video',
  id = `consumer-${participantId.slice(0, 4)}-${kind}`,
  source: ConsumerParameters['source'] = kind === 'audio' ? 'microphone' : 'camera',
): ConsumerParameters {
  return {
    id,
    producerId: `remote-${id}`,
    producerPeerId: participantId,
    source,
    kind,
    rtpParameters: { codecs: [] },
    producerPaused: false,
  };
}

// ── tracks ─────────────────────────────────────────────────────────────────────────────────────

export interface FakeTrack extends MediaStreamTrack {
  stopped: boolean;
  fire(type: 'ended'): void;
}

let trackCount = 0;

/** Enough of a MediaStreamTrack for the call client (jsdom has none). */
export function fakeTrack(kind: 'audio' | 'video', deviceId = `${kind}-default`): FakeTrack {
  trackCount += 1;
  const listeners = new Map<string, Array<() => void>>();
  const track = {
    kind,
    id: `track-${trackCount}`,
    label: `${kind} ${trackCount}`,
    enabled: true,
    readyState: 'live',
    stopped: false,
    stop() {
      track.stopped = true;
      track.readyState = 'ended';
    },
    getSettings: () => ({ deviceId }),
    addEventListener(type: string, listener: () => void) {
      listeners.set(type, [...(listeners.get(type) ?? []), listener]);
    },
    removeEventListener() {},
    fire(type: string) {
      for (const listener of listeners.get(type) ?? []) listener();
    },
  };
  return track as unknown as FakeTrack;
}

// ── signalling ─────────────────────────────────────────────────────────────────────────────────

export interface Emitted {
  readonly event: LiveRequestName;
  readonly payload: Record<string, unknown>;
}

type Handler = (payload: Record<string, unknown>) => LiveAck<unknown> | 'no-answer';

/** The gateway's answers when a test gives none; every request succeeds. */
function defaultHandlers(): Partial<Record<LiveRequestName, Handler>> {
  let transports = 0;
  let producers = 0;
  let messages = 0;
  return {
    'session:ping': () => ({ data: { serverTime: new Date().toISOString() } }),
    'media:capabilities': () => ({ data: { rtpCapabilities: { codecs: [] } } }),
    'media:transport:create': (p) => {
      transports += 1;
      return {
        data: {
          id: `${String(p['direction'])}-transport-${transports}`,
          iceParameters: {},
          iceCandidates: [],
          dtlsParameters: {},
        },
      };
    },
    'media:produce': () => {
      producers += 1;
      return { data: { producerId: `producer-${producers}` } };
    },
    'media:transport:restart-ice': () => ({ data: { iceParameters: { usernameFragment: 'new' } } }),
    'lobby:admit-all': () => ({ data: { admitted: 1 } }),
    'moderation:mute-all': () => ({ data: { muted: 1 } }),
    'chat:send': () => {
      messages += 1;
      return { data: { id: `sent-${messages}` } };
    },
  };
}

/** A signalling connection that answers like the live gateway, driven by the test. */
export class FakeLive implements LiveConnection {
  readonly emitted: Emitted[] = [];
  readonly tokens: Array<string | undefined> = [];
  readonly handlers: Partial<Record<LiveRequestName, Handler>> = defaultHandlers();
  /** Messages of connect_error to give on the next connection attempts, in order. */
  readonly refuseNext: string[] = [];
  closed = false;
  private readonly listeners = new Map<string, Array<(payload: never) => void>>();
  private readonly statusListeners: Array<(event: ConnectionEvent) => void> = [];

  constructor(readonly options: LiveConnectionOptions) {}

  /** Answers `event` with this data (or a function of the payload) from now on. */
  answer<E extends LiveRequestName>(
    event: E,
    reply: LiveAck<unknown> | ((payload: LiveRequestPayload<E>) => LiveAck<unknown>),
  ): void {
    this.handlers[event] = (payload) =>
      typeof reply === 'function' ? reply(payload as LiveRequestPayload<E>) : reply;
  }

  refuse(event: LiveRequestName, code: string, message: string): void {
    this.handlers[event] = () => ({ error: { code, message } });
  }

  connect(): void {
    this.tokens.push(this.options.token());
    const refusal = this.refuseNext.shift();
    queueMicrotask(() => {
      if (this.closed) return;
      this.status(
        refusal
          ? { type: 'connect_error', message: refusal, willRetry: false }
          : { type: 'connect' },
      );
    });
  }

  close(): void {
    this.closed = true;
  }

  emit<E extends LiveRequestName>(
    event: E,
    payload: LiveRequestPayload<E>,
    ack: (answer: never) => void,
  ): void {
    const record = payload as Record<string, unknown>;
    this.emitted.push({ event, payload: record });
    const handler = this.handlers[event];
    const answer = handler ? handler(record) : { data: {} };
    if (answer === 'no-answer') return;
    // Acks arrive later, as over a network.
    queueMicrotask(() => ack(answer as never));
  }

  on<E extends keyof LiveServerEvents>(event: E, listener: LiveServerEvents[E]): void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as (payload: never) => void);
    this.listeners.set(event, list);
  }

  onConnection(listener: (event: ConnectionEvent) => void): void {
    this.statusListeners.push(listener);
  }

  /** The server sends an event. */
  server<E extends keyof LiveServerEvents>(event: E, payload: Parameters<LiveServerEvents[E]>[0]) {
    for (const listener of this.listeners.get(event) ?? []) listener(payload as never);
  }

  /** The network drops; socket.io will reconnect by itself. */
  drop(reason = 'transport close'): void {
    this.status({ type: 'disconnect', reason, willReconnect: true });
  }

  /** socket.io reconnected. */
  restore(): void {
    this.tokens.push(this.options.token());
    this.status({ type: 'connect' });
  }

  status(event: ConnectionEvent): void {
    for (const listener of this.statusListeners) listener(event);
  }

  /** The requests sent, by event name. */
  sent(event: LiveRequestName): Array<Record<string, unknown>> {
    return this.emitted.filter((e) => e.event === event).map((e) => e.payload);
  }

  names(): LiveRequestName[] {
    return this.emitted.map((e) => e.event);
  }
}

// ── mediasoup ──────────────────────────────────────────────────────────────────────────────────

export class FakeProducer implements LocalProducer {
  paused = false;
  closed = false;
  constructor(
    readonly id: string,
    readonly kind: 'audio' | 'video',
    public track: MediaStreamTrack | null,
    readonly options: types.ProducerOptions<ProduceAppData>,
  ) {}
  pause() {
    this.paused = true;
    if (this.track) this.track.enabled = false;
  }
  resume() {
    this.paused = false;
    if (this.track) this.track.enabled = true;
  }
  async replaceTrack({ track }: { track: MediaStreamTrack | null }) {
    this.track = track;
  }
  close() {
    this.closed = true;
  }
}

export class FakeConsumer implements RemoteConsumer {
  closed = false;
  readonly track: FakeTrack;
  packets = 120;
  constructor(readonly options: types.ConsumerOptions) {
    this.track = fakeTrack(options.kind);
  }
  get id() {
    return this.options.id;
  }
  get kind() {
    return this.options.kind;
  }
  async getStats(): Promise<RTCStatsReport> {
    const entries: Array<[string, Record<string, unknown>]> = [
      ['t1', { type: 'transport', bytesReceived: 1 }],
      [
        'in1',
        {
          type: 'inbound-rtp',
          kind: this.kind,
          packetsReceived: this.packets,
          bytesReceived: this.packets * 1000,
          ...(this.kind === 'video'
            ? { framesDecoded: 90, frameWidth: 640, frameHeight: 360 }
            : {}),
        },
      ],
    ];
    return new Map(entries) as unknown as RTCStatsReport;
  }
  close() {
    this.closed = true;
  }
}

type Listener = (...args: never[]) => void;

export class FakeTransport implements MediaTransport {
  closed = false;
  readonly produced: FakeProducer[] = [];
  readonly consumed: FakeConsumer[] = [];
  readonly iceRestarts: unknown[] = [];
  /** How many of the next consume calls fail (Infinity: all), as a refused SDP answer does. */
  failingConsumes = 0;
  /** What getStats() reports (the test sets loss and round trip here). */
  stats: Array<Record<string, unknown>> = [];
  private connected = false;
  // mediasoup-client runs a transport's produce and consume calls one at a time.
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Map<string, Listener>();

  constructor(
    readonly direction: 'send' | 'recv',
    readonly options: types.TransportOptions,
  ) {}

  get id() {
    return this.options.id;
  }

  on(event: string, listener: Listener): unknown {
    this.listeners.set(event, listener);
    return this;
  }

  private call<T>(event: string, ...args: unknown[]): Promise<T> {
    const listener = this.listeners.get(event) as ((...a: unknown[]) => void) | undefined;
    if (!listener) return Promise.reject(new Error(`no ${event} listener`));
    return new Promise<T>((resolve, reject) => listener(...args, resolve, reject));
  }

  // Like mediasoup-client: the first produce or consume connects the transport (DTLS).
  private async ensureConnected() {
    if (this.connected) return;
    this.connected = true;
    await this.call('connect', { dtlsParameters: { role: 'client', fingerprints: [] } });
  }

  private inTurn<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  produce(options: types.ProducerOptions<ProduceAppData>): Promise<LocalProducer> {
    return this.inTurn(() => this.produceNow(options));
  }

  consume(options: types.ConsumerOptions): Promise<RemoteConsumer> {
    return this.inTurn(() => this.consumeNow(options));
  }

  private async produceNow(options: types.ProducerOptions<ProduceAppData>) {
    await this.ensureConnected();
    const kind = options.track?.kind === 'audio' ? 'audio' : 'video';
    const { id } = await this.call<{ id: string }>('produce', {
      kind,
      rtpParameters: { codecs: [], encodings: options.encodings ?? [] },
      appData: options.appData ?? {},
    });
    const producer = new FakeProducer(id, kind, options.track ?? null, options);
    this.produced.push(producer);
    return producer;
  }

  private async consumeNow(options: types.ConsumerOptions) {
    await this.ensureConnected();
    if (this.failingConsumes > 0) {
      this.failingConsumes -= 1;
      throw new Error('consume refused');
    }
    const consumer = new FakeConsumer(options);
    this.consumed.push(consumer);
    return consumer;
  }

  async getStats(): Promise<RTCStatsReport> {
    return new Map(
      this.stats.map((s, i) => [String(s['id'] ?? i), s]),
    ) as unknown as RTCStatsReport;
  }

  async restartIce({ iceParameters }: { iceParameters: types.IceParameters }) {
    this.iceRestarts.push(iceParameters);
  }

  /** The ICE/DTLS connection changes state. */
  changeState(state: types.ConnectionState) {
    (this.listeners.get('connectionstatechange') as ((s: string) => void) | undefined)?.(state);
  }

  close() {
    this.closed = true;
  }
}

export class FakeDevice implements MediaDevice {
  routerRtpCapabilities: types.RtpCapabilities | null = null;
  readonly rtpCapabilities: types.RtpCapabilities = { codecs: [], headerExtensions: [] };
  readonly transports: FakeTransport[] = [];
  async load({ routerRtpCapabilities }: { routerRtpCapabilities: types.RtpCapabilities }) {
    this.routerRtpCapabilities = routerRtpCapabilities;
  }
  createSendTransport(options: types.TransportOptions) {
    const transport = new FakeTransport('send', options);
    this.transports.push(transport);
    return transport;
  }
  createRecvTransport(options: types.TransportOptions) {
    const transport = new FakeTransport('recv', options);
    this.transports.push(transport);
    return transport;
  }
  get send() {
    return this.transports.find((t) => t.direction === 'send') as FakeTransport;
  }
  get recv() {
    return this.transports.find((t) => t.direction === 'recv') as FakeTransport;
  }
}

/** Cameras, microphones and screens that always work unless a test says otherwise. */
export class FakeMedia implements CallMediaDeps {
  readonly devices: FakeDevice[] = [];
  readonly captures: MediaStreamConstraints[] = [];
  readonly tracks: FakeTrack[] = [];
  /** Make the next captures of this kind fail with this error name. */
  readonly failing: { audio?: string; video?: string } = {};

  async createDevice() {
    const device = new FakeDevice();
    this.devices.push(device);
    return device;
  }

  get device(): FakeDevice {
    return this.devices.at(-1) as FakeDevice;
  }

  async captureTracks(constraints: MediaStreamConstraints) {
    this.captures.push(constraints);
    const wants = (['audio', 'video'] as const).filter((k) => constraints[k]);
    for (const kind of wants) {
      const name = this.failing[kind];
      if (name) throw new DOMException('refused', name);
    }
    const made = wants.map((kind) => {
      const wanted = constraints[kind];
      const exact =
        typeof wanted === 'object' && wanted.deviceId && typeof wanted.deviceId === 'object'
          ? (wanted.deviceId as { exact: string }).exact
          : undefined;
      return fakeTrack(kind, exact ?? `${kind}-default`);
    });
    this.tracks.push(...made);
    return made;
  }

  async captureScreen() {
    const track = fakeTrack('video', 'screen');
    this.tracks.push(track);
    return [track];
  }

  async enumerateDevices() {
    const info = (deviceId: string, kind: MediaDeviceKind, label: string) =>
      ({ deviceId, kind, label, groupId: 'g' }) as MediaDeviceInfo;
    return [
      info('audio-default', 'audioinput', 'Built-in microphone'),
      info('audio-usb', 'audioinput', 'USB headset'),
      info('video-default', 'videoinput', 'FaceTime camera'),
      info('video-usb', 'videoinput', ''),
      info('speaker', 'audiooutput', 'Speakers'),
    ];
  }
}

export interface FakeCall {
  readonly client: CallClient;
  /** The connection the client opened (after its first request). */
  readonly live: () => FakeLive;
  readonly connections: FakeLive[];
  readonly media: FakeMedia;
  readonly auth: { token: string; renewals: number; renewWorks: boolean };
}

/** The client's settings a test may choose. */
export type FakeCallOptions = Pick<
  CallClientDeps,
  'now' | 'requestTimeoutMs' | 'iceServers' | 'preferences' | 'qualityIntervalMs' | 'mediaRetryMs'
>;

/** A call client for `sessionId` over the fakes; `setUp` sees each connection as it opens. */
export function createFakeCall(
  setUp: (live: FakeLive) => void = () => {},
  options: FakeCallOptions = {},
): FakeCall {
  const connections: FakeLive[] = [];
  const media = new FakeMedia();
  const auth = { token: 'access-1', renewals: 0, renewWorks: true };
  const client = createCallClient({
    sessionId,
    auth: {
      accessToken: () => auth.token,
      async renew() {
        auth.renewals += 1;
        if (auth.renewWorks) auth.token = `access-${auth.renewals + 1}`;
        return auth.renewWorks;
      },
    },
    connect: (options) => {
      const live = new FakeLive(options);
      setUp(live);
      connections.push(live);
      return live;
    },
    captureTracks: (c) => media.captureTracks(c),
    captureScreen: () => media.captureScreen(),
    enumerateDevices: () => media.enumerateDevices(),
    createDevice: () => media.createDevice(),
    tileReportMs: 500,
    ...options,
  });
  return {
    client,
    live: () => connections.at(-1) as FakeLive,
    connections,
    media,
    auth,
  };
}

/** Lets queued acks and the awaits behind them run. */
export async function settle(rounds = 200): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await Promise.resolve();
}
