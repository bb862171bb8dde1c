import { EventEmitter } from 'node:events';
import { parseScalabilityMode, type types } from 'mediasoup';
import {
  kindOfSource,
  type ConsumerAppData,
  type PeerConsumer,
  type PeerInfo,
  type PeerProducer,
  type ProducerAppData,
  type TransportAppData,
  type TransportDirection,
} from './media-types';
import { SfuError } from './sfu-error';
import { CAMERA_LAYER_SIZES, layersForTile, type LayerChoice, type TileSize } from './tile-layers';
import type {
  PeerContext,
  WebRtcTransportParameters,
  PlainTransportParameters,
  PlainTransportRequest,
  PlainRemoteAddress,
  ProduceRequest,
  ConsumeOptions,
  ConsumerParameters,
  ConsumerHold,
  ConsumerRef,
  ConsumerCloseReason,
  ProducerCloseReason,
  PeerEvents,
} from './peer-types';

type PeerTransport =
  | { readonly type: 'webrtc'; readonly transport: types.WebRtcTransport<TransportAppData> }
  | { readonly type: 'plain'; readonly transport: types.PlainTransport<TransportAppData> };

interface ConsumerEntry {
  readonly consumer: PeerConsumer;
  readonly holds: Set<ConsumerHold>;
  /** Pause/resume requests run one after another so the last word wins. */
  queue: Promise<void>;
}

/**
 * One participant's media in a room: at most one send and one receive transport, the producers
 * it publishes and the consumers it receives. Closing the peer closes all of them.
 */
export class Peer extends EventEmitter<PeerEvents> {
  readonly #context: PeerContext;
  readonly #transports = new Map<string, PeerTransport>();
  readonly #producers = new Map<string, PeerProducer>();
  readonly #consumers = new Map<string, ConsumerEntry>();
  #closed = false;

  constructor(
    readonly id: string,
    readonly info: PeerInfo,
    context: PeerContext,
  ) {
    super();
    this.#context = context;
  }

  get roomId(): string {
    return this.#context.roomId;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The peer's open producers. */
  get producers(): PeerProducer[] {
    return [...this.#producers.values()];
  }

  /** The peer's open consumers. */
  get consumers(): PeerConsumer[] {
    return [...this.#consumers.values()].map((entry) => entry.consumer);
  }

  /**
   * Whether the peer's media path is broken: one of its WebRTC transports lost ICE connectivity
   * or its DTLS failed. A transport still being set up ('new') is not broken.
   */
  get mediaPathDown(): boolean {
    for (const entry of this.#transports.values()) {
      if (entry.type !== 'webrtc' || entry.transport.closed) continue;
      const { iceState, dtlsState } = entry.transport;
      if (iceState === 'disconnected' || iceState === 'closed') return true;
      if (dtlsState === 'failed' || dtlsState === 'closed') return true;
    }
    return false;
  }

  /** Ids of the peer's open transports. */
  get transportIds(): string[] {
    return [...this.#transports.keys()];
  }

  /** A producer of this peer; throws `producer_not_found`. */
  getProducer(producerId: string): PeerProducer {
    const producer = this.#producers.get(producerId);
    if (!producer) throw new SfuError('producer_not_found', 'No such producer', { producerId });
    return producer;
  }

  /** A consumer of this peer; throws `consumer_not_found`. */
  getConsumer(consumerId: string): PeerConsumer {
    return this.#consumerEntry(consumerId).consumer;
  }

  /** Why a consumer is paused (empty: it forwards media). */
  consumerHolds(consumerId: string): ConsumerHold[] {
    return [...this.#consumerEntry(consumerId).holds];
  }

  /**
   * Creates a WebRtcTransport on the worker's WebRtcServer. A peer keeps one transport per
   * direction, so a client that rebuilds its transports after a network drop replaces (and
   * closes) the old one rather than leaving it relaying to nowhere.
   */
  async createWebRtcTransport(direction: TransportDirection): Promise<WebRtcTransportParameters> {
    this.#assertOpen();
    const { router, webRtcServer, config } = this.#context;
    const transport = await router.createWebRtcTransport<TransportAppData>({
      webRtcServer,
      enableUdp: true,
      enableTcp: config.listen.enableTcp,
      preferUdp: true,
      initialAvailableOutgoingBitrate: config.initialAvailableOutgoingBitrate,
      appData: { peerId: this.id, direction },
    });
    if (this.#closed) {
      transport.close();
      this.#assertOpen();
    }
    if (direction === 'send') await transport.setMaxIncomingBitrate(config.maxIncomingBitrate);
    transport.on('icestatechange', (state) =>
      this.emit('iceStateChanged', { transportId: transport.id, direction, state }),
    );
    transport.on('dtlsstatechange', (state) =>
      this.emit('dtlsStateChanged', { transportId: transport.id, direction, state }),
    );
    this.#addTransport({ type: 'webrtc', transport });
    return {
      id: transport.id,
      iceParameters: transport.iceParameters,
      iceCandidates: transport.iceCandidates,
      dtlsParameters: transport.dtlsParameters,
    };
  }

  /** Completes a WebRtcTransport with the client's DTLS parameters. */
  async connectTransport(transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    const transport = this.#webRtcTransport(transportId);
    try {
      await transport.connect({ dtlsParameters });
    } catch (error) {
      throw new SfuError('invalid_request', `Cannot connect the transport: ${message(error)}`, {
        transportId,
      });
    }
  }

  /** New ICE credentials for a transport whose network path broke; the client restarts ICE. */
  async restartIce(transportId: string): Promise<types.IceParameters> {
    return this.#webRtcTransport(transportId).restartIce();
  }

  /**
   * Creates a plain RTP transport (no ICE, DTLS or SRTP) for tests, benchmarks and tools that feed
   * or sink RTP from a UDP socket. Like WebRtcTransports, one per direction.
   */
  async createPlainTransport(request: PlainTransportRequest): Promise<PlainTransportParameters> {
    this.#assertOpen();
    const { router, config } = this.#context;
    const { listen } = config;
    const transport = await router.createPlainTransport<TransportAppData>({
      listenInfo: {
        protocol: 'udp',
        ip: listen.ip,
        announcedAddress: listen.announcedAddress,
        ...(listen.rtcPortRange ? { portRange: { ...listen.rtcPortRange } } : {}),
      },
      rtcpMux: true,
      comedia: request.comedia ?? false,
      appData: { peerId: this.id, direction: request.direction },
    });
    if (this.#closed) {
      transport.close();
      this.#assertOpen();
    }
    this.#addTransport({ type: 'plain', transport });
    const { tuple } = transport;
    return { id: transport.id, ip: tuple.localAddress, port: tuple.localPort };
  }

  /** Tells a PlainTransport where to send (and whom to accept RTP from). */
  async connectPlainTransport(transportId: string, remote: PlainRemoteAddress): Promise<void> {
    const entry = this.#transport(transportId);
    if (entry.type !== 'plain') {
      throw new SfuError('transport_not_found', 'Not a plain transport', { transportId });
    }
    await entry.transport.connect({ ip: remote.ip, port: remote.port });
  }

  /**
   * Publishes a track on the peer's send transport. One producer per source: a camera with its
   * simulcast layers, a microphone, and a screen share as a second video producer.
   */
  async produce(request: ProduceRequest): Promise<PeerProducer> {
    const entry = this.#transport(request.transportId);
    const { source, kind } = request;
    if (entry.transport.appData.direction !== 'send') {
      throw new SfuError('cannot_produce', 'Produce on a send transport', {
        transportId: request.transportId,
      });
    }
    if (kindOfSource(source) !== kind) {
      throw new SfuError('cannot_produce', `A ${source} producer must be ${kindOfSource(source)}`, {
        source,
        kind,
      });
    }
    if (this.producers.some((producer) => producer.appData.source === source)) {
      throw new SfuError('cannot_produce', `This peer already publishes its ${source}`, {
        source,
      });
    }
    let producer: PeerProducer;
    try {
      producer = await entry.transport.produce<ProducerAppData>({
        kind,
        rtpParameters: request.rtpParameters,
        paused: request.paused ?? false,
        appData: { peerId: this.id, source },
      });
    } catch (error) {
      if (this.#closed || entry.transport.closed) throw this.#goneError();
      throw new SfuError('cannot_produce', `The producer was rejected: ${message(error)}`, {
        source,
      });
    }
    this.#producers.set(producer.id, producer);
    producer.on('transportclose', () => this.#producerGone(producer, 'transport_closed'));
    producer.on('score', (scores) => {
      if (this.#closed || producer.closed) return;
      const score = scores.reduce((best, entry) => Math.max(best, entry.score), 0);
      this.emit('producerScore', { producerId: producer.id, source, score });
    });
    this.emit('producerAdded', producer);
    return producer;
  }

  /** Mutes a producer: its consumers stop forwarding and are told the producer paused. */
  async pauseProducer(producerId: string): Promise<void> {
    await this.getProducer(producerId).pause();
  }

  /** Unmutes a producer. */
  async resumeProducer(producerId: string): Promise<void> {
    await this.getProducer(producerId).resume();
  }

  /** Stops publishing a track (camera off, screen share ended); its consumers close. */
  closeProducer(producerId: string): void {
    const producer = this.getProducer(producerId);
    producer.close();
    this.#producerGone(producer, 'closed');
  }

  /**
   * Creates a consumer of another peer's producer on this peer's receive transport. It starts
   * paused (held by 'client'): the client creates its side first and then calls
   * {@link Peer.resumeConsumer}, so the first key frame is not wasted before it can be decoded.
   */
  async consume(
    producer: PeerProducer,
    rtpCapabilities: types.RtpCapabilities,
    options: ConsumeOptions = {},
  ): Promise<ConsumerParameters> {
    this.#assertOpen();
    const { router } = this.#context;
    if (producer.closed) {
      throw new SfuError('producer_not_found', 'The producer has closed', {
        producerId: producer.id,
      });
    }
    if (producer.appData.peerId === this.id) {
      throw new SfuError('cannot_consume', 'A peer does not consume its own producer', {
        producerId: producer.id,
      });
    }
    if (!router.canConsume({ producerId: producer.id, rtpCapabilities })) {
      throw new SfuError('cannot_consume', 'The receiver cannot decode this producer', {
        producerId: producer.id,
      });
    }
    const entry = options.transportId
      ? this.#transport(options.transportId)
      : this.#transportFor('recv');
    const preferred = options.tile ? layersForTile(options.tile) : undefined;
    let consumer: PeerConsumer;
    try {
      consumer = await entry.transport.consume<ConsumerAppData>({
        producerId: producer.id,
        rtpCapabilities,
        paused: true,
        ...(preferred?.kind === 'layers'
          ? {
              preferredLayers: {
                spatialLayer: preferred.spatialLayer,
                temporalLayer: preferred.temporalLayer,
              },
            }
          : {}),
        appData: {
          peerId: this.id,
          producerPeerId: producer.appData.peerId,
          source: producer.appData.source,
        },
      });
    } catch (error) {
      if (this.#closed || entry.transport.closed) throw this.#goneError();
      if (producer.closed) {
        throw new SfuError('producer_not_found', 'The producer has closed', {
          producerId: producer.id,
        });
      }
      throw new SfuError('cannot_consume', `The consumer was rejected: ${message(error)}`, {
        producerId: producer.id,
      });
    }
    const holds = new Set<ConsumerHold>(['client']);
    if (preferred?.kind === 'pause') holds.add('offscreen');
    this.#consumers.set(consumer.id, { consumer, holds, queue: Promise.resolve() });
    this.#watchConsumer(consumer);
    return {
      id: consumer.id,
      producerId: producer.id,
      producerPeerId: producer.appData.peerId,
      source: producer.appData.source,
      kind: consumer.kind,
      type: consumer.type,
      rtpParameters: consumer.rtpParameters,
      producerPaused: consumer.producerPaused,
    };
  }

  /** The client is ready to render: the consumer forwards unless something else holds it. */
  async resumeConsumer(consumerId: string): Promise<void> {
    await this.releaseConsumer(consumerId, 'client');
  }

  /** The client asks not to receive this consumer for now (for example to save bandwidth). */
  async pauseConsumer(consumerId: string): Promise<void> {
    await this.holdConsumer(consumerId, 'client');
  }

  /** Pauses a consumer for a reason; it stays paused until every reason is released. */
  async holdConsumer(consumerId: string, hold: ConsumerHold): Promise<void> {
    const entry = this.#consumerEntry(consumerId);
    entry.holds.add(hold);
    await this.#applyHolds(entry);
  }

  /** Releases one reason for pausing a consumer; it resumes when none is left. */
  async releaseConsumer(consumerId: string, hold: ConsumerHold): Promise<void> {
    const entry = this.#consumerEntry(consumerId);
    entry.holds.delete(hold);
    await this.#applyHolds(entry);
  }

  /**
   * Follows the tile the client shows a video in: the smallest simulcast/SVC layer that fills it
   * (see {@link layersForTile}), or a pause while the tile is hidden. Returns what was applied.
   */
  async setPreferredLayers(consumerId: string, tile: TileSize): Promise<LayerChoice> {
    const entry = this.#consumerEntry(consumerId);
    const { consumer } = entry;
    if (consumer.kind !== 'video') {
      throw new SfuError('invalid_request', 'Only video consumers have layers', { consumerId });
    }
    const choice = layersForConsumer(consumer, tile);
    if (choice.kind === 'pause') {
      entry.holds.add('offscreen');
    } else {
      // Layers first, so a consumer coming back into view resumes straight at the right size.
      if (consumer.type === 'simulcast' || consumer.type === 'svc') {
        await consumer.setPreferredLayers({
          spatialLayer: choice.spatialLayer,
          temporalLayer: choice.temporalLayer,
        });
      }
      entry.holds.delete('offscreen');
    }
    await this.#applyHolds(entry);
    return choice;
  }

  /** Closes one consumer (for example when a breakout separates two peers). */
  closeConsumer(consumerId: string): void {
    const entry = this.#consumerEntry(consumerId);
    this.#consumers.delete(consumerId);
    entry.consumer.close();
  }

  /** Closes a transport; its producers and consumers close with it. */
  closeTransport(transportId: string): void {
    this.#transport(transportId).transport.close();
    this.#transports.delete(transportId);
  }

  /** Leaves: closes every transport (and so every producer and consumer) the peer owns. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const { transport } of this.#transports.values()) transport.close();
    this.#transports.clear();
    this.#producers.clear();
    this.#consumers.clear();
    this.emit('closed');
  }

  #addTransport(entry: PeerTransport): void {
    const transport: types.Transport<TransportAppData> = entry.transport;
    const previous = this.#findTransport(transport.appData.direction);
    this.#transports.set(transport.id, entry);
    if (previous) {
      this.#transports.delete(previous.transport.id);
      previous.transport.close();
    }
    // The Router closed under the transport (the room closed or its worker died).
    transport.on('routerclose', () => this.#transports.delete(transport.id));
  }

  #findTransport(direction: TransportDirection): PeerTransport | undefined {
    for (const entry of this.#transports.values()) {
      if (entry.transport.appData.direction === direction) return entry;
    }
    return undefined;
  }

  #transportFor(direction: TransportDirection): PeerTransport {
    this.#assertOpen();
    const entry = this.#findTransport(direction);
    if (!entry) {
      throw new SfuError('transport_not_found', `The peer has no ${direction} transport`, {
        direction,
      });
    }
    return entry;
  }

  #transport(transportId: string): PeerTransport {
    this.#assertOpen();
    const entry = this.#transports.get(transportId);
    if (!entry || entry.transport.closed) {
      throw new SfuError('transport_not_found', 'No such transport', { transportId });
    }
    return entry;
  }

  #webRtcTransport(transportId: string): types.WebRtcTransport<TransportAppData> {
    const entry = this.#transport(transportId);
    if (entry.type !== 'webrtc') {
      throw new SfuError('transport_not_found', 'Not a WebRTC transport', { transportId });
    }
    return entry.transport;
  }

  #consumerEntry(consumerId: string): ConsumerEntry {
    this.#assertOpen();
    const entry = this.#consumers.get(consumerId);
    if (!entry || entry.consumer.closed) {
      throw new SfuError('consumer_not_found', 'No such consumer', { consumerId });
    }
    return entry;
  }

  #producerGone(producer: PeerProducer, reason: ProducerCloseReason): void {
    if (!this.#producers.delete(producer.id) || this.#closed) return;
    this.emit('producerClosed', {
      producerId: producer.id,
      source: producer.appData.source,
      reason,
    });
  }

  #watchConsumer(consumer: PeerConsumer): void {
    const ref: ConsumerRef = {
      consumerId: consumer.id,
      producerId: consumer.producerId,
      producerPeerId: consumer.appData.producerPeerId,
      source: consumer.appData.source,
    };
    const gone = (reason: ConsumerCloseReason) => {
      if (!this.#consumers.delete(consumer.id) || this.#closed) return;
      this.emit('consumerClosed', { ...ref, reason });
    };
    consumer.on('producerclose', () => gone('producer_closed'));
    consumer.on('transportclose', () => gone('transport_closed'));
    consumer.on('producerpause', () => this.emit('remotePaused', ref));
    consumer.on('producerresume', () => this.emit('remoteResumed', ref));
    consumer.on('score', ({ score, producerScore }) => {
      if (this.#closed || consumer.closed) return;
      this.emit('consumerScore', { ...ref, score, producerScore });
    });
  }

  #applyHolds(entry: ConsumerEntry): Promise<void> {
    const run = async () => {
      const { consumer, holds } = entry;
      if (consumer.closed) return;
      if (holds.size === 0 && consumer.paused) await consumer.resume();
      else if (holds.size > 0 && !consumer.paused) await consumer.pause();
    };
    // Chained so concurrent requests apply in order; each reads the holds as they are then.
    const next = entry.queue.then(run, run);
    entry.queue = next.catch(() => undefined);
    return next.catch((error: unknown) => {
      // The consumer closed while the request was in flight: nothing left to pause or resume.
      if (entry.consumer.closed) return;
      throw error;
    });
  }

  #assertOpen(): void {
    if (this.#closed) throw this.#goneError();
  }

  #goneError(): SfuError {
    return new SfuError('peer_not_found', 'The peer has left the room', { peerId: this.id });
  }
}

// Clamp the layer ladder to the layers the producer really sends (a client with a small camera
// publishes fewer), read from the consumer's scalability mode, e.g. 'L3T3' for 3×3.
function layersForConsumer(consumer: PeerConsumer, tile: TileSize): LayerChoice {
  const mode = consumer.rtpParameters.encodings?.[0]?.scalabilityMode;
  const { spatialLayers, temporalLayers } = parseScalabilityMode(mode);
  return layersForTile(
    tile,
    CAMERA_LAYER_SIZES.slice(0, Math.max(1, spatialLayers)),
    Math.max(0, temporalLayers - 1),
  );
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
