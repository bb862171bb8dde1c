import { HeldConsumer } from './held-consumer';
import { RECOVER_MS } from './loss-layers';
import type { PeerConsumer } from './media-types';

// The holds and layers of one consumer, against a stand-in that records what the worker was
// asked (the real consumer is exercised end to end in media-path.spec.ts and simulcast.spec.ts).

class RecordingConsumer {
  readonly id = 'consumer-1';
  readonly calls: string[] = [];
  paused = true;
  closed = false;
  /** Each pause/resume waits on this, so requests can overlap. */
  gate: Promise<void> = Promise.resolve();
  failNext: Error | null = null;

  constructor(
    readonly kind: 'audio' | 'video',
    readonly type: 'simple' | 'simulcast',
    scalabilityMode = 'L3T3',
  ) {
    this.rtpParameters = { codecs: [], encodings: [{ scalabilityMode }] };
  }

  readonly rtpParameters: { codecs: never[]; encodings: Array<{ scalabilityMode: string }> };

  async pause() {
    await this.#call('pause');
    this.paused = true;
  }

  async resume() {
    await this.#call('resume');
    this.paused = false;
  }

  score = { score: 10, producerScore: 10, producerScores: [10, 10, 10] };

  async setPreferredLayers(layers: { spatialLayer: number; temporalLayer: number }) {
    this.calls.push(`layers ${layers.spatialLayer}/${layers.temporalLayer}`);
  }

  async #call(name: string) {
    this.calls.push(name);
    await this.gate;
    const failure = this.failNext;
    this.failNext = null;
    if (failure) throw failure;
  }
}

function held(kind: 'audio' | 'video' = 'video', type: 'simple' | 'simulcast' = 'simulcast') {
  const consumer = new RecordingConsumer(kind, type);
  return { consumer, entry: new HeldConsumer(consumer as unknown as PeerConsumer, ['client']) };
}

describe('HeldConsumer', () => {
  it('forwards only once every hold is released', async () => {
    const { consumer, entry } = held();
    await entry.hold('breakout');
    expect(consumer.calls).toEqual([]);
    await entry.release('client');
    expect(entry.holds).toEqual(['breakout']);
    expect(consumer.paused).toBe(true);
    await entry.release('breakout');
    expect(consumer.calls).toEqual(['resume']);
    expect(entry.holds).toEqual([]);
    await entry.hold('audio-only');
    expect(consumer.calls).toEqual(['resume', 'pause']);
  });

  it('applies overlapping requests in order, so the last word wins', async () => {
    const { consumer, entry } = held();
    let open = () => undefined as void;
    consumer.gate = new Promise<void>((resolve) => (open = resolve));
    const released = entry.release('client');
    // The resume is under way (waiting on the worker) when the hold comes back.
    await Promise.resolve();
    expect(consumer.calls).toEqual(['resume']);
    const heldAgain = entry.hold('client');
    open();
    await Promise.all([released, heldAgain]);
    expect(consumer.calls).toEqual(['resume', 'pause']);
    expect(consumer.paused).toBe(true);
  });

  it('passes a failure on, unless the consumer closed meanwhile', async () => {
    const { consumer, entry } = held();
    consumer.failNext = new Error('worker gone');
    await expect(entry.release('client')).rejects.toThrow('worker gone');
    // The queue goes on after a failure.
    await entry.hold('offscreen');
    await entry.release('offscreen');
    expect(consumer.paused).toBe(false);

    consumer.failNext = new Error('closed under it');
    const pausing = entry.hold('breakout');
    consumer.closed = true;
    await expect(pausing).resolves.toBeUndefined();
  });

  it('follows the tile: the layer that fills it first, then a pause while it is hidden', async () => {
    const { consumer, entry } = held();
    await entry.release('client');
    expect(await entry.followTile({ width: 640, height: 360 })).toEqual({
      kind: 'layers',
      spatialLayer: 1,
      temporalLayer: 2,
    });
    expect(await entry.followTile({ width: 640, height: 360, visible: false })).toEqual({
      kind: 'pause',
    });
    expect(entry.holds).toEqual(['offscreen']);
    await entry.followTile({ width: 320, height: 180 });
    expect(consumer.calls).toEqual(['resume', 'layers 1/2', 'pause', 'layers 0/2', 'resume']);
  });

  it('clamps the layers to what the producer sends', async () => {
    const consumer = new RecordingConsumer('video', 'simulcast', 'L2T2');
    const entry = new HeldConsumer(consumer as unknown as PeerConsumer, []);
    expect(await entry.followTile({ width: 1920, height: 1080 })).toEqual({
      kind: 'layers',
      spatialLayer: 1,
      temporalLayer: 1,
    });
  });

  it('sets no layers on a single-stream video, and refuses audio', async () => {
    const simple = held('video', 'simple');
    await simple.entry.followTile({ width: 640, height: 360 });
    expect(simple.consumer.calls).toEqual([]);
    await expect(held('audio').entry.followTile({ width: 640, height: 360 })).rejects.toMatchObject(
      { code: 'invalid_request' },
    );
  });

  it('forwards one layer below the tile while the sender’s stream arrives lossy, then back up', async () => {
    const consumer = new RecordingConsumer('video', 'simulcast');
    let now = 0;
    const entry = new HeldConsumer(consumer as unknown as PeerConsumer, [], undefined, () => now);
    await entry.followTile({ width: 640, height: 360 });
    await entry.followScores([9, 8, 10]);
    now = 1000;
    await entry.followScores([9, 7, 10]);
    expect(entry.lossCap).toBe(0);
    // A new tile size keeps the cap.
    await entry.followTile({ width: 1280, height: 720 });
    const layers = () => consumer.calls.filter((call) => call.startsWith('layers'));
    expect(layers()).toEqual(['layers 1/2', 'layers 0/2', 'layers 0/2']);
    now = 2000;
    await entry.followScores([10, 10, 10]);
    now = 2000 + RECOVER_MS;
    await entry.followScores([10, 10, 10]);
    expect(entry.lossCap).toBe(1);
    // The next step up needs its own clean time.
    now = 3000 + RECOVER_MS;
    await entry.followScores([10, 10, 10]);
    now = 3000 + 2 * RECOVER_MS;
    await entry.followScores([10, 10, 10]);
    expect(entry.lossCap).toBeNull();
    expect(layers().slice(3)).toEqual(['layers 1/2', 'layers 2/2']);
    entry.dispose();
  });

  it('leaves audio and single-stream video alone', async () => {
    for (const [kind, type] of [
      ['audio', 'simulcast'],
      ['video', 'simple'],
    ] as const) {
      const { consumer, entry } = held(kind, type);
      for (let i = 0; i < 4; i += 1) await entry.followScores([5, 5, 5]);
      expect(entry.lossCap).toBeNull();
      expect(consumer.calls).toEqual([]);
    }
  });
});
