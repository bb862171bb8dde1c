import { createSocket } from 'node:dgram';
import type { Room } from './room';
import { RoomRegistry } from './room-registry';
import { rtcpSenderReport, rtpPacket, sleep, testSfuConfig, waitFor } from './testing/rtp-test-kit';
import { WorkerPool } from './worker-pool';

// Producer scores from real RTP into a real worker: a clean stream scores high, a stream that
// loses packets on the way scores lower — what the live layer grades connections by.

describe('producer scores', () => {
  const config = testSfuConfig({ workerCount: 1 });
  let pool: WorkerPool;
  let registry: RoomRegistry;
  let room: Room;
  const socket = createSocket('udp4');

  beforeAll(async () => {
    pool = await WorkerPool.start(config);
    registry = new RoomRegistry(pool, config);
    room = await registry.getOrCreate('scores');
    // Keeps the room open between the measured peers (the last peer out closes it).
    room.join('keeper', { role: 'therapist' });
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    await registry.close();
    await pool.close();
  });

  /** Sends audio for `ms`, leaving out the packets `lost` picks (a gap in the sequence). */
  async function send(ssrc: number, port: number, ms: number, lost: (index: number) => boolean) {
    const started = Date.now();
    for (let index = 0; Date.now() - started < ms; index += 1) {
      if (!lost(index)) {
        const packet = rtpPacket({
          payloadType: 100,
          ssrc,
          sequenceNumber: index,
          timestamp: index * 960,
          payload: Buffer.alloc(60, 1),
        });
        socket.send(packet, port, '127.0.0.1');
      }
      // The worker scores a stream on each Sender Report, as a browser sends them.
      if (index % 25 === 24) {
        const report = rtcpSenderReport({
          ssrc,
          wallTimeMs: Date.now(),
          rtpTimestamp: index * 960,
          packetCount: index,
          octetCount: index * 60,
        });
        socket.send(report, port, '127.0.0.1');
      }
      await sleep(20);
    }
  }

  async function scoreOf(name: string, ssrc: number, lost: (index: number) => boolean) {
    const peer = room.join(name, { role: 'client' });
    const inbound = await peer.createPlainTransport({ direction: 'send', comedia: true });
    const mic = await peer.produce({
      transportId: inbound.id,
      kind: 'audio',
      source: 'microphone',
      rtpParameters: {
        codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
        encodings: [{ ssrc }],
      },
    });
    const scores: number[] = [];
    peer.on('producerScore', ({ producerId, source, score }) => {
      expect(producerId).toBe(mic.id);
      expect(source).toBe('microphone');
      scores.push(score);
    });
    await send(ssrc, inbound.port, 4_000, lost);
    await waitFor(() => scores.length > 0, 'a producer score');
    peer.close();
    return scores.at(-1)!;
  }

  it('scores a clean stream high and a lossy one lower', async () => {
    const clean = await scoreOf('clean', 44_444_444, () => false);
    const lossy = await scoreOf('lossy', 55_555_555, (index) => index % 3 === 0);
    expect(clean).toBeGreaterThanOrEqual(9);
    expect(lossy).toBeLessThan(clean);
    expect(lossy).toBeLessThan(9);
  }, 30_000);
});
