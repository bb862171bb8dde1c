import type { types } from 'mediasoup';
import type { ActiveSpeakerEvent, Room } from './room';
import { RoomRegistry } from './room-registry';
import { RtpSender, testSfuConfig, waitFor } from './testing/rtp-test-kit';
import { WorkerPool } from './worker-pool';

const AUDIO_LEVEL_ID = 10;

function micParameters(ssrc: number): types.RtpParameters {
  return {
    codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
    headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level', id: AUDIO_LEVEL_ID }],
    encodings: [{ ssrc }],
  };
}

// Opus packets carrying the audio level a browser writes (-dBov: 0 is loudest, 127 silence).
// Speech rises and falls in syllables; a constant level would read as background noise to the
// dominant-speaker algorithm, which tracks each microphone's noise floor.
function talking(ssrc: number) {
  return {
    payloadType: 100,
    ssrc,
    clockRate: 48000,
    payload: () => Buffer.alloc(80, 7),
    audioLevel: {
      extensionId: AUDIO_LEVEL_ID,
      level: (index: number) => (index % 10 < 6 ? 15 + (index % 3) * 5 : 90),
    },
  };
}

function silent(ssrc: number) {
  return { ...talking(ssrc), audioLevel: { extensionId: AUDIO_LEVEL_ID, level: () => 127 } };
}

describe('active speaker', () => {
  const config = testSfuConfig({ workerCount: 1 });
  let pool: WorkerPool;
  let registry: RoomRegistry;
  let room: Room;
  let aliceSender: RtpSender;
  let bobSender: RtpSender;

  beforeAll(async () => {
    pool = await WorkerPool.start(config);
    registry = new RoomRegistry(pool, config);
    room = await registry.getOrCreate('speakers');
    aliceSender = await RtpSender.open();
    bobSender = await RtpSender.open();
  });

  afterAll(async () => {
    await aliceSender.close();
    await bobSender.close();
    await registry.close();
    await pool.close();
  });

  it('names the peer who speaks, and follows the conversation to the next speaker', async () => {
    const speakers: ActiveSpeakerEvent[] = [];
    room.on('activeSpeaker', (event) => speakers.push(event));
    const alice = room.join('alice', { role: 'client' });
    const bob = room.join('bob', { role: 'therapist' });
    const aliceIn = await alice.createPlainTransport({ direction: 'send', comedia: true });
    const bobIn = await bob.createPlainTransport({ direction: 'send', comedia: true });
    const aliceMic = await alice.produce({
      transportId: aliceIn.id,
      kind: 'audio',
      source: 'microphone',
      rtpParameters: micParameters(1001),
    });
    await bob.produce({
      transportId: bobIn.id,
      kind: 'audio',
      source: 'microphone',
      rtpParameters: micParameters(2002),
    });

    aliceSender.start({ ip: aliceIn.ip, port: aliceIn.port }, [talking(1001)]);
    bobSender.start({ ip: bobIn.ip, port: bobIn.port }, [silent(2002)]);
    // Generous: the observer learns each microphone's noise floor first, slowly on a busy machine.
    await waitFor(() => speakers.at(-1)?.peerId === 'alice', 'alice as the active speaker', 20000);
    expect(speakers.at(-1)).toEqual({ peerId: 'alice', producerId: aliceMic.id });

    aliceSender.start({ ip: aliceIn.ip, port: aliceIn.port }, [silent(1001)]);
    bobSender.start({ ip: bobIn.ip, port: bobIn.port }, [talking(2002)]);
    await waitFor(() => speakers.at(-1)?.peerId === 'bob', 'bob as the active speaker', 20000);
  }, 60_000);

  it('hears through Opus DTX: a microphone sending a silence packet every 400 ms is silent', async () => {
    const dtxRoom = await registry.getOrCreate('speakers-dtx');
    const speakers: ActiveSpeakerEvent[] = [];
    dtxRoom.on('activeSpeaker', (event) => speakers.push(event));
    const carol = dtxRoom.join('carol', { role: 'client' });
    const dan = dtxRoom.join('dan', { role: 'client' });
    const carolIn = await carol.createPlainTransport({ direction: 'send', comedia: true });
    const danIn = await dan.createPlainTransport({ direction: 'send', comedia: true });
    await carol.produce({
      transportId: carolIn.id,
      kind: 'audio',
      source: 'microphone',
      rtpParameters: micParameters(3003),
    });
    await dan.produce({
      transportId: danIn.id,
      kind: 'audio',
      source: 'microphone',
      rtpParameters: micParameters(4004),
    });
    // Carol speaks while Dan's encoder is in DTX: 2.5 packets a second, not 50.
    aliceSender.start({ ip: carolIn.ip, port: carolIn.port }, [talking(3003)]);
    bobSender.start({ ip: danIn.ip, port: danIn.port }, [silent(4004)], 400);
    await waitFor(() => speakers.at(-1)?.peerId === 'carol', 'carol as the active speaker', 20000);

    // Now Carol falls silent in DTX and Dan speaks: the turn passes to him.
    aliceSender.start({ ip: carolIn.ip, port: carolIn.port }, [silent(3003)], 400);
    bobSender.start({ ip: danIn.ip, port: danIn.port }, [talking(4004)]);
    await waitFor(() => speakers.at(-1)?.peerId === 'dan', 'dan as the active speaker', 20000);
  }, 60_000);
});
