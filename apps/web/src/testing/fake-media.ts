import type { types } from 'mediasoup-client';
import type {
  CallMediaDeps,
  LocalProducer,
  MediaDevice,
  MediaTransport,
  ProduceAppData,
  RemoteConsumer,
} from '../features/call/call-client/media-types';

// A mediasoup Device whose transports call back the way mediasoup-client's do, and cameras,
// microphones and screens for it (jsdom has none).

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
