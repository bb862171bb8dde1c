import type { types } from 'mediasoup';
import type { ConsumerAppData, PeerConsumer, PeerProducer } from './media-types';
import { HeldConsumer } from './held-consumer';
import { assertPeerOpen, errorMessage, peerGoneError, type PeerHandle } from './peer-handle';
import type { PeerTransports } from './peer-transports';
import type {
  ConsumeOptions,
  ConsumerCloseReason,
  ConsumerHold,
  ConsumerParameters,
  ConsumerRef,
} from './peer-types';
import { SfuError } from './sfu-error';
import { layersForTile, type LayerChoice, type TileSize } from './tile-layers';

/**
 * What a peer receives: its consumers of other peers' producers, each held paused for its own
 * reasons (see {@link HeldConsumer}). Reports a consumer that closed under it, its producer's
 * pauses and resumes, and its scores as the peer's events.
 */
export class PeerConsumers {
  readonly #entries = new Map<string, HeldConsumer>();

  constructor(
    private readonly peer: PeerHandle,
    private readonly router: types.Router,
    private readonly transports: PeerTransports,
    /** Whether consumers step their layer down while the sender's stream arrives lossy. */
    private readonly lossLayers = true,
  ) {}

  /** The open consumers. */
  get all(): PeerConsumer[] {
    return [...this.#entries.values()].map((entry) => entry.consumer);
  }

  /** An open consumer with its holds; throws `consumer_not_found`. */
  get(consumerId: string): HeldConsumer {
    assertPeerOpen(this.peer);
    const entry = this.#entries.get(consumerId);
    if (!entry || entry.consumer.closed) {
      throw new SfuError('consumer_not_found', 'No such consumer', { consumerId });
    }
    return entry;
  }

  /**
   * Consumes another peer's producer on the receive transport (or the one `options` names),
   * paused and held by 'client' (and by 'offscreen' when the tile it will show in is hidden); a
   * known tile picks the first layers.
   */
  async create(
    producer: PeerProducer,
    rtpCapabilities: types.RtpCapabilities,
    options: ConsumeOptions,
  ): Promise<ConsumerParameters> {
    this.#assertConsumable(producer, rtpCapabilities);
    const transport = options.transportId
      ? this.transports.get(options.transportId)
      : this.transports.forDirection('recv');
    const preferred = options.tile ? layersForTile(options.tile) : undefined;
    let consumer: PeerConsumer;
    try {
      consumer = await transport.transport.consume<ConsumerAppData>({
        producerId: producer.id,
        rtpCapabilities,
        paused: true,
        ...(preferred ? preferredLayers(preferred) : {}),
        appData: {
          peerId: this.peer.id,
          producerPeerId: producer.appData.peerId,
          source: producer.appData.source,
        },
      });
    } catch (error) {
      if (this.peer.closed || transport.transport.closed) throw peerGoneError(this.peer);
      if (producer.closed) throw producerClosed(producer);
      throw new SfuError('cannot_consume', `The consumer was rejected: ${errorMessage(error)}`, {
        producerId: producer.id,
      });
    }
    const holds: ConsumerHold[] =
      preferred?.kind === 'pause' ? ['client', 'offscreen'] : ['client'];
    this.#entries.set(consumer.id, new HeldConsumer(consumer, holds, preferred));
    this.#watch(consumer);
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

  /** Follows the tile the client shows a video in (see {@link HeldConsumer.followTile}). */
  async setPreferredLayers(consumerId: string, tile: TileSize): Promise<LayerChoice> {
    const entry = this.get(consumerId);
    try {
      return await entry.followTile(tile);
    } finally {
      this.#layersChanged(entry.consumer);
    }
  }

  /** Closes one consumer. */
  close(consumerId: string): void {
    const entry = this.get(consumerId);
    this.#entries.delete(consumerId);
    entry.dispose();
    entry.consumer.close();
  }

  /** Forgets every consumer (the peer left; closing its transports closed them). */
  clear(): void {
    for (const entry of this.#entries.values()) entry.dispose();
    this.#entries.clear();
  }

  /** Throws before asking the worker when this producer cannot be consumed here. */
  #assertConsumable(producer: PeerProducer, rtpCapabilities: types.RtpCapabilities): void {
    assertPeerOpen(this.peer);
    if (producer.closed) throw producerClosed(producer);
    if (producer.appData.peerId === this.peer.id) {
      throw new SfuError('cannot_consume', 'A peer does not consume its own producer', {
        producerId: producer.id,
      });
    }
    if (!this.router.canConsume({ producerId: producer.id, rtpCapabilities })) {
      throw new SfuError('cannot_consume', 'The receiver cannot decode this producer', {
        producerId: producer.id,
      });
    }
  }

  /** Tells the room what this consumer forwards may have changed (for dynacast). */
  #layersChanged(consumer: PeerConsumer): void {
    if (this.peer.closed) return;
    this.peer.emit('consumerLayers', { producerId: consumer.producerId });
  }

  #watch(consumer: PeerConsumer): void {
    const ref: ConsumerRef = {
      consumerId: consumer.id,
      producerId: consumer.producerId,
      producerPeerId: consumer.appData.producerPeerId,
      source: consumer.appData.source,
    };
    const changed = () => this.#layersChanged(consumer);
    consumer.observer.on('pause', changed);
    consumer.observer.on('resume', changed);
    consumer.observer.on('layerschange', changed);
    consumer.observer.on('close', changed);
    const gone = (reason: ConsumerCloseReason) => {
      this.#entries.get(consumer.id)?.dispose();
      if (!this.#entries.delete(consumer.id) || this.peer.closed) return;
      this.peer.emit('consumerClosed', { ...ref, reason });
    };
    consumer.on('producerclose', () => gone('producer_closed'));
    consumer.on('transportclose', () => gone('transport_closed'));
    consumer.on('producerpause', () => this.peer.emit('remotePaused', ref));
    consumer.on('producerresume', () => this.peer.emit('remoteResumed', ref));
    consumer.on('score', ({ score, producerScore, producerScores }) => {
      if (this.peer.closed || consumer.closed) return;
      this.peer.emit('consumerScore', { ...ref, score, producerScore });
      // A failed layer change leaves the layers as they were; the next report tries again.
      if (!this.lossLayers) return;
      this.#entries
        .get(consumer.id)
        ?.followScores(producerScores)
        .then(changed, () => undefined);
    });
  }
}

function preferredLayers(choice: LayerChoice): Pick<types.ConsumerOptions, 'preferredLayers'> {
  if (choice.kind !== 'layers') return {};
  return {
    preferredLayers: { spatialLayer: choice.spatialLayer, temporalLayer: choice.temporalLayer },
  };
}

function producerClosed(producer: PeerProducer): SfuError {
  return new SfuError('producer_not_found', 'The producer has closed', {
    producerId: producer.id,
  });
}
