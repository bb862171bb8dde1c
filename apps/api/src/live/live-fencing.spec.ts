import type { Principal } from '../identity/token-service';
import { FakeChannel, FakeProducer, liveUnits } from './testing/live-fakes';

// The fence of the live layer: a node that no longer holds a session's lease (another node took
// it, or Redis was away for longer than the lease) refuses every request of that session — the
// therapist's host actions included — and changes nothing, even before the 'leaseLost' event has
// closed the session here; and it stops hosting on the session's next tick.

const SESSION = 'session-1';
const agendaItems = [
  { id: 'i1', title: 'Check-in', minutes: 10, goRound: false },
  { id: 'i2', title: 'Focus', minutes: 30, goRound: false },
];
const moved = { code: 'conflict', details: { reason: 'session_moved' } };

/** A therapist, two clients in the call (Ana's hand up, her camera on) and one waiting. */
async function inCall() {
  const units = liveUnits({ agendaItems });
  const doctor = await units.join(units.person('t', 'Dr Okafor', 'therapist'), SESSION);
  const ana = await units.join(units.person('a', 'Ana', 'client'), SESSION);
  const ben = await units.join(units.person('b', 'Ben', 'client'), SESSION);
  units.lobby.admitAll(doctor);
  const cleo = await units.join(units.person('c', 'Cleo', 'client'), SESSION);
  for (const channel of [doctor, ana, ben]) {
    await units.media.capabilities(channel);
    await units.media.ready(channel, { codecs: [] });
  }
  const anaPeer = units.peerOf(SESSION, 'a');
  const microphone = new FakeProducer('mic-a', 'audio', { peerId: 'a', source: 'microphone' });
  anaPeer.producers.push(microphone);
  units.lobby.raiseHand(ana);
  return { units, doctor, ana, ben, cleo, microphone };
}

describe('the fence on a node that lost the lease', () => {
  it('refuses every host action and changes nothing', async () => {
    const { units, doctor, ana, ben, cleo, microphone } = await inCall();
    // With the lease, a host action goes through (and is stored): the same calls can change things.
    await units.agenda.move(doctor, 'start');
    expect(units.saved).toEqual([SESSION]);
    const hosted = units.registry.sessions.get(SESSION)!;
    const before = {
      session: JSON.stringify(hosted.live.snapshot()),
      agenda: JSON.stringify(hosted.agenda),
      attendance: units.attendance.length,
      sent: [doctor, ana, ben, cleo].map((channel) => channel.sent.length),
      peers: [...units.rooms.get(SESSION)!.peers.keys()],
    };

    units.loseLease(SESSION);
    const actions: Record<string, () => unknown> = {
      admit: () => units.lobby.admit(doctor, 'c'),
      'admit all': () => units.lobby.admitAll(doctor),
      deny: () => units.lobby.deny(doctor, 'c'),
      'send back': () => units.lobby.sendBack(doctor, 'b'),
      remove: () => units.lobby.remove(doctor, 'b'),
      mute: () => units.lobby.mute(doctor, 'a', true),
      'mute all': () => units.lobby.muteAll(doctor, false),
      'unlock mute': () => units.lobby.unlockMute(doctor, 'a'),
      'lower hand': () => units.lobby.lowerHand(doctor, 'a'),
      'lower all hands': () => units.lobby.lowerAllHands(doctor),
      lock: () => units.lobby.lock(doctor, true),
      'agenda next': () => units.agenda.move(doctor, 'next'),
      'agenda back': () => units.agenda.move(doctor, 'back'),
      'agenda extend': () => units.agenda.move(doctor, { extend: 5 }),
      'open breakouts': () => units.breakouts.start(doctor, [['a'], ['b']], 5),
      'visit a breakout': () => units.breakouts.visit(doctor, 0),
      'close breakouts': () => units.breakouts.end(doctor),
      chat: () => units.lobby.chat(ana, 'hello'),
      'raise hand': () => units.lobby.raiseHand(ben),
      'media capabilities': () => units.media.capabilities(ben),
    };
    for (const [name, action] of Object.entries(actions)) {
      await expect(
        (async () => action())().then(
          () => `${name} went through`,
          (error: unknown) => error,
        ),
      ).resolves.toMatchObject(moved);
    }

    expect(JSON.stringify(hosted.live.snapshot())).toBe(before.session);
    expect(JSON.stringify(hosted.agenda)).toBe(before.agenda);
    expect(units.saved).toEqual([SESSION]);
    expect(units.attendance).toHaveLength(before.attendance);
    expect([doctor, ana, ben, cleo].map((channel) => channel.sent.length)).toEqual(before.sent);
    expect([...units.rooms.get(SESSION)!.peers.keys()]).toEqual(before.peers);
    expect(microphone.paused).toBe(false);
    expect([doctor, ana, ben, cleo].some((channel) => channel.disconnected)).toBe(false);
  });

  it('does not store agenda moves queued before the lease went', async () => {
    const { units, doctor } = await inCall();
    const first = units.agenda.move(doctor, 'start');
    const second = units.agenda.move(doctor, 'next');
    units.loseLease(SESSION);
    await expect(first).rejects.toMatchObject(moved);
    await expect(second).rejects.toMatchObject(moved);
    expect(units.saved).toEqual([]);
    expect(units.registry.sessions.get(SESSION)!.agenda.progress.startedAt).toBeNull();
  });

  it('stops hosting on the next tick: everyone is told to join again', async () => {
    const { units, doctor, ana, ben, cleo } = await inCall();
    units.loseLease(SESSION);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(units.registry.sessions.has(SESSION)).toBe(false);
    expect(units.rooms.get(SESSION)!.closed).toBe(true);
    for (const channel of [doctor, ana, ben, cleo]) {
      expect(channel.last('seat:released')).toEqual({ reason: 'reset' });
    }
  });

  it('hosts nothing when the lease went while the session was being set up', async () => {
    const units = liveUnits({ agendaItems });
    units.person('t', 'Dr Okafor', 'therapist');
    Object.assign(units.cluster, {
      loadSnapshot: async () => {
        units.loseLease(SESSION);
        return null;
      },
    });
    const channel = new FakeChannel();
    const principal = { personId: 't' } as unknown as Principal;
    await expect(units.hosting.join(channel, principal, SESSION)).resolves.toEqual({
      retry: { afterMs: 500 },
    });
    expect(units.registry.sessions.has(SESSION)).toBe(false);
    expect(units.registry.seats.size).toBe(0);
    expect(units.attendance).toEqual([]);
  });
});
