import type { types } from 'mediasoup';
import type { ConsumerRef } from './peer-types';
import type { Room } from './room';
import { RoomRegistry } from './room-registry';
import { withoutCongestionControl } from './rtp-capabilities';
import {
  RtpSender,
  RtpSink,
  rtpPayloadType,
  sleep,
  testSfuConfig,
  vp8KeyFramePayload,
  waitFor,
} from './testing/rtp-test-kit';
import { WorkerPool } from './worker-pool';

const OPUS_SSRC = 11_111_111;
const VP8_SSRC = 22_222_222;

const opusParameters: types.RtpParameters = {
  codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
  encodings: [{ ssrc: OPUS_SSRC }],
};

const vp8Parameters: types.RtpParameters = {
  codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }],
  encodings: [{ ssrc: VP8_SSRC }],
};

// RTP from a UDP socket into a PlainTransport producer, through the Router, out of a consumer on
// another peer's PlainTransport into another UDP socket: the real forwarding path of a session.
describe('media path through a room', () => {
  const config = testSfuConfig();
  let pool: WorkerPool;
  let registry: RoomRegistry;
  let room: Room;
  let sender: RtpSender;
  let sink: RtpSink;

  beforeAll(async () => {
    pool = await WorkerPool.start(config);
    registry = new RoomRegistry(pool, config);
    room = await registry.getOrCreate('media-path');
    sender = await RtpSender.open();
    sink = await RtpSink.open();
  });

  afterAll(async () => {
    await sender.close();
    await sink.close();
    await registry.close();
    await pool.close();
  });

  it('forwards only while the consumer is resumed and the producer is not paused', async () => {
    const alice = room.join('alice', { role: 'client' });
    const bob = room.join('bob', { role: 'therapist' });
    const newProducers: string[] = [];
    room.on('newProducer', ({ producer }) => newProducers.push(producer.appData.source));

    const inbound = await alice.createPlainTransport({ direction: 'send', comedia: true });
    const mic = await alice.produce({
      transportId: inbound.id,
      kind: 'audio',
      source: 'microphone',
      rtpParameters: opusParameters,
    });
    const camera = await alice.produce({
      transportId: inbound.id,
      kind: 'video',
      source: 'camera',
      rtpParameters: vp8Parameters,
    });
    expect(newProducers).toEqual(['microphone', 'camera']);
    expect(room.producers('bob').map((producer) => producer.id)).toEqual([mic.id, camera.id]);

    const outbound = await bob.createPlainTransport({ direction: 'recv' });
    await bob.connectPlainTransport(outbound.id, { ip: '127.0.0.1', port: sink.port });
    const capabilities = withoutCongestionControl(room.rtpCapabilities);
    const audio = await bob.consume(mic, capabilities);
    const video = await bob.consume(camera, capabilities);
    expect(audio).toMatchObject({ kind: 'audio', producerPeerId: 'alice', source: 'microphone' });
    expect(video).toMatchObject({ kind: 'video', type: 'simple', source: 'camera' });
    // The synthetic receiver negotiated no congestion-control extensions.
    const uris = video.rtpParameters.headerExtensions?.map((extension) => extension.uri) ?? [];
    expect(uris.some((uri) => /transport-wide-cc|abs-send-time/.test(uri))).toBe(false);
    const audioSsrc = audio.rtpParameters.encodings![0]!.ssrc!;
    const videoSsrc = video.rtpParameters.encodings![0]!.ssrc!;

    sender.start({ ip: inbound.ip, port: inbound.port }, [
      { payloadType: 100, ssrc: OPUS_SSRC, clockRate: 48000, payload: () => Buffer.alloc(60, 1) },
      {
        payloadType: 101,
        ssrc: VP8_SSRC,
        clockRate: 90000,
        payload: (index) => vp8KeyFramePayload(index, index & 0xff, 0),
      },
    ]);

    // Paused at creation: media reaches the producers but none leaves for bob.
    await waitFor(async () => {
      const [stats] = await camera.getStats();
      return (stats?.packetCount ?? 0) > 20;
    }, 'the camera producer to receive RTP');
    expect((await mic.getStats())[0]?.packetCount).toBeGreaterThan(20);
    expect(bob.getConsumer(audio.id).paused).toBe(true);
    expect(bob.consumerHolds(video.id)).toEqual(['client']);
    expect(sink.packets).toHaveLength(0);

    // The client is ready: both streams arrive, rewritten to the consumer's SSRC and payload type.
    await bob.resumeConsumer(audio.id);
    await bob.resumeConsumer(video.id);
    await waitFor(
      () => sink.countOf(audioSsrc) > 10 && sink.countOf(videoSsrc) > 10,
      'RTP at the receiving socket',
    );
    expect(rtpPayloadType(sink.packetsOf(audioSsrc)[0]!)).toBe(
      audio.rtpParameters.codecs[0]!.payloadType,
    );
    expect(rtpPayloadType(sink.packetsOf(videoSsrc)[0]!)).toBe(
      video.rtpParameters.codecs[0]!.payloadType,
    );

    // Mute: bob is told, and the packets stop.
    const remotePaused: ConsumerRef[] = [];
    bob.on('remotePaused', (ref) => remotePaused.push(ref));
    await alice.pauseProducer(mic.id);
    await alice.pauseProducer(camera.id);
    // The worker tells each consumer in its own notification, shortly after the pause.
    await waitFor(() => remotePaused.length === 2, 'bob to hear of the mute');
    expect(remotePaused.map((ref) => ref.consumerId).sort()).toEqual([audio.id, video.id].sort());
    await sleep(200); // packets already in flight
    const countAfterPause = sink.packets.length;
    await sleep(600);
    expect(sink.packets.length).toBe(countAfterPause);

    // Unmute: the flow comes back.
    await alice.resumeProducer(mic.id);
    await waitFor(() => sink.countOf(audioSsrc) > countAfterPause, 'audio after unmute');

    // Camera off: bob's consumer closes and bob is told why.
    const closedRefs: string[] = [];
    bob.on('consumerClosed', ({ consumerId, reason }) =>
      closedRefs.push(`${consumerId}:${reason}`),
    );
    alice.closeProducer(camera.id);
    await waitFor(() => closedRefs.length === 1, 'the consumer to close');
    expect(closedRefs).toEqual([`${video.id}:producer_closed`]);
    expect(() => bob.getConsumer(video.id)).toThrow(
      expect.objectContaining({ code: 'consumer_not_found' }),
    );
    sender.stop();
  });

  it('keeps a consumer paused until every reason to hold it is released', async () => {
    const carol = room.join('carol', { role: 'client' });
    const dave = room.join('dave', { role: 'client' });
    const inbound = await carol.createPlainTransport({ direction: 'send', comedia: true });
    const mic = await carol.produce({
      transportId: inbound.id,
      kind: 'audio',
      source: 'microphone',
      rtpParameters: { ...opusParameters, encodings: [{ ssrc: 33_333_333 }] },
    });
    await dave.createPlainTransport({ direction: 'recv' });
    const audio = await dave.consume(mic, withoutCongestionControl(room.rtpCapabilities));
    await dave.holdConsumer(audio.id, 'breakout');
    await dave.resumeConsumer(audio.id);
    expect(dave.getConsumer(audio.id).paused).toBe(true);
    expect(dave.consumerHolds(audio.id)).toEqual(['breakout']);
    await dave.releaseConsumer(audio.id, 'breakout');
    expect(dave.getConsumer(audio.id).paused).toBe(false);
    // Rapid toggles settle on the last word.
    await Promise.all([
      dave.pauseConsumer(audio.id),
      dave.resumeConsumer(audio.id),
      dave.pauseConsumer(audio.id),
    ]);
    expect(dave.getConsumer(audio.id).paused).toBe(true);
  });

  it('refuses what makes no sense, with codes the gateway can map', async () => {
    const erin = room.join('erin', { role: 'client' });
    const frank = room.join('frank', { role: 'client' });
    const inbound = await erin.createPlainTransport({ direction: 'send', comedia: true });
    await expect(
      erin.produce({
        transportId: inbound.id,
        kind: 'video',
        source: 'microphone',
        rtpParameters: vp8Parameters,
      }),
    ).rejects.toMatchObject({ code: 'cannot_produce' });
    await expect(
      erin.produce({
        transportId: 'nope',
        kind: 'audio',
        source: 'microphone',
        rtpParameters: opusParameters,
      }),
    ).rejects.toMatchObject({ code: 'transport_not_found' });
    await expect(
      erin.produce({
        transportId: inbound.id,
        kind: 'audio',
        source: 'microphone',
        rtpParameters: {
          codecs: [{ mimeType: 'audio/PCMU', payloadType: 0, clockRate: 8000 }],
          encodings: [{ ssrc: 1 }],
        },
      }),
    ).rejects.toMatchObject({ code: 'cannot_produce' });
    const mic = await erin.produce({
      transportId: inbound.id,
      kind: 'audio',
      source: 'microphone',
      rtpParameters: { ...opusParameters, encodings: [{ ssrc: 44_444_444 }] },
    });
    await expect(
      erin.produce({
        transportId: inbound.id,
        kind: 'audio',
        source: 'microphone',
        rtpParameters: { ...opusParameters, encodings: [{ ssrc: 55_555_555 }] },
      }),
    ).rejects.toMatchObject({ code: 'cannot_produce' });

    // No receive transport yet, own producer, capabilities without Opus.
    await expect(frank.consume(mic, room.rtpCapabilities)).rejects.toMatchObject({
      code: 'transport_not_found',
    });
    await frank.createPlainTransport({ direction: 'recv' });
    await expect(erin.consume(mic, room.rtpCapabilities)).rejects.toMatchObject({
      code: 'cannot_consume',
    });
    const videoOnly: types.RtpCapabilities = {
      codecs: room.rtpCapabilities.codecs?.filter((codec) => codec.kind === 'video'),
      headerExtensions: [],
    };
    await expect(frank.consume(mic, videoOnly)).rejects.toMatchObject({ code: 'cannot_consume' });
    const audio = await frank.consume(mic, withoutCongestionControl(room.rtpCapabilities));
    await expect(
      frank.setPreferredLayers(audio.id, { width: 320, height: 180 }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(frank.resumeConsumer('nope')).rejects.toMatchObject({
      code: 'consumer_not_found',
    });

    // When erin leaves, frank's consumer of her microphone closes and frank is told.
    const reasons: string[] = [];
    frank.on('consumerClosed', ({ reason }) => reasons.push(reason));
    room.leave('erin');
    await waitFor(() => reasons.length === 1, 'the consumer to close');
    expect(reasons).toEqual(['producer_closed']);
    expect(frank.consumers).toEqual([]);
    await expect(erin.createPlainTransport({ direction: 'send' })).rejects.toMatchObject({
      code: 'peer_not_found',
    });
  });
});
