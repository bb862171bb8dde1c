import type { SessionView } from '@hearth/contracts';
import { SEAT_HOLD_MS } from '@hearth/domain';
import { CLOSE_AFTER_NOTICE_MS } from './live-registry';
import { FakeProducer, liveUnits } from './testing/live-fakes';

// The crash chain of a media-only cut, with fakes and a fake clock: the client's ICE goes quiet
// while its socket stays up, the seat is held, the hold runs out. Before, the seat was freed but
// the connection kept, and the next view for it threw inside the session's timer, which ended the
// process. Now the connection goes with the seat and is told why.

const SESSION = 'session-1';
const OTHER = 'session-2';

const presence = (view: SessionView | undefined, id: string) =>
  view?.participants.find((p) => p.id === id)?.presence;

beforeEach(() => {
  jest.useFakeTimers({ now: new Date('2031-01-06T18:05:00Z') });
});

afterEach(() => {
  jest.useRealTimers();
});

async function mediaCut(autoAdmitMembers = false) {
  const units = liveUnits({ autoAdmitMembers });
  const doctor = await units.join(units.person('t', 'Dr Okafor', 'therapist'), SESSION);
  const ana = await units.join(units.person('a', 'Ana', 'client'), SESSION);
  if (!autoAdmitMembers) units.lobby.admit(doctor, 'a');
  await units.media.capabilities(ana);
  await units.media.createTransport(ana, 'send');
  const peer = units.peerOf(SESSION, 'a');
  peer.ice('connected');
  peer.ice('disconnected');
  return { units, doctor, ana, peer };
}

describe('a seat held for a connection whose media was cut', () => {
  it('is freed with its connection when the hold runs out, and nothing fails', async () => {
    const { units, doctor, ana } = await mediaCut();
    expect(presence(doctor.last('session:view'), 'a')).toBe('reconnecting');

    jest.advanceTimersByTime(SEAT_HOLD_MS + 1_500);
    expect(units.guard.faults).toBe(0);
    expect(units.lines.filter((line) => line['level'] === 'error')).toEqual([]);
    // Ana's connection is told and closed; everyone else sees her gone.
    expect(ana.last('seat:released')).toEqual({ reason: 'hold_expired' });
    expect(units.registry.seats.has(ana.id)).toBe(false);
    expect(units.peerOf(SESSION, 'a').closed).toBe(true);
    jest.advanceTimersByTime(CLOSE_AFTER_NOTICE_MS);
    expect(ana.disconnected).toBe(true);
    expect(presence(doctor.last('session:view'), 'a')).toBeUndefined();
    expect(units.attendance.filter((e) => e.personId === 'a').map((e) => e.kind)).toEqual([
      'joined',
      'admitted',
      'dropped',
      'left',
    ]);

    // The timer keeps running for the session without failing, and the session carries on.
    const viewsBefore = doctor.all('session:view').length;
    jest.advanceTimersByTime(5_000);
    expect(units.guard.faults).toBe(0);
    units.lobby.raiseHand(doctor);
    expect(doctor.all('session:view').length).toBe(viewsBefore + 1);
  });

  it('lets the client back through the waiting room, or straight in when the course auto-admits', async () => {
    const cut = await mediaCut();
    jest.advanceTimersByTime(SEAT_HOLD_MS + 1_500);
    const again = await cut.units.join(cut.units.person('a', 'Ana', 'client'), SESSION);
    expect(presence(again.last('session:view'), 'a')).toBe('waiting');

    const auto = await mediaCut(true);
    jest.advanceTimersByTime(SEAT_HOLD_MS + 1_500);
    const back = await auto.units.join(auto.units.person('a', 'Ana', 'client'), SESSION);
    expect(presence(back.last('session:view'), 'a')).toBe('admitted');
  });

  it('allows an ICE restart while reconnecting, and the recovered path brings the person back', async () => {
    const { units, doctor, ana, peer } = await mediaCut();
    const { iceParameters } = await units.media.restartIce(ana, 'a-send');
    expect(iceParameters).toMatchObject({ usernameFragment: 'u1' });
    peer.ice('connected');
    expect(presence(doctor.last('session:view'), 'a')).toBe('admitted');
    jest.advanceTimersByTime(SEAT_HOLD_MS + 1_500);
    expect(ana.all('seat:released')).toEqual([]);
    expect(presence(doctor.last('session:view'), 'a')).toBe('admitted');
  });

  it('stays reconnecting until every transport is connected again', async () => {
    const { doctor, peer } = await mediaCut();
    peer.ice('disconnected', 'recv');
    peer.ice('connected', 'send');
    expect(presence(doctor.last('session:view'), 'a')).toBe('reconnecting');
    peer.ice('completed', 'recv');
    expect(presence(doctor.last('session:view'), 'a')).toBe('admitted');
  });

  it('refuses an ICE restart from someone still in the waiting room', async () => {
    const units = liveUnits();
    await units.join(units.person('t', 'Dr Okafor', 'therapist'), SESSION);
    const ana = await units.join(units.person('a', 'Ana', 'client'), SESSION);
    await expect(units.media.restartIce(ana, 'x')).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('the guard around every timer and handler', () => {
  it('repairs a session whose view fails, and leaves the other sessions alone', async () => {
    const units = liveUnits();
    const doctor = await units.join(units.person('t', 'Dr Okafor', 'therapist'), SESSION);
    const ana = await units.join(units.person('a', 'Ana', 'client'), SESSION);
    const lee = await units.join(units.person('t2', 'Dr Lee', 'therapist'), OTHER);
    const hosted = units.registry.sessions.get(SESSION)!;
    // A connection left behind without a seat: the state the crash came from.
    hosted.live.leave('a');
    units.views.broadcast(hosted);
    expect(units.guard.faults).toBe(0);

    // A handler that throws inside the session's timer is logged with the session id only.
    const tick = hosted.live.tick.bind(hosted.live);
    let failures = 1;
    hosted.live.tick = (now) => {
      if (failures-- > 0) throw new TypeError('Ana broke the timer');
      return tick(now);
    };
    jest.advanceTimersByTime(1_000);
    expect(units.guard.faults).toBe(1);
    const [line] = units.lines.filter((l) => l['level'] === 'error');
    expect(line).toMatchObject({ msg: 'live tick failed', sessionId: SESSION });
    expect(JSON.stringify(line)).not.toContain('Ana');
    // The repair closed the seatless connection and the session carries on.
    expect(ana.last('seat:released')).toEqual({ reason: 'reset' });
    expect(units.registry.sessions.get(SESSION)).toBe(hosted);
    units.lobby.raiseHand(doctor);
    expect(doctor.last('session:view')?.participants[0]?.handPosition).toBe(1);
    // The other session never noticed.
    units.lobby.raiseHand(lee);
    expect(lee.last('session:view')?.participants[0]?.handPosition).toBe(1);
    expect(lee.all('seat:released')).toEqual([]);
  });

  it('closes a session that keeps failing, and only that one', async () => {
    const units = liveUnits();
    const doctor = await units.join(units.person('t', 'Dr Okafor', 'therapist'), SESSION);
    const lee = await units.join(units.person('t2', 'Dr Lee', 'therapist'), OTHER);
    const hosted = units.registry.sessions.get(SESSION)!;
    hosted.live.tick = () => {
      throw new TypeError('always');
    };
    jest.advanceTimersByTime(6_000);
    expect(units.registry.sessions.has(SESSION)).toBe(false);
    expect(doctor.last('seat:released')).toEqual({ reason: 'reset' });
    jest.advanceTimersByTime(CLOSE_AFTER_NOTICE_MS);
    expect(doctor.disconnected).toBe(true);
    const faults = units.guard.faults;
    jest.advanceTimersByTime(5_000);
    expect(units.guard.faults).toBe(faults);
    expect(units.registry.sessions.has(OTHER)).toBe(true);
    units.lobby.raiseHand(lee);
    expect(lee.last('session:view')?.participants[0]?.handPosition).toBe(1);
    // Joining again sets the closed session up afresh.
    const again = await units.join(units.person('t', 'Dr Okafor', 'therapist'), SESSION);
    expect(presence(again.last('session:view'), 't')).toBe('admitted');
  });
});

describe('coming back after a media cut', () => {
  it('gets the tracks published while away, once, and may rebuild a transport meanwhile', async () => {
    const units = liveUnits({ autoAdmitMembers: true });
    const doctor = await units.join(units.person('t', 'Dr Okafor', 'therapist'), SESSION);
    const ana = await units.join(units.person('a', 'Ana', 'client'), SESSION);
    for (const channel of [doctor, ana]) {
      await units.media.capabilities(channel);
      await units.media.ready(channel, { codecs: [] });
    }
    const anaPeer = units.peerOf(SESSION, 'a');
    anaPeer.ice('disconnected');
    // The therapist turns the camera on while Ana is away: nothing is sent to her yet.
    const doctorPeer = units.peerOf(SESSION, 't');
    const camera = new FakeProducer('cam-t', 'video', { peerId: 't', source: 'camera' });
    doctorPeer.producers.push(camera);
    units.rooms.get(SESSION)!.emit('newProducer', { peer: doctorPeer, producer: camera });
    await Promise.resolve();
    expect(ana.all('media:consumer:new')).toEqual([]);
    await expect(units.media.createTransport(ana, 'send')).resolves.toMatchObject({
      id: 'a-send',
    });
    anaPeer.ice('connected');
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
    expect(ana.all('media:consumer:new').map((c) => c.producerId)).toEqual(['cam-t']);
    // A second recovery does not make a second consumer of the same track.
    anaPeer.ice('disconnected');
    anaPeer.ice('connected');
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
    expect(anaPeer.consumers.filter((c) => c.producerId === 'cam-t')).toHaveLength(1);
  });
});
