import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import {
  consumerFor,
  FakeLive,
  FakeMedia,
  fakeTrack,
  samId,
  sessionId,
  settle,
} from '../../../testing/fake-call';
import { createCallStore } from './call-store';
import { createMediaSession, type MediaSessionDeps } from './media-session';
import type { MediaTransport } from './media-types';
import { receiveAttempts, receiveRetryMs } from './remote-consumers';
import { createSignallingSession } from './signalling-session';

function mediaOver(
  setUp: (live: FakeLive) => void = () => undefined,
  extra: Partial<MediaSessionDeps> = {},
) {
  const store = createCallStore();
  const fakes = new FakeMedia();
  let live: FakeLive | undefined;
  const failures: unknown[] = [];
  const states: string[] = [];
  const signalling = createSignallingSession({
    sessionId,
    store,
    timeoutMs: 1000,
    auth: { accessToken: () => 'a', renew: async () => true },
    connect(options) {
      live = new FakeLive(options);
      setUp(live);
      return live;
    },
    wire: () => undefined,
    onConnected: () => undefined,
    fail: () => undefined,
  });
  const media = createMediaSession({
    store,
    signalling,
    timeoutMs: 1000,
    tileReportMs: 500,
    createDevice: () => fakes.createDevice(),
    onFailed: (error) => failures.push(error),
    onTransportState: (_t: MediaTransport, state) => states.push(state),
    ...extra,
  });
  store.set({ phase: 'in-call' });
  return { store, fakes, media, failures, states, live: () => live as FakeLive };
}

describe('the media session', () => {
  it('sets up a device and two transports, then sends the local tracks', async () => {
    const m = mediaOver();
    const microphone = fakeTrack('audio');
    const camera = fakeTrack('video');
    m.store.setLocal({ microphone, camera, cameraOn: false });
    await m.media.start();
    expect(m.store.state.media).toBe('live');
    const device = m.fakes.device;
    expect(device.transports.map((t) => t.direction)).toEqual(['send', 'recv']);
    expect(device.send.produced.map((p) => [p.kind, p.paused])).toEqual([
      ['audio', false],
      ['video', true],
    ]);
    expect(m.media.producer('camera')?.track).toBe(camera);
  });

  it('sends a camera and microphone that were ready only after joining, once each', async () => {
    const m = mediaOver();
    // Joined while the browser was still starting the devices (or asking for permission).
    await m.media.start();
    expect(m.store.state.media).toBe('live');
    expect(m.fakes.device.send.produced).toEqual([]);
    m.store.setLocal({ camera: fakeTrack('video'), cameraOn: true });
    m.media.offerOwn('camera');
    m.media.offerOwn('camera');
    m.store.setLocal({ microphone: fakeTrack('audio'), microphoneOn: false });
    m.media.offerOwn('microphone');
    await settle();
    expect(m.fakes.device.send.produced.map((p) => [p.kind, p.paused])).toEqual([
      ['video', false],
      ['audio', true],
    ]);
    // Already sent: a later offer changes nothing.
    m.media.offerOwn('camera');
    await settle();
    expect(m.fakes.device.send.produced).toHaveLength(2);
    expect(m.failures).toEqual([]);
  });

  it('does not send a late track before the media is live', () => {
    const m = mediaOver();
    m.store.setLocal({ camera: fakeTrack('video') });
    m.media.offerOwn('camera');
    expect(m.fakes.devices).toEqual([]);
  });

  it('consumes tracks that arrive during the set-up once it is live', async () => {
    const m = mediaOver();
    const started = m.media.start();
    void m.media.onConsumer(consumerFor(samId, 'video'));
    expect(m.store.state.remote).toEqual([]);
    await started;
    await settle();
    expect(m.store.state.remote.map((t) => t.participantId)).toEqual([samId]);
    expect(m.live().sent('media:consumer:resume')).toHaveLength(1);
    m.media.dropConsumer(m.store.state.remote[0]?.consumerId ?? '');
    expect(m.store.state.remote).toEqual([]);
  });

  it('drops an old set-up’s answers when torn down meanwhile', async () => {
    const m = mediaOver();
    const started = m.media.start();
    m.media.teardown();
    await started;
    await settle();
    expect(m.store.state.media).toBe('off');
    expect(m.failures).toEqual([]);
  });

  it('reports a failed set-up and passes transport states on', async () => {
    const m = mediaOver((live) => live.refuse('media:capabilities', 'forbidden', 'Not admitted'));
    await m.media.start();
    expect(m.store.state.media).toBe('failed');
    expect(m.failures).toEqual([expect.objectContaining({ code: 'forbidden' })]);

    const ok = mediaOver();
    await ok.media.start();
    ok.fakes.device.recv.changeState('disconnected');
    expect(ok.states).toEqual(['disconnected']);
    expect(await ok.media.restartIce(ok.fakes.device.recv)).toBe(true);
    expect(ok.fakes.device.recv.iceRestarts).toHaveLength(1);
  });
});

describe('receiving a remote track that fails', () => {
  const samVideo = consumerFor(samId, 'video');
  let warn: MockInstance<typeof console.warn>;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    vi.useRealTimers();
    warn.mockRestore();
  });

  async function live() {
    const m = mediaOver();
    await m.media.start();
    return m;
  }

  /** Lets every retry of a receive run out. */
  const waitOutRetries = () =>
    vi.advanceTimersByTimeAsync(receiveRetryMs * receiveAttempts * receiveAttempts);

  it('logs a failed consume and tries again shortly, then shows the track', async () => {
    const m = await live();
    m.fakes.device.recv.failingConsumes = 1;
    const received = m.media.onConsumer(samVideo);
    await vi.advanceTimersByTimeAsync(0);
    expect(m.store.state.remote).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith(
      '[call] camera receive, try 1 of 3:',
      'Error',
      'consume refused',
    );
    await vi.advanceTimersByTimeAsync(receiveRetryMs);
    await received;
    expect(m.store.state.remote.map((t) => [t.consumerId, t.participantId])).toEqual([
      [samVideo.id, samId],
    ]);
    expect(m.live().sent('media:consumer:resume')).toEqual([{ consumerId: samVideo.id }]);
    expect(m.store.state.unshown).toEqual([]);
  });

  it('marks the track unshown when every try fails, and logs each one', async () => {
    const m = await live();
    m.fakes.device.recv.failingConsumes = Infinity;
    const received = m.media.onConsumer(samVideo);
    await waitOutRetries();
    await received;
    expect(warn).toHaveBeenCalledTimes(receiveAttempts);
    expect(m.store.state.remote).toEqual([]);
    expect(m.store.state.unshown).toEqual([
      { consumerId: samVideo.id, participantId: samId, kind: 'video', source: 'camera' },
    ]);
    expect(m.live().sent('media:consumer:resume')).toEqual([]);
    // The server closes the consumer (say the camera went off): the mark goes with it.
    m.media.dropConsumer(samVideo.id);
    expect(m.store.state.unshown).toEqual([]);
  });

  it('drops a consumer whose resume keeps failing rather than leave a frozen tile', async () => {
    const m = await live();
    m.live().refuse('media:consumer:resume', 'not_found', 'No such consumer');
    const received = m.media.onConsumer(samVideo);
    await waitOutRetries();
    await received;
    // Made once here, resumed on every try, then closed.
    expect(m.fakes.device.recv.consumed).toHaveLength(1);
    expect(m.fakes.device.recv.consumed[0]?.closed).toBe(true);
    expect(m.live().sent('media:consumer:resume')).toHaveLength(receiveAttempts);
    expect(m.store.state.remote).toEqual([]);
    expect(m.store.state.unshown.map((t) => t.consumerId)).toEqual([samVideo.id]);
  });

  it('stops trying once the set-up is torn down or the server closed the consumer', async () => {
    const m = await live();
    m.fakes.device.recv.failingConsumes = Infinity;
    const torn = m.media.onConsumer(samVideo);
    await vi.advanceTimersByTimeAsync(0);
    m.media.teardown();
    await waitOutRetries();
    await torn;
    expect(warn).toHaveBeenCalledTimes(1);
    expect(m.store.state.unshown).toEqual([]);

    const again = await live();
    again.fakes.device.recv.failingConsumes = Infinity;
    const closed = again.media.onConsumer(samVideo);
    await vi.advanceTimersByTimeAsync(0);
    again.media.dropConsumer(samVideo.id);
    await waitOutRetries();
    await closed;
    expect(again.store.state.unshown).toEqual([]);
  });
});
