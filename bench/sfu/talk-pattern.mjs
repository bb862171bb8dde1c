// The talk pattern of a real group session, for the SFU's session benchmark: one person speaks
// at a time while the other microphones send Opus DTX (a comfort-noise packet every 400 ms), and
// each camera sends only the simulcast layers somebody receives (dynacast), decided by libs/sfu's
// own rule from what the session's consumers forward.

/**
 * The streams of `streams` (the always-on pattern: every layer, every microphone at 50 pps) that a
 * session with dynacast and DTX sends.
 * @param streams the load generator's stream specs (`socket` is the sending peer's index)
 * @param videoConsumers `{ peer, consumerId, from }` of every video consumer in the session
 * @param sfu `{ sentLayers, demandOf }` from libs/sfu
 * @param layerOf the spatial layer a video stream's SSRC carries
 */
export function talkPatternStreams(streams, videoConsumers, sfu, layerOf) {
  const demands = new Map();
  for (const { peer, consumerId, from } of videoConsumers) {
    const list = demands.get(from) ?? [];
    list.push(sfu.demandOf(peer.getConsumer(consumerId)));
    demands.set(from, list);
  }
  const sentBy = new Map([...demands].map(([from, list]) => [from, sfu.sentLayers(3, list)]));
  return {
    sentLayersPerPeer: Object.fromEntries(sentBy),
    streams: streams.flatMap((spec) => {
      if (spec.kind === 'audio') return [{ ...spec, dtx: true }];
      return (sentBy.get(spec.socket) ?? [0]).includes(layerOf(spec.ssrc)) ? [spec] : [];
    }),
  };
}
