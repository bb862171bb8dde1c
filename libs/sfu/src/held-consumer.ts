import { parseScalabilityMode } from 'mediasoup';
import type { PeerConsumer } from './media-types';
import type { ConsumerHold } from './peer-types';
import { LossCap } from './loss-layers';
import { SfuError } from './sfu-error';
import { CAMERA_LAYER_SIZES, layersForTile, type LayerChoice, type TileSize } from './tile-layers';

/** While a loss cap holds, the scores are looked at again this often (ms): a clean stream's
 * scores stop changing, and mediasoup reports only changes. */
export const LOSS_RECHECK_MS = 2_000;

/**
 * One consumer and the reasons it is held paused (see {@link ConsumerHold}): it forwards media
 * only while nothing holds it. Pause and resume requests run one after another so the last word
 * wins, and the layers follow the tile the client shows the video in, one layer lower while the
 * sender's stream arrives lossy (see {@link LossCap}).
 */
export class HeldConsumer {
  readonly #holds: Set<ConsumerHold>;
  #queue: Promise<void> = Promise.resolve();
  /** The tile's choice (undefined: no tile reported, the highest layer). */
  #tile: LayerChoice | undefined;
  readonly #loss = new LossCap();
  #recheck: NodeJS.Timeout | undefined;

  constructor(
    readonly consumer: PeerConsumer,
    holds: Iterable<ConsumerHold>,
    tile?: LayerChoice,
    private readonly now: () => number = Date.now,
  ) {
    this.#holds = new Set(holds);
    this.#tile = tile;
  }

  /** The highest spatial layer loss allows now (null: no cap). */
  get lossCap(): number | null {
    return this.#loss.cap;
  }

  /**
   * Takes the producer's stream scores (mediasoup's consumer `score` event): steps the layer
   * down while the forwarded stream arrives lossy and back up once the layer above is clean.
   */
  async followScores(producerScores: readonly number[]): Promise<void> {
    const { consumer } = this;
    if (consumer.kind !== 'video' || consumer.type !== 'simulcast' || consumer.closed) return;
    const before = this.#loss.cap;
    const after = this.#loss.report(
      producerScores,
      this.#wantedSpatial(producerScores),
      this.now(),
    );
    this.#watchRecovery();
    if (after !== before) await this.#applyLayers();
  }

  /** Stops the recovery check (the consumer closed). */
  dispose(): void {
    clearInterval(this.#recheck);
    this.#recheck = undefined;
  }

  /** Why the consumer is paused (empty: it forwards media). */
  get holds(): ConsumerHold[] {
    return [...this.#holds];
  }

  /** Pauses the consumer for a reason; it stays paused until every reason is released. */
  async hold(hold: ConsumerHold): Promise<void> {
    this.#holds.add(hold);
    await this.#apply();
  }

  /** Releases one reason for pausing; the consumer resumes when none is left. */
  async release(hold: ConsumerHold): Promise<void> {
    this.#holds.delete(hold);
    await this.#apply();
  }

  /**
   * Follows the tile the client shows the video in: the smallest simulcast/SVC layer that fills
   * it (see {@link layersForTile}), or a pause while the tile is hidden. Returns what was applied.
   */
  async followTile(tile: TileSize): Promise<LayerChoice> {
    const { consumer } = this;
    if (consumer.kind !== 'video') {
      throw new SfuError('invalid_request', 'Only video consumers have layers', {
        consumerId: consumer.id,
      });
    }
    const choice = layersForConsumer(consumer, tile);
    if (choice.kind === 'pause') {
      this.#holds.add('offscreen');
    } else {
      this.#tile = choice;
      // Layers first, so a consumer coming back into view resumes straight at the right size.
      await this.#applyLayers();
      this.#holds.delete('offscreen');
    }
    await this.#apply();
    return choice;
  }

  #wantedSpatial(producerScores: readonly number[]): number {
    return this.#tile?.kind === 'layers'
      ? this.#tile.spatialLayer
      : Math.max(0, producerScores.length - 1);
  }

  /** The tile's layers (or the highest the producer sends), no higher than the loss cap. */
  async #applyLayers(): Promise<void> {
    const { consumer } = this;
    if (consumer.closed || (consumer.type !== 'simulcast' && consumer.type !== 'svc')) return;
    const ceiling = this.#tile?.kind === 'layers' ? this.#tile : highestLayers(consumer);
    const cap = this.#loss.cap;
    await consumer.setPreferredLayers({
      spatialLayer: cap === null ? ceiling.spatialLayer : Math.min(ceiling.spatialLayer, cap),
      temporalLayer: ceiling.temporalLayer,
    });
  }

  /** While capped, looks at the latest scores again now and then (see {@link LOSS_RECHECK_MS}). */
  #watchRecovery(): void {
    if (this.#loss.cap === null) {
      this.dispose();
      return;
    }
    if (this.#recheck) return;
    this.#recheck = setInterval(() => {
      if (this.consumer.closed) {
        this.dispose();
        return;
      }
      this.followScores(this.consumer.score.producerScores).catch(() => undefined);
    }, LOSS_RECHECK_MS);
    this.#recheck.unref();
  }

  #apply(): Promise<void> {
    const run = async () => {
      const { consumer } = this;
      if (consumer.closed) return;
      if (this.#holds.size === 0 && consumer.paused) await consumer.resume();
      else if (this.#holds.size > 0 && !consumer.paused) await consumer.pause();
    };
    // Chained so concurrent requests apply in order; each reads the holds as they are then.
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next.catch((error: unknown) => {
      // The consumer closed while the request was in flight: nothing left to pause or resume.
      if (this.consumer.closed) return;
      throw error;
    });
  }
}

function highestLayers(consumer: PeerConsumer): { spatialLayer: number; temporalLayer: number } {
  const mode = consumer.rtpParameters.encodings?.[0]?.scalabilityMode;
  const { spatialLayers, temporalLayers } = parseScalabilityMode(mode);
  return {
    spatialLayer: Math.max(0, spatialLayers - 1),
    temporalLayer: Math.max(0, temporalLayers - 1),
  };
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
