import type { ConsumerParameters, MediaSource } from '@hearth/contracts';
import type { types } from 'mediasoup-client';
import { selfOf } from '../call-state';
import type { CallStore } from './call-store';
import type { InboundStat } from './inbound-stats';
import type { CallMediaDeps, LocalProducer, MediaTransport, ProduceAppData } from './media-types';
import { E2EE_UNSUPPORTED, logMediaError } from './media-errors';
import { createRemoteConsumers } from './remote-consumers';
import { createSentLayers } from './sent-layers';
import type { FrameCryptor } from './frame-cryptor';
import type { SignallingSession } from './signalling-session';

/** Three simulcast layers for the camera: a thumbnail, a mid-size tile and the full picture. */
export const cameraEncodings: types.RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 150_000, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 2, maxBitrate: 500_000, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 1, maxBitrate: 1_200_000, scalabilityMode: 'L1T3' },
];
export const cameraCodecOptions = { videoGoogleStartBitrate: 1000 } as const;
/**
 * Opus with in-band FEC (a lost packet is rebuilt from the next one) and DTX: in silence the
 * encoder sends a comfort-noise packet every 400 ms instead of 50 packets a second. The server's
 * active-speaker detection counts a microphone that sends nothing as silent.
 */
export const microphoneCodecOptions = { opusDtx: true, opusFec: true } as const;

/** Thrown inside a media set-up that a newer one (or a teardown) has replaced. */
export const stale = Symbol('stale media set-up');

export interface MediaSessionDeps extends Pick<CallMediaDeps, 'createDevice'> {
  readonly store: CallStore;
  readonly signalling: SignallingSession;
  readonly timeoutMs: number;
  readonly tileReportMs: number;
  readonly iceServers?: () => Promise<RTCIceServer[]>;
  /** Says what went wrong when the media could not be set up. */
  onFailed(error: unknown): void;
  /** A transport's ICE/DTLS connection changed state. */
  onTransportState?(transport: MediaTransport, state: types.ConnectionState): void;
  /** The media is set up (before one's own tracks are sent). */
  onLive?(): void;
  /** Everything was closed (before a new set-up, or for good). */
  onTeardown?(): void;
  /** End-to-end encryption: whether the session requires it, and this browser's means. */
  readonly e2ee?: {
    required(): boolean;
    cryptor(): FrameCryptor | null;
  };
}

/** The session encrypts end to end and this browser cannot: no media is set up at all. */
function e2eeUnsupported(): Error {
  const error = new Error('this browser cannot encrypt media frames');
  error.name = E2EE_UNSUPPORTED;
  return error;
}

/**
 * The media half of the call: one mediasoup Device per set-up, its two transports, one's own
 * producers and the consumers of everyone else's tracks (see `RemoteConsumers`). Every set-up
 * has an epoch; answers that arrive for an older one are dropped.
 */
export interface MediaSession {
  /** Sets the media up afresh (tearing down what there was). */
  start(): Promise<void>;
  teardown(): void;
  producer(source: MediaSource): LocalProducer | undefined;
  /** Whether there is a send transport to produce on. */
  canSend(): boolean;
  /** Sends a track; throws {@link stale} if the set-up was replaced meanwhile. */
  produce(source: MediaSource, track: MediaStreamTrack, paused: boolean): Promise<unknown>;
  /** One's own microphone or camera track arrived late: send it if the media is live. */
  offerOwn(source: 'microphone' | 'camera'): void;
  /** Stops sending one source and forgets its producer. */
  forgetProducer(source: MediaSource): LocalProducer | undefined;
  /** Receives a remote track (held until the media is live); see `RemoteConsumers.receive`. */
  onConsumer(parameters: ConsumerParameters): Promise<void>;
  dropConsumer(consumerId: string): void;
  /** The size a remote video is shown at, sent throttled. */
  reportTileSize(consumerId: string, width: number, height: number): void;
  inboundStats(): Promise<InboundStat[]>;
  /** Asks the server for fresh ICE parameters for one transport and restarts ICE with them. */
  restartIce(transport: MediaTransport): Promise<boolean>;
  /** The receiving transport's statistics (loss, round trip), or null without one. */
  receiveStats(): Promise<RTCStatsReport | null>;
  /** One's own producers that are paused (muted, camera off). */
  pausedProducerIds(): ReadonlySet<string>;
  /** Sends only these simulcast layers of one's own producer (dynacast); errors are swallowed. */
  setSentLayers(producerId: string, spatialLayers: readonly number[]): void;
}

export function createMediaSession(deps: MediaSessionDeps): MediaSession {
  const { store, signalling } = deps;
  let epoch = 0;
  let sendTransport: MediaTransport | null = null;
  let recvTransport: MediaTransport | null = null;
  const producers = new Map<MediaSource, LocalProducer>();
  /** Sources being produced now, with the set-up they belong to. */
  const sending = new Map<MediaSource, number>();
  let pendingConsumers: ConsumerParameters[] = [];
  const sentLayers = createSentLayers();
  /** The frame encryption of the current set-up, null when the session does not encrypt. */
  let frames: FrameCryptor | null = null;
  /** VP8, the one video codec whose frames are encrypted with the header the server reads. */
  let vp8: types.RtpCodecCapability | undefined;
  const remote = createRemoteConsumers({
    store,
    signalling,
    timeoutMs: deps.timeoutMs,
    tileReportMs: deps.tileReportMs,
    epoch: () => epoch,
    onRtpReceiver(receiver, parameters) {
      frames?.attachReceiver(receiver, parameters.kind, parameters.producerPeerId);
    },
  });

  function teardown() {
    epoch += 1;
    for (const producer of producers.values()) producer.close();
    producers.clear();
    remote.clear();
    pendingConsumers = [];
    sendTransport?.close();
    recvTransport?.close();
    sendTransport = null;
    recvTransport = null;
    // A shared screen is not shared again by itself after a reset.
    if (store.state.local.screen) {
      store.state.local.screen.stop();
      store.setLocal({ screen: null });
    }
    const { remote: tracks, unshown, media } = store.state;
    if (tracks.length > 0 || unshown.length > 0 || media !== 'off') {
      store.set({ remote: [], unshown: [], media: 'off' });
    }
    deps.onTeardown?.();
  }

  function assertCurrent(startedIn: number) {
    if (startedIn !== epoch) throw stale;
  }

  function wireTransport(transport: MediaTransport) {
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      signalling
        .send('media:transport:connect', { transportId: transport.id, dtlsParameters })
        .then(() => callback(), errback);
    });
    transport.on('connectionstatechange', (connectionState) => {
      deps.onTransportState?.(transport, connectionState);
    });
  }

  async function restartIce(transport: MediaTransport): Promise<boolean> {
    const startedIn = epoch;
    const { iceParameters } = await signalling.send('media:transport:restart-ice', {
      transportId: transport.id,
    });
    if (startedIn !== epoch || transport.closed) return false;
    await transport.restartIce({ iceParameters: iceParameters as types.IceParameters });
    return true;
  }

  async function start() {
    teardown();
    const startedIn = epoch;
    store.set({ media: 'connecting' });
    try {
      frames = null;
      if (deps.e2ee?.required()) {
        frames = deps.e2ee.cryptor();
        if (!frames) throw e2eeUnsupported();
      }
      const [{ rtpCapabilities }, iceServers] = await Promise.all([
        signalling.send('media:capabilities', {}),
        deps.iceServers ? deps.iceServers().catch(() => []) : Promise.resolve([]),
      ]);
      assertCurrent(startedIn);
      const withIce = (parameters: unknown) =>
        ({
          ...(parameters as types.TransportOptions),
          ...(iceServers.length > 0 ? { iceServers } : {}),
          // Chromium's older frame access needs the peer connection to offer it.
          ...(frames?.access === 'encoded-streams'
            ? { additionalSettings: { encodedInsertableStreams: true } }
            : {}),
        }) as types.TransportOptions;
      const created = await deps.createDevice();
      await created.load({ routerRtpCapabilities: rtpCapabilities as types.RtpCapabilities });
      assertCurrent(startedIn);
      vp8 = created.rtpCapabilities.codecs?.find((c) => c.mimeType.toLowerCase() === 'video/vp8');
      if (frames && !vp8) throw e2eeUnsupported();

      // The server's mediasoup made these parameters; mediasoup-client checks them in depth.
      const sendParameters = await signalling.send('media:transport:create', {
        direction: 'send',
      });
      assertCurrent(startedIn);
      const sending = created.createSendTransport(withIce(sendParameters));
      sendTransport = sending;
      wireTransport(sending);
      sending.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        const { source, paused } = appData as ProduceAppData;
        signalling
          .send('media:produce', { transportId: sending.id, kind, rtpParameters, source, paused })
          .then(({ producerId }) => callback({ id: producerId }), errback);
      });

      const recvParameters = await signalling.send('media:transport:create', {
        direction: 'recv',
      });
      assertCurrent(startedIn);
      recvTransport = created.createRecvTransport(withIce(recvParameters));
      wireTransport(recvTransport);

      await signalling.send('media:ready', { rtpCapabilities: created.rtpCapabilities });
      assertCurrent(startedIn);
      store.set({ media: 'live' });
      deps.onLive?.();
      const waiting = pendingConsumers;
      pendingConsumers = [];
      for (const parameters of waiting) void onConsumer(parameters);

      await produceLocal(startedIn);
    } catch (error) {
      if (error === stale) return;
      store.set({ media: 'failed' });
      deps.onFailed(error);
    }
  }

  async function produceIn(
    source: MediaSource,
    track: MediaStreamTrack,
    paused: boolean,
    startedIn: number,
  ) {
    const transport = sendTransport;
    // One producer per source: a track that arrives while its source is being sent is not sent twice.
    if (!transport || producers.has(source) || sending.get(source) === startedIn) return null;
    const cryptor = frames;
    sending.set(source, startedIn);
    try {
      const producer = await transport.produce({
        track,
        // The call owns its tracks: a closed producer must not stop the camera under the preview.
        stopTracks: false,
        ...(source === 'camera'
          ? { encodings: cameraEncodings, codecOptions: cameraCodecOptions }
          : {}),
        ...(source === 'microphone' ? { codecOptions: microphoneCodecOptions } : {}),
        // Encrypted frames: each sender goes through the worker from its first frame on.
        ...(cryptor
          ? {
              onRtpSender: (sender: RTCRtpSender) =>
                cryptor.attachSender(sender, track.kind as 'audio' | 'video'),
              ...(track.kind === 'video' && vp8 ? { codec: vp8 } : {}),
            }
          : {}),
        appData: { source, paused },
      });
      if (startedIn !== epoch) {
        producer.close();
        throw stale;
      }
      // The server was told it starts paused; this side only stops sending.
      if (paused) producer.pause();
      producers.set(source, producer);
      return producer;
    } finally {
      if (sending.get(source) === startedIn) sending.delete(source);
    }
  }

  /** Sends one's own microphone or camera as the person has it set (muted, camera off). */
  async function produceOwn(source: 'microphone' | 'camera', startedIn: number) {
    const { microphone, camera, microphoneOn, cameraOn } = store.state.local;
    if (source === 'camera') {
      if (camera) await produceIn('camera', camera, !cameraOn, startedIn);
      return;
    }
    const micOn = microphoneOn && !selfOf(store.state.view)?.unmuteLocked;
    if (!micOn && microphoneOn) store.setLocal({ microphoneOn: false });
    if (microphone) await produceIn('microphone', microphone, !micOn, startedIn);
  }

  async function produceLocal(startedIn: number) {
    await produceOwn('microphone', startedIn);
    await produceOwn('camera', startedIn);
  }

  /**
   * One's own track arrived after the media went live — the camera or microphone was still
   * starting (or waiting for the browser's permission) when the person joined: send it now, or
   * nobody would ever see or hear them.
   */
  function offerOwn(source: 'microphone' | 'camera') {
    if (store.state.media !== 'live' || !sendTransport) return;
    const startedIn = epoch;
    produceOwn(source, startedIn).catch((error: unknown) => {
      if (error !== stale && startedIn === epoch) deps.onFailed(error);
    });
  }

  async function onConsumer(parameters: ConsumerParameters) {
    const transport = recvTransport;
    if (!transport || store.state.media !== 'live') {
      pendingConsumers.push(parameters);
      return;
    }
    await remote.receive(transport, parameters);
  }

  function dropConsumer(consumerId: string) {
    remote.drop(consumerId);
    pendingConsumers = pendingConsumers.filter((p) => p.id !== consumerId);
  }

  return {
    start,
    teardown,
    producer: (source) => producers.get(source),
    canSend: () => sendTransport !== null,
    produce: (source, track, paused) => produceIn(source, track, paused, epoch),
    offerOwn,
    forgetProducer(source) {
      const producer = producers.get(source);
      producers.delete(source);
      return producer;
    },
    onConsumer,
    dropConsumer,
    reportTileSize: (consumerId, width, height) => remote.reportTileSize(consumerId, width, height),
    inboundStats: () => remote.inboundStats(),
    restartIce,
    receiveStats: async () => (recvTransport ? recvTransport.getStats() : null),
    pausedProducerIds: () =>
      new Set([...producers.values()].filter((p) => p.paused).map((p) => p.id)),
    setSentLayers(producerId, spatialLayers) {
      const producer = [...producers.values()].find((p) => p.id === producerId);
      // A layer change for a producer replaced since (a new set-up) concerns nothing sent now.
      if (!producer) return;
      sentLayers
        .apply(producer, spatialLayers)
        .catch((error: unknown) => logMediaError('simulcast layers', error));
    },
  };
}
