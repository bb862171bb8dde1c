import { describe, expect, it } from 'vitest';
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
