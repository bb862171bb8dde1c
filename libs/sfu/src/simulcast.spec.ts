import type { types } from 'mediasoup';
import type { Peer } from './peer';
import type { Room } from './room';
import { RoomRegistry } from './room-registry';
import { withoutCongestionControl } from './rtp-capabilities';
import {
  RtpSender,
  RtpSink,
  rtpPayloadOffset,
  sleep,
  testSfuConfig,
  vp8KeyFramePayload,
  waitFor,
} from './testing/rtp-test-kit';
import { WorkerPool } from './worker-pool';

const LAYER_SSRCS = [31_000_001, 31_000_002, 31_000_003];

// A camera the way browsers publish it: three VP8 encodings (320×180, 640×360, 1280×720), each
// with three temporal layers.
const simulcastCamera: types.RtpParameters = {
  codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }],
  encodings: LAYER_SSRCS.map((ssrc) => ({ ssrc, scalabilityMode: 'L1T3' })),
};

describe('simulcast layers follow the tile', () => {
  // The synthetic sender answers no retransmission request, so a datagram dropped by a busy
  // machine's loopback would count as network loss and step the layers down under the test.
  const config = testSfuConfig({ workerCount: 1, lossLayers: false });
  let pool: WorkerPool;
  let registry: RoomRegistry;
  let room: Room;
  let sender: RtpSender;
  let sink: RtpSink;
  let bob: Peer;
  let consumerId: string;
  let consumerSsrc: number;

  beforeAll(async () => {
    pool = await WorkerPool.start(config);
    registry = new RoomRegistry(pool, config);
    room = await registry.getOrCreate('simulcast');
    sender = await RtpSender.open();
    sink = await RtpSink.open();

    const alice = room.join('alice', { role: 'client' });
    bob = room.join('bob', { role: 'client' });
    const inbound = await alice.createPlainTransport({ direction: 'send', comedia: true });
    const camera = await alice.produce({
      transportId: inbound.id,
      kind: 'video',
      source: 'camera',
      rtpParameters: simulcastCamera,
    });
    const outbound = await bob.createPlainTransport({ direction: 'recv' });
    await bob.connectPlainTransport(outbound.id, { ip: '127.0.0.1', port: sink.port });
    const consumer = await bob.consume(camera, withoutCongestionControl(room.rtpCapabilities));
    consumerId = consumer.id;
    consumerSsrc = consumer.rtpParameters.encodings![0]!.ssrc!;
    expect(consumer.type).toBe('simulcast');
    expect(consumer.rtpParameters.encodings![0]!.scalabilityMode).toBe('L3T3');

    // Every layer sends key frames tagged with its index, so the sink can tell which it gets.
    sender.start(
      { ip: inbound.ip, port: inbound.port },
      LAYER_SSRCS.map((ssrc, layer) => ({
        payloadType: 101,
        ssrc,
        clockRate: 90000,
        payload: (index: number) => vp8KeyFramePayload(index, index & 0xff, layer),
      })),
    );
  });

  afterAll(async () => {
    await sender.close();
    await sink.close();
    await registry.close();
    await pool.close();
  });

  it.each([
    [{ width: 320, height: 180 }, 0],
    [{ width: 640, height: 360 }, 1],
    [{ width: 320, height: 180, devicePixelRatio: 2 }, 1],
    [{ width: 1280, height: 720 }, 2],
    [{ width: 200, height: 200 }, 1],
  ])('sets the preferred layers for a %j tile to spatial layer %i', async (tile, spatialLayer) => {
    const choice = await bob.setPreferredLayers(consumerId, tile);
    expect(choice).toEqual({ kind: 'layers', spatialLayer, temporalLayer: 2 });
    expect(bob.getConsumer(consumerId).preferredLayers).toEqual({ spatialLayer, temporalLayer: 2 });
  });

  it('forwards the layer the tile asks for, and nothing while the tile is hidden', async () => {
    const lastTag = () => {
      const packets = sink.packetsOf(consumerSsrc);
      const last = packets[packets.length - 1];
      return last ? last[last.length - 1] : undefined;
    };
    const offset = (packet: Buffer) => rtpPayloadOffset(packet);

    await bob.setPreferredLayers(consumerId, { width: 320, height: 180 });
    await bob.resumeConsumer(consumerId);
    await waitFor(() => lastTag() === 0, 'the 320×180 layer at the sink');
    expect(offset(sink.packetsOf(consumerSsrc)[0]!)).toBeGreaterThanOrEqual(12);

    await bob.setPreferredLayers(consumerId, { width: 1280, height: 720 });
    await waitFor(() => lastTag() === 2, 'the 1280×720 layer at the sink');
    expect(bob.getConsumer(consumerId).currentLayers?.spatialLayer).toBe(2);

    const hidden = await bob.setPreferredLayers(consumerId, {
      width: 1280,
      height: 720,
      visible: false,
    });
    expect(hidden).toEqual({ kind: 'pause' });
    expect(bob.getConsumer(consumerId).paused).toBe(true);
    expect(bob.consumerHolds(consumerId)).toEqual(['offscreen']);
    await sleep(200);
    const countWhileHidden = sink.countOf(consumerSsrc);
    await sleep(500);
    expect(sink.countOf(consumerSsrc)).toBe(countWhileHidden);

    // Scrolled back into view as a thumbnail: resumes straight at the smallest layer.
    await bob.setPreferredLayers(consumerId, { width: 160, height: 90 });
    expect(bob.getConsumer(consumerId).paused).toBe(false);
    await waitFor(() => lastTag() === 0, 'the 320×180 layer after the tile reappeared');
  });
});
