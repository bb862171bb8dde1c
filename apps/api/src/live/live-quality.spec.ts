import { type SessionView } from '@hearth/contracts';
import { GRADE_VIEW_INTERVAL_MS, QUALITY_INTERVAL_MS } from './live-quality.service';
import { FakeProducer, liveUnits, type FakePeer } from './testing/live-fakes';

// Connection quality with fakes and a fake clock: scores forwarded at most once a second, grades
// in everyone's view, and audio only held on the server across a reconnect.

const SESSION = 'session-1';

const entry = (view: SessionView | undefined, id: string) =>
  view?.participants.find((p) => p.id === id);

beforeEach(() => {
  jest.useFakeTimers({ now: new Date('2031-01-06T18:05:00Z') });
});

afterEach(() => {
  jest.useRealTimers();
});

async function flush() {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
}

function publish(
  units: ReturnType<typeof liveUnits>,
  peer: FakePeer,
  source: 'camera' | 'microphone',
) {
  const producer = new FakeProducer(
    `${source}-${peer.id}`,
    source === 'camera' ? 'video' : 'audio',
    {
      peerId: peer.id,
      source,
    },
  );
  peer.producers.push(producer);
  units.rooms.get(SESSION)!.emit('newProducer', { peer, producer });
  return producer;
}

async function call() {
  const units = liveUnits({ autoAdmitMembers: true });
  const doctor = await units.join(units.person('t', 'Dr Okafor', 'therapist'), SESSION);
  const ana = await units.join(units.person('a', 'Ana', 'client'), SESSION);
  for (const channel of [doctor, ana]) {
    await units.media.capabilities(channel);
    await units.media.ready(channel, { codecs: [] });
  }
  return { units, doctor, ana };
}

describe('connection quality', () => {
  it('forwards scores to each client at most once a second', async () => {
    const { units, ana } = await call();
    const peer = units.peerOf(SESSION, 'a');
    const camera = publish(units, peer, 'camera');
    for (const score of [10, 9, 8, 7]) {
      peer.emit('producerScore', { producerId: camera.id, source: 'camera', score });
    }
    jest.advanceTimersByTime(0);
    expect(ana.all('media:quality')).toEqual([
      { producers: [{ producerId: camera.id, score: 7 }], consumers: [] },
    ]);
    peer.emit('producerScore', { producerId: camera.id, source: 'camera', score: 6 });
    jest.advanceTimersByTime(QUALITY_INTERVAL_MS - 10);
    expect(ana.all('media:quality')).toHaveLength(1);
    jest.advanceTimersByTime(10);
    expect(ana.last('media:quality')?.producers).toEqual([{ producerId: camera.id, score: 6 }]);
    expect(units.guard.faults).toBe(0);
  });

  it('shows everyone who is on a poor connection, from scores and the reported downlink', async () => {
    const { units, doctor, ana } = await call();
    const peer = units.peerOf(SESSION, 'a');
    expect(entry(doctor.last('session:view'), 'a')?.connection).toBe('unknown');
    const camera = publish(units, peer, 'camera');
    const connectionOfAna = () => entry(doctor.last('session:view'), 'a')?.connection;
    peer.emit('producerScore', { producerId: camera.id, source: 'camera', score: 10 });
    expect(connectionOfAna()).toBe('good');
    // Changes within a second reach the views once, with the latest grade.
    const views = doctor.all('session:view').length;
    peer.emit('producerScore', { producerId: camera.id, source: 'camera', score: 6 });
    peer.emit('producerScore', { producerId: camera.id, source: 'camera', score: 3 });
    expect(connectionOfAna()).toBe('good');
    jest.advanceTimersByTime(GRADE_VIEW_INTERVAL_MS);
    expect(connectionOfAna()).toBe('poor');
    expect(doctor.all('session:view')).toHaveLength(views + 1);
    peer.emit('producerScore', { producerId: camera.id, source: 'camera', score: 10 });
    units.quality.downlink(ana, 120);
    jest.advanceTimersByTime(GRADE_VIEW_INTERVAL_MS);
    expect(connectionOfAna()).toBe('poor');
    units.quality.downlink(ana, 300);
    jest.advanceTimersByTime(GRADE_VIEW_INTERVAL_MS);
    expect(connectionOfAna()).toBe('fair');
    // An unchanged grade sends nobody a new view.
    const after = doctor.all('session:view').length;
    units.quality.downlink(ana, 320);
    jest.advanceTimersByTime(GRADE_VIEW_INTERVAL_MS);
    expect(doctor.all('session:view')).toHaveLength(after);
  });

  it('holds every video a person receives while audio only is on, across a reconnect', async () => {
    const { units, doctor, ana } = await call();
    const doctorPeer = units.peerOf(SESSION, 't');
    publish(units, doctorPeer, 'camera');
    publish(units, doctorPeer, 'microphone');
    await flush();
    const holdsOf = (peer: FakePeer) =>
      Object.fromEntries(peer.consumers.map((c) => [c.kind, [...c.holds].sort()]));
    expect(holdsOf(units.peerOf(SESSION, 'a'))).toEqual({ video: ['client'], audio: ['client'] });

    expect(await units.quality.audioOnly(ana, true)).toEqual({ audioOnly: true });
    expect(holdsOf(units.peerOf(SESSION, 'a'))).toEqual({
      video: ['audio-only', 'client'],
      audio: ['client'],
    });
    expect(entry(doctor.last('session:view'), 'a')?.audioOnly).toBe(true);

    // Ana's page reloads: a new connection, a new peer, new consumers — still audio only.
    const again = await units.join(units.person('a', 'Ana', 'client'), SESSION);
    await units.media.capabilities(again);
    await units.media.ready(again, { codecs: [] });
    expect(holdsOf(units.peerOf(SESSION, 'a'))).toEqual({
      video: ['audio-only', 'client'],
      audio: ['client'],
    });
    await units.quality.audioOnly(again, false);
    expect(holdsOf(units.peerOf(SESSION, 'a'))).toEqual({ video: ['client'], audio: ['client'] });
    expect(entry(doctor.last('session:view'), 'a')?.audioOnly).toBe(false);
  });

  it('shows therapists whose background is blurred, until it stops or they leave', async () => {
    const { units, doctor, ana } = await call();
    const ben = await units.join(units.person('b', 'Ben', 'client'), SESSION);
    const blurred = (view: SessionView | undefined, id: string) =>
      entry(view, id)?.backgroundProcessed;
    expect(blurred(doctor.last('session:view'), 'a')).toBe(false);

    expect(units.quality.background(ana, 'light')).toEqual({});
    expect(blurred(doctor.last('session:view'), 'a')).toBe(true);
    // Ana sees it of herself; another client does not see it of her.
    expect(blurred(ana.last('session:view'), 'a')).toBe(true);
    expect(blurred(ben.last('session:view'), 'a')).toBe(false);

    // From light to strong is still blurred: nobody gets a new view for it.
    const views = doctor.all('session:view').length;
    units.quality.background(ana, 'strong');
    expect(doctor.all('session:view')).toHaveLength(views);

    // The effect stopped (chosen off, or given up on a slow device).
    units.quality.background(ana, 'none');
    expect(blurred(doctor.last('session:view'), 'a')).toBe(false);

    // A new connection starts as captured until its page says otherwise.
    units.quality.background(ana, 'strong');
    const again = await units.join(units.person('a', 'Ana', 'client'), SESSION);
    expect(blurred(doctor.last('session:view'), 'a')).toBe(false);
    units.quality.background(again, 'strong');
    expect(blurred(doctor.last('session:view'), 'a')).toBe(true);
    units.hosting.leave(again);
    expect(blurred(doctor.last('session:view'), 'a')).toBeUndefined();
    expect(units.guard.faults).toBe(0);
  });

  it('refuses quality reports from the waiting room', async () => {
    const units = liveUnits();
    await units.join(units.person('t', 'Dr Okafor', 'therapist'), SESSION);
    const ana = await units.join(units.person('a', 'Ana', 'client'), SESSION);
    expect(() => units.quality.downlink(ana, 100)).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    await expect(units.quality.audioOnly(ana, true)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
