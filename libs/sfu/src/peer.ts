import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import {
  kindOfSource,
  type PeerConsumer,
  type PeerInfo,
  type PeerProducer,
  type ProducerAppData,
  type TransportDirection,
} from './media-types';
import { errorMessage, peerGoneError } from './peer-handle';
import { PeerConsumers } from './peer-consumers';
import { PeerTransports } from './peer-transports';
import type {
  ConsumeOptions,
  ConsumerHold,
  ConsumerParameters,
  PeerContext,
  PeerEvents,
  PlainRemoteAddress,
  PlainTransportParameters,
  PlainTransportRequest,
  ProduceRequest,
  ProducerCloseReason,
  WebRtcTransportParameters,
} from './peer-types';
import { SfuError } from './sfu-error';
import type { LayerChoice, TileSize } from './tile-layers';

/**
 * One participant's media in a room: at most one send and one receive transport
 * ({@link PeerTransports}), the producers it publishes and the consumers it receives
 * ({@link PeerConsumers}). Closing the peer closes all of them.
 */
export class Peer extends EventEmitter<PeerEvents> {
  readonly #context: PeerContext;
  readonly #transports: PeerTransports;
  readonly #producers = new Map<string, PeerProducer>();
  readonly #consumers: PeerConsumers;
  #closed = false;

  constructor(
    readonly id: string,
    readonly info: PeerInfo,
    context: PeerContext,
  ) {
    super();
    this.#context = context;
    this.#transports = new PeerTransports(this, context);
    this.#consumers = new PeerConsumers(
      this,
      context.router,
      this.#transports,
      context.config.lossLayers,
    );
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
    return this.#consumers.all;
  }

  /**
   * Whether the peer's media path is broken: one of its WebRTC transports lost ICE connectivity
   * or its DTLS failed. A transport still being set up ('new') is not broken.
   */
  get mediaPathDown(): boolean {
    return this.#transports.mediaPathDown;
  }

  /** Ids of the peer's open transports. */
  get transportIds(): string[] {
    return this.#transports.ids;
  }

  /** A producer of this peer; throws `producer_not_found`. */
  getProducer(producerId: string): PeerProducer {
    const producer = this.#producers.get(producerId);
    if (!producer) throw new SfuError('producer_not_found', 'No such producer', { producerId });
    return producer;
  }

  /** A consumer of this peer; throws `consumer_not_found`. */
  getConsumer(consumerId: string): PeerConsumer {
    return this.#consumers.get(consumerId).consumer;
  }

  /** Why a consumer is paused (empty: it forwards media). */
  consumerHolds(consumerId: string): ConsumerHold[] {
    return this.#consumers.get(consumerId).holds;
  }

  // Transports ------------------------------------------------------------------------------

  /**
   * Creates a WebRtcTransport on the worker's WebRtcServer. A peer keeps one transport per
   * direction, so a client that rebuilds its transports after a network drop replaces (and
   * closes) the old one rather than leaving it relaying to nowhere.
   */
  async createWebRtcTransport(direction: TransportDirection): Promise<WebRtcTransportParameters> {
    return this.#transports.createWebRtc(direction);
  }

  /** Completes a WebRtcTransport with the client's DTLS parameters. */
  async connectTransport(transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    return this.#transports.connectWebRtc(transportId, dtlsParameters);
  }

  /** New ICE credentials for a transport whose network path broke; the client restarts ICE. */
  async restartIce(transportId: string): Promise<types.IceParameters> {
    return this.#transports.restartIce(transportId);
  }

  /**
   * Creates a plain RTP transport (no ICE, DTLS or SRTP) for tests, benchmarks and tools that feed
   * or sink RTP from a UDP socket. Like WebRtcTransports, one per direction.
   */
  async createPlainTransport(request: PlainTransportRequest): Promise<PlainTransportParameters> {
    return this.#transports.createPlain(request);
  }

  /** Tells a PlainTransport where to send (and whom to accept RTP from). */
  async connectPlainTransport(transportId: string, remote: PlainRemoteAddress): Promise<void> {
    return this.#transports.connectPlain(transportId, remote);
  }

  /** Closes a transport; its producers and consumers close with it. */
  closeTransport(transportId: string): void {
    this.#transports.close(transportId);
  }

  // Producers -------------------------------------------------------------------------------

  /**
   * Publishes a track on the peer's send transport. One producer per source: a camera with its
   * simulcast layers, a microphone, and a screen share as a second video producer.
   */
  async produce(request: ProduceRequest): Promise<PeerProducer> {
    const entry = this.#transports.get(request.transportId);
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
      if (this.#closed || entry.transport.closed) throw peerGoneError(this);
      throw new SfuError('cannot_produce', `The producer was rejected: ${errorMessage(error)}`, {
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

  // Consumers -------------------------------------------------------------------------------

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
    return this.#consumers.create(producer, rtpCapabilities, options);
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
    await this.#consumers.get(consumerId).hold(hold);
  }

  /** Releases one reason for pausing a consumer; it resumes when none is left. */
  async releaseConsumer(consumerId: string, hold: ConsumerHold): Promise<void> {
    await this.#consumers.get(consumerId).release(hold);
  }

  /**
   * Follows the tile the client shows a video in: the smallest simulcast/SVC layer that fills it
   * (see `layersForTile`), or a pause while the tile is hidden. Returns what was applied.
   */
  async setPreferredLayers(consumerId: string, tile: TileSize): Promise<LayerChoice> {
    return this.#consumers.setPreferredLayers(consumerId, tile);
  }

  /** Closes one consumer (for example when a breakout separates two peers). */
  closeConsumer(consumerId: string): void {
    this.#consumers.close(consumerId);
  }

  /** Leaves: closes every transport (and so every producer and consumer) the peer owns. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#transports.closeAll();
    this.#producers.clear();
    this.#consumers.clear();
    this.emit('closed');
  }

  #producerGone(producer: PeerProducer, reason: ProducerCloseReason): void {
    if (!this.#producers.delete(producer.id) || this.#closed) return;
    this.emit('producerClosed', {
      producerId: producer.id,
      source: producer.appData.source,
      reason,
    });
  }
}
