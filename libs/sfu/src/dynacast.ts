import type { PeerConsumer, PeerProducer } from './media-types';

/**
 * Dynacast: a sender's browser encodes and uploads only the simulcast layers somebody receives.
 * The server knows what every consumer of a producer forwards (its preferred and current spatial
 * layers, and whether it is paused); from that it works out which of the producer's layers are
 * wanted and tells the sending client, which turns the others off (`active: false`).
 *
 * The lowest layer always stays on. It costs about a tenth of the camera's bitrate, and it is
 * what makes the rest safe: a newcomer sees video at once, a receiver whose downlink weakens has
 * a layer to fall back to, and a tile that grows keeps showing the small layer until the larger
 * one, turned back on, delivers its first key frame.
 */

/** What one consumer of a producer asks of it. */
export interface LayerDemand {
  /** Paused consumers (off screen, audio only, another breakout room…) forward nothing. */
  readonly paused: boolean;
  /** The spatial layer the consumer is set to forward (its tile's choice, capped by loss). */
  readonly preferredSpatialLayer?: number | undefined;
  /** The spatial layer it forwards now (lower than preferred while its receiver's bandwidth is short). */
  readonly currentSpatialLayer?: number | undefined;
}

/**
 * The spatial layers of a producer with `layerCount` simulcast layers that must be sent, lowest
 * first: the lowest always, plus every layer a forwarding consumer prefers or currently forwards.
 * A consumer that has no preferred layer yet takes the highest (mediasoup's default).
 */
export function sentLayers(layerCount: number, demands: readonly LayerDemand[]): number[] {
  const count = Math.max(1, Math.floor(layerCount));
  const top = count - 1;
  const clamp = (layer: number) => Math.min(top, Math.max(0, Math.floor(layer)));
  const wanted = new Set<number>([0]);
  for (const demand of demands) {
    if (demand.paused) continue;
    wanted.add(clamp(demand.preferredSpatialLayer ?? top));
    if (demand.currentSpatialLayer !== undefined) wanted.add(clamp(demand.currentSpatialLayer));
  }
  return [...wanted].sort((a, b) => a - b);
}

/** What a consumer asks of its producer, read from the mediasoup consumer. */
export function demandOf(consumer: PeerConsumer): LayerDemand {
  return {
    paused: consumer.paused || consumer.closed,
    preferredSpatialLayer: consumer.preferredLayers?.spatialLayer,
    currentSpatialLayer: consumer.currentLayers?.spatialLayer,
  };
}

/** Simulcast layers a producer sends (1 for a single stream or SVC). */
export function simulcastLayerCount(producer: PeerProducer): number {
  return producer.type === 'simulcast' ? (producer.rtpParameters.encodings?.length ?? 1) : 1;
}

/** How long a layer nobody wants any more keeps being sent (ms): tiles resize in bursts. */
export const DYNACAST_OFF_DELAY_MS = 2_000;

/** A producer's layers to send, for its client. */
export interface ProducerLayers {
  readonly producerId: string;
  readonly spatialLayers: readonly number[];
}

interface Tracked {
  readonly producer: PeerProducer;
  /** What the client was last told (at first: everything, as a browser starts). */
  sent: string;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Keeps, for each simulcast producer of a room, the layers its client sends in line with what its
 * consumers forward. A layer that becomes wanted is announced at once (a tile grew: it must not
 * wait); layers nobody wants are turned off only after {@link DYNACAST_OFF_DELAY_MS}, so a
 * receiver resizing its window does not make the sender toggle encodings.
 */
export class Dynacast {
  readonly #tracked = new Map<string, Tracked>();

  constructor(
    /** Every consumer in the room (of any producer). */
    private readonly consumers: () => Iterable<PeerConsumer>,
    /** Tells the producing client which layers to send. */
    private readonly announce: (producer: PeerProducer, layers: ProducerLayers) => void,
    private readonly offDelayMs: number = DYNACAST_OFF_DELAY_MS,
  ) {}

  /** Starts following a producer; single-layer producers are left alone. */
  track(producer: PeerProducer): void {
    const count = simulcastLayerCount(producer);
    if (producer.kind !== 'video' || count < 2 || producer.closed) return;
    const all = Array.from({ length: count }, (_, layer) => layer).join(',');
    this.#tracked.set(producer.id, { producer, sent: all, timer: undefined });
    producer.observer.once('close', () => this.forget(producer.id));
    this.update(producer.id);
  }

  /** Something about the consumers of `producerId` changed: announce what is now wanted. */
  update(producerId: string): void {
    const entry = this.#tracked.get(producerId);
    if (!entry) return;
    if (entry.producer.closed) {
      this.forget(producerId);
      return;
    }
    const wanted = this.#wanted(entry);
    const sent = entry.sent.split(',').map(Number);
    if (wanted.join(',') === entry.sent) {
      clearTimeout(entry.timer);
      entry.timer = undefined;
    } else if (wanted.some((layer) => !sent.includes(layer))) {
      this.#send(entry, wanted);
    } else {
      entry.timer ??= setTimeout(() => {
        entry.timer = undefined;
        if (this.#tracked.get(producerId) !== entry || entry.producer.closed) return;
        const now = this.#wanted(entry);
        if (now.join(',') !== entry.sent) this.#send(entry, now);
      }, this.offDelayMs);
      entry.timer.unref();
    }
  }

  /** A receiver left (its consumers closed with it): look at every producer again. */
  updateAll(): void {
    for (const id of [...this.#tracked.keys()]) this.update(id);
  }

  /** The layers currently announced for a producer (undefined: not followed). */
  layersOf(producerId: string): number[] | undefined {
    return this.#tracked.get(producerId)?.sent.split(',').map(Number);
  }

  forget(producerId: string): void {
    const entry = this.#tracked.get(producerId);
    clearTimeout(entry?.timer);
    this.#tracked.delete(producerId);
  }

  close(): void {
    for (const id of [...this.#tracked.keys()]) this.forget(id);
  }

  #wanted(entry: Tracked): number[] {
    const { producer } = entry;
    const demands = [...this.consumers()]
      .filter(
        (consumer) =>
          consumer.producerId === producer.id &&
          // Never one's own (a peer does not consume itself, but a test sink could).
          consumer.appData.peerId !== producer.appData.peerId,
      )
      .map(demandOf);
    return sentLayers(simulcastLayerCount(producer), demands);
  }

  #send(entry: Tracked, layers: number[]): void {
    clearTimeout(entry.timer);
    entry.timer = undefined;
    entry.sent = layers.join(',');
    this.announce(entry.producer, { producerId: entry.producer.id, spatialLayers: layers });
  }
}
