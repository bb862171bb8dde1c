import type { types } from 'mediasoup';
import { DYNACAST_OFF_DELAY_MS, sentLayers } from './dynacast';
import type { Peer } from './peer';
import type { Room } from './room';
import { RoomRegistry } from './room-registry';
import { withoutCongestionControl } from './rtp-capabilities';
import {
  RtpSender,
  RtpSink,
  sleep,
  testSfuConfig,
  vp8KeyFramePayload,
  waitFor,
} from './testing/rtp-test-kit';
import { WorkerPool } from './worker-pool';

describe('sentLayers', () => {
  it('keeps the lowest layer when nobody receives the producer', () => {
    expect(sentLayers(3, [])).toEqual([0]);
    expect(sentLayers(3, [{ paused: true, preferredSpatialLayer: 2 }])).toEqual([0]);
  });

  it('sends the layers forwarding consumers prefer or forward now, and no others', () => {
    expect(sentLayers(3, [{ paused: false, preferredSpatialLayer: 1 }])).toEqual([0, 1]);
    expect(
      sentLayers(3, [
        { paused: false, preferredSpatialLayer: 2, currentSpatialLayer: 0 },
        { paused: true, preferredSpatialLayer: 1, currentSpatialLayer: 1 },
      ]),
    ).toEqual([0, 2]);
    expect(
      sentLayers(3, [
        { paused: false, preferredSpatialLayer: 0, currentSpatialLayer: 1 },
        { paused: false, preferredSpatialLayer: 2 },
      ]),
    ).toEqual([0, 1, 2]);
  });

  it('takes the highest layer for a consumer with no preference, and clamps odd numbers', () => {
    expect(sentLayers(3, [{ paused: false }])).toEqual([0, 2]);
    expect(sentLayers(2, [{ paused: false, preferredSpatialLayer: 5 }])).toEqual([0, 1]);
    expect(sentLayers(3, [{ paused: false, preferredSpatialLayer: -1 }])).toEqual([0]);
    expect(sentLayers(0, [{ paused: false, preferredSpatialLayer: 2 }])).toEqual([0]);
  });
});

const LAYER_SSRCS = [32_000_001, 32_000_002, 32_000_003];
const simulcastCamera: types.RtpParameters = {
  codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }],
  encodings: LAYER_SSRCS.map((ssrc) => ({ ssrc, scalabilityMode: 'L1T3' })),
};

describe('dynacast in a room (real mediasoup)', () => {
  const config = testSfuConfig({ workerCount: 1, lossLayers: false });
  let pool: WorkerPool;
  let registry: RoomRegistry;
  let room: Room;
  let sender: RtpSender;
  let sink: RtpSink;
  let alice: Peer;
  let bob: Peer;
  let cameraId: string;
  const told: { at: number; layers: readonly number[] }[] = [];
  const lastTold = () => told[told.length - 1]?.layers.join(',');

  async function receiver(name: string): Promise<Peer> {
    const peer = room.join(name, { role: 'client' });
    const outbound = await peer.createPlainTransport({ direction: 'recv' });
    await peer.connectPlainTransport(outbound.id, { ip: '127.0.0.1', port: sink.port });
    return peer;
  }

  beforeAll(async () => {
    pool = await WorkerPool.start(config);
    registry = new RoomRegistry(pool, config);
    room = await registry.getOrCreate('dynacast');
    sender = await RtpSender.open();
    sink = await RtpSink.open();
    alice = room.join('alice', { role: 'therapist' });
    alice.on('producerLayers', ({ producerId, source, spatialLayers }) => {
      expect(producerId).toBe(cameraId);
      expect(source).toBe('camera');
      told.push({ at: Date.now(), layers: spatialLayers });
    });
    const inbound = await alice.createPlainTransport({ direction: 'send', comedia: true });
    const camera = await alice.produce({
      transportId: inbound.id,
      kind: 'video',
      source: 'camera',
      rtpParameters: simulcastCamera,
    });
    cameraId = camera.id;
    sender.start(
      { ip: inbound.ip, port: inbound.port },
      LAYER_SSRCS.map((ssrc, layer) => ({
        payloadType: 101,
        ssrc,
        clockRate: 90000,
        payload: (index: number) => vp8KeyFramePayload(index, index & 0xff, layer),
      })),
    );
    bob = await receiver('bob');
  });

  afterAll(async () => {
    await sender.close();
    await sink.close();
    await registry.close();
    await pool.close();
  });

  it('turns off the layers nobody receives, keeping the lowest, after a short delay', async () => {
    expect(told).toEqual([]);
    await waitFor(() => lastTold() === '0', 'only the lowest layer', DYNACAST_OFF_DELAY_MS + 3000);
    expect(room.sentLayers(cameraId)).toEqual([0]);
  });

  it('turns a layer on at once when a tile needs it, and off again when it shrinks', async () => {
    const consumer = await bob.consume(
      room.getProducer(cameraId),
      withoutCongestionControl(room.rtpCapabilities),
      { tile: { width: 320, height: 180 } },
    );
    // Paused until the client is ready: asks nothing yet.
    await sleep(100);
    expect(lastTold()).toBe('0');
    await bob.resumeConsumer(consumer.id);
    await sleep(100);
    expect(lastTold()).toBe('0');

    const asked = Date.now();
    await bob.setPreferredLayers(consumer.id, { width: 1280, height: 720 });
    await waitFor(() => lastTold() === '0,2', 'the top layer on');
    // No debounce for turning a layer on: a growing tile must not wait.
    expect(told[told.length - 1]!.at - asked).toBeLessThan(500);
    await waitFor(
      () => bob.getConsumer(consumer.id).currentLayers?.spatialLayer === 2,
      'the top layer forwarded',
    );

    // A phone's grid tile (169×125 CSS px at devicePixelRatio 3) asks for the middle layer.
    const shrunk = Date.now();
    await bob.setPreferredLayers(consumer.id, { width: 169, height: 125, devicePixelRatio: 3 });
    expect(bob.getConsumer(consumer.id).preferredLayers?.spatialLayer).toBe(1);
    await waitFor(() => lastTold() === '0,1', 'the top layer off', DYNACAST_OFF_DELAY_MS + 3000);
    expect(told[told.length - 1]!.at - shrunk).toBeGreaterThanOrEqual(DYNACAST_OFF_DELAY_MS - 50);

    // Hidden (scrolled away): only the lowest again.
    await bob.setPreferredLayers(consumer.id, { width: 169, height: 125, visible: false });
    await waitFor(() => lastTold() === '0', 'back to the lowest', DYNACAST_OFF_DELAY_MS + 3000);
  });

  it('follows every receiver, and drops what a receiver who left wanted', async () => {
    const carol = await receiver('carol');
    const consumer = await carol.consume(
      room.getProducer(cameraId),
      withoutCongestionControl(room.rtpCapabilities),
      { tile: { width: 1280, height: 720 } },
    );
    await carol.resumeConsumer(consumer.id);
    await waitFor(() => lastTold() === '0,2', "carol's large tile");
    room.leave('carol');
    await waitFor(() => lastTold() === '0', 'carol gone', DYNACAST_OFF_DELAY_MS + 3000);
  });

  it('is off when configured so: no layer is ever turned off', async () => {
    const quietConfig = testSfuConfig({ workerCount: 1, dynacast: false });
    const quietPool = await WorkerPool.start(quietConfig);
    const quietRegistry = new RoomRegistry(quietPool, quietConfig);
    try {
      const quiet = await quietRegistry.getOrCreate('no-dynacast');
      const dana = quiet.join('dana', { role: 'client' });
      const heard: unknown[] = [];
      dana.on('producerLayers', (event) => heard.push(event));
      const inbound = await dana.createPlainTransport({ direction: 'send', comedia: true });
      const camera = await dana.produce({
        transportId: inbound.id,
        kind: 'video',
        source: 'camera',
        rtpParameters: simulcastCamera,
      });
      await sleep(DYNACAST_OFF_DELAY_MS + 500);
      expect(heard).toEqual([]);
      expect(quiet.sentLayers(camera.id)).toBeUndefined();
    } finally {
      await quietRegistry.close();
      await quietPool.close();
    }
  });
});
