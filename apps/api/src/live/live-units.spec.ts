import type { SessionView } from '@hearth/contracts';
import { FakeProducer, liveUnits } from './testing/live-fakes';

// The live units with a fake channel per person and a fake media room: the rules of entering,
// media and moderation as they reach each person's connection.

const SESSION = 'session-1';

function presence(view: SessionView | undefined, id: string) {
  return view?.participants.find((p) => p.id === id)?.presence;
}

async function couple() {
  const units = liveUnits();
  const therapist = units.person('t', 'Dr Okafor', 'therapist');
  const ana = units.person('a', 'Ana', 'client');
  const ben = units.person('b', 'Ben', 'client');
  const doctor = await units.join(therapist, SESSION);
  const anaChannel = await units.join(ana, SESSION);
  const benChannel = await units.join(ben, SESSION);
  units.lobby.admitAll(doctor);
  return { units, doctor, anaChannel, benChannel };
}

describe('live units with fakes', () => {
  it('seats people, keeps clients waiting until admitted and tells everyone', async () => {
    const units = liveUnits();
    const doctor = await units.join(units.person('t', 'Dr Okafor', 'therapist'), SESSION);
    const ana = await units.join(units.person('a', 'Ana', 'client'), SESSION);
    expect(presence(doctor.last('session:view'), 'a')).toBe('waiting');
    await expect(units.media.capabilities(ana)).rejects.toMatchObject({ code: 'forbidden' });
    units.lobby.admit(doctor, 'a');
    expect(presence(ana.last('session:view'), 'a')).toBe('admitted');
    expect(ana.last('agenda:state')).toMatchObject({ sessionId: SESSION });
    expect(units.attendance.map((e) => `${e.personId}:${e.kind}`)).toEqual([
      't:joined',
      't:admitted',
      'a:joined',
      'a:admitted',
    ]);
  });

  it('makes consumers for the others when someone publishes, and holds them across breakouts', async () => {
    const { units, doctor, anaChannel, benChannel } = await couple();
    for (const channel of [doctor, anaChannel, benChannel]) {
      await units.media.capabilities(channel);
      await units.media.ready(channel, { codecs: [] });
    }
    const anaPeer = units.peerOf(SESSION, 'a');
    const camera = new FakeProducer('cam-a', 'video', { peerId: 'a', source: 'camera' });
    anaPeer.producers.push(camera);
    units.rooms.get(SESSION)!.emit('newProducer', { peer: anaPeer, producer: camera });
    await new Promise((resolve) => setImmediate(resolve));
    expect(benChannel.last('media:consumer:new')).toMatchObject({ producerPeerId: 'a' });
    expect(doctor.last('media:consumer:new')).toMatchObject({ producerPeerId: 'a' });
    expect(anaChannel.all('media:consumer:new')).toEqual([]);

    await units.breakouts.start(doctor, [['a'], ['b']], null);
    const benConsumer = units.peerOf(SESSION, 'b').consumers[0]!;
    expect([...benConsumer.holds]).toContain('breakout');
    await units.breakouts.end(doctor);
    expect([...benConsumer.holds]).not.toContain('breakout');
  });

  it('keeps a locked microphone off whichever way the client asks, and lets only therapists lead', async () => {
    const { units, doctor, anaChannel } = await couple();
    await units.media.capabilities(anaChannel);
    await units.lobby.mute(doctor, 'a', true);
    expect(anaChannel.last('moderation:muted')).toEqual({ locked: true });
    await expect(
      units.media.produce(anaChannel, {
        transportId: 'a-send',
        kind: 'audio',
        rtpParameters: {},
        source: 'microphone',
      }),
    ).rejects.toMatchObject({ code: 'forbidden', details: { reason: 'unmute_locked' } });
    expect(() => units.agenda.move(anaChannel, 'start')).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });

  it('holds the seat of someone whose media path drops and gives it back when it recovers', async () => {
    const { units, doctor, anaChannel } = await couple();
    await units.media.capabilities(anaChannel);
    const peer = units.peerOf(SESSION, 'a');
    peer.ice('disconnected');
    expect(presence(doctor.last('session:view'), 'a')).toBe('reconnecting');
    peer.ice('connected');
    expect(presence(doctor.last('session:view'), 'a')).toBe('admitted');
    expect(units.attendance.filter((e) => e.personId === 'a').map((e) => e.kind)).toEqual([
      'joined',
      'admitted',
      'dropped',
      'returned',
    ]);
  });
});
