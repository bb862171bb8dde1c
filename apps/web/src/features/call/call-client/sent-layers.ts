import type { LocalProducer } from './media-types';

/**
 * Dynacast on the sending side: the server says which simulcast layers of a video producer
 * anyone receives, and the browser stops encoding and sending the others (`active: false` on
 * their encodings), turning them back on when a viewer's tile needs them. Changes to one sender
 * run one after another, since `setParameters` must see the parameters of the last
 * `getParameters`; the newest wish wins.
 */
export interface SentLayers {
  apply(producer: LocalProducer, spatialLayers: readonly number[]): Promise<void>;
}

export function createSentLayers(retryMs = 200): SentLayers {
  const queues = new WeakMap<RTCRtpSender, Promise<void>>();
  const wanted = new WeakMap<RTCRtpSender, readonly number[]>();
  return {
    apply(producer, spatialLayers) {
      const sender = producer.rtpSender;
      if (!sender || producer.closed || producer.kind !== 'video') return Promise.resolve();
      wanted.set(sender, spatialLayers);
      const once = async () => {
        const layers = wanted.get(sender);
        if (!layers || producer.closed) return;
        const parameters = sender.getParameters();
        const { encodings } = parameters;
        // A single stream (screen share, a camera too small for layers) has nothing to turn off.
        if (!encodings || encodings.length < 2) return;
        let changed = false;
        encodings.forEach((encoding, layer) => {
          // A list that names no layer of this sender would turn it all off: keep the lowest.
          const active = layers.includes(layer) || (layer === 0 && !layers.some((l) => l >= 0));
          if (encoding.active !== active) {
            encoding.active = active;
            changed = true;
          }
        });
        if (changed) await sender.setParameters(parameters);
      };
      // The sender may be busy (a renegotiation of its transport): read afresh and try again once.
      const run = () =>
        once().catch(async () => {
          await new Promise((resolve) => setTimeout(resolve, retryMs));
          await once();
        });
      const next = (queues.get(sender) ?? Promise.resolve()).then(run, run);
      queues.set(
        sender,
        next.catch(() => undefined),
      );
      return next;
    },
  };
}
