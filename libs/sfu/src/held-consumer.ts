import { parseScalabilityMode } from 'mediasoup';
import type { PeerConsumer } from './media-types';
import type { ConsumerHold } from './peer-types';
import { SfuError } from './sfu-error';
import { CAMERA_LAYER_SIZES, layersForTile, type LayerChoice, type TileSize } from './tile-layers';

/**
 * One consumer and the reasons it is held paused (see {@link ConsumerHold}): it forwards media
 * only while nothing holds it. Pause and resume requests run one after another so the last word
 * wins, and the layers follow the tile the client shows the video in.
 */
export class HeldConsumer {
  readonly #holds: Set<ConsumerHold>;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    readonly consumer: PeerConsumer,
    holds: Iterable<ConsumerHold>,
  ) {
    this.#holds = new Set(holds);
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
      // Layers first, so a consumer coming back into view resumes straight at the right size.
      if (consumer.type === 'simulcast' || consumer.type === 'svc') {
        await consumer.setPreferredLayers({
          spatialLayer: choice.spatialLayer,
          temporalLayer: choice.temporalLayer,
        });
      }
      this.#holds.delete('offscreen');
    }
    await this.#apply();
    return choice;
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
