import { describe, expect, it } from 'vitest';
import type { LocalProducer } from './media-types';
import { createSentLayers } from './sent-layers';

/** A sender holding encodings the way the browser does: setParameters needs the last read. */
function sender(layers: number) {
  let encodings: RTCRtpEncodingParameters[] = Array.from({ length: layers }, (_, i) => ({
    rid: `r${i}`,
    active: true,
  }));
  let transaction = 0;
  const applied: boolean[][] = [];
  const rtpSender = {
    getParameters() {
      transaction += 1;
      return { transactionId: String(transaction), encodings: encodings.map((e) => ({ ...e })) };
    },
    async setParameters(parameters: RTCRtpSendParameters) {
      if (parameters.transactionId !== String(transaction)) throw new Error('stale parameters');
      await Promise.resolve();
      encodings = parameters.encodings.map((e) => ({ ...e }));
      applied.push(encodings.map((e) => e.active ?? true));
    },
  } as unknown as RTCRtpSender;
  return { rtpSender, applied, active: () => encodings.map((e) => e.active) };
}

function producer(rtpSender: RTCRtpSender, kind: 'audio' | 'video' = 'video'): LocalProducer {
  return { id: 'p1', kind, closed: false, rtpSender } as unknown as LocalProducer;
}

describe('sent layers (dynacast)', () => {
  it('turns off the encodings nobody receives and back on when asked', async () => {
    const s = sender(3);
    const layers = createSentLayers();
    await layers.apply(producer(s.rtpSender), [0]);
    expect(s.active()).toEqual([true, false, false]);
    await layers.apply(producer(s.rtpSender), [0, 2]);
    expect(s.active()).toEqual([true, false, true]);
    // Unchanged: the browser is not asked again.
    await layers.apply(producer(s.rtpSender), [0, 2]);
    expect(s.applied).toHaveLength(2);
  });

  it('applies changes one after another, the newest last', async () => {
    const s = sender(3);
    const layers = createSentLayers();
    const p = producer(s.rtpSender);
    await Promise.all([layers.apply(p, [0]), layers.apply(p, [0, 1]), layers.apply(p, [0, 1, 2])]);
    expect(s.active()).toEqual([true, true, true]);
  });

  it('leaves single streams and audio alone, and never turns every layer off', async () => {
    const single = sender(1);
    const layers = createSentLayers();
    await layers.apply(producer(single.rtpSender), []);
    expect(single.active()).toEqual([true]);
    const audio = sender(3);
    await layers.apply(producer(audio.rtpSender, 'audio'), [0]);
    expect(audio.applied).toEqual([]);
    const camera = sender(3);
    await layers.apply(producer(camera.rtpSender), []);
    expect(camera.active()).toEqual([true, false, false]);
  });
});
