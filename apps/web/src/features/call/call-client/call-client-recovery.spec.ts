import type { Participant } from '@hearth/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  cleo,
  cleoId,
  consumerFor,
  createFakeCall,
  samId,
  sam,
  sessionView,
  settle,
  therapist,
} from '../../../testing/fake-call';
import { stageTiles } from '../call-state';
import { memoryPreferences } from './audio-only';
import { networkBlocksMedia } from './media-errors';

async function joinedAs(self: Participant, others: Participant[], options = {}) {
  const call = createFakeCall((live) => {
    live.answer('session:join', {
      data: { view: sessionView(self.id, [self, ...others]), chat: [], agenda: null },
    });
  }, options);
  await call.client.startPreview();
  await call.client.join();
  await settle();
  return call;
}

describe('the call coming back by itself', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('restarts ICE again and again while the media is cut, and says so until it is back', async () => {
    const call = await joinedAs(cleo, [therapist]);
    vi.useFakeTimers();
    const recv = call.media.device.recv;
    recv.changeState('disconnected');
    await vi.advanceTimersByTimeAsync(0);
    expect(call.client.getSnapshot().mediaReconnecting).toBe(true);
    expect(call.client.getSnapshot().announcement?.text).toBe(
      'Your audio and video are reconnecting.',
    );
    await vi.advanceTimersByTimeAsync(1000 + 1500 + 2000 * 5);
    expect(call.live().sent('media:transport:restart-ice')).toHaveLength(8);
    expect(recv.iceRestarts).toHaveLength(8);
    // About 15 s without media: the network may be what blocks it.
    expect(call.client.getSnapshot().mediaProblem).toBe(networkBlocksMedia);

    recv.changeState('connected');
    const state = call.client.getSnapshot();
    expect(state.mediaReconnecting).toBe(false);
    expect(state.mediaProblem).toBeNull();
    expect(state.phase).toBe('in-call');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(call.live().sent('media:transport:restart-ice')).toHaveLength(8);
  });

  it('waits for the signalling while it is down: rejoining redoes the media anyway', async () => {
    const call = await joinedAs(cleo, [therapist]);
    vi.useFakeTimers();
    const live = call.live();
    live.drop();
    call.media.device.send.changeState('failed');
    await vi.advanceTimersByTimeAsync(5000);
    expect(live.sent('media:transport:restart-ice')).toEqual([]);
    live.restore();
    await vi.advanceTimersByTimeAsync(0);
    await settle();
    expect(live.sent('session:join')).toHaveLength(2);
    expect(call.media.devices).toHaveLength(2);
    expect(call.client.getSnapshot().mediaReconnecting).toBe(false);
  });

  it('rejoins through the waiting room after the seat was let go', async () => {
    let released = false;
    const call = createFakeCall((live) => {
      const self = released ? { ...cleo, presence: 'waiting' as const } : cleo;
      live.answer('session:join', {
        data: { view: sessionView(cleoId, [self, therapist]), chat: [], agenda: null },
      });
    });
    await call.client.join();
    await settle();
    const first = call.live();
    const firstDevice = call.media.device;
    released = true;
    first.server('seat:released', { reason: 'hold_expired' });
    const during = call.client.getSnapshot();
    expect(during.rejoining).toBe(true);
    expect(during.remote).toEqual([]);
    expect(firstDevice.transports.every((t) => t.closed)).toBe(true);
    expect(first.closed).toBe(true);

    await settle();
    const second = call.live();
    expect(second).not.toBe(first);
    expect(second.sent('session:join')).toHaveLength(1);
    const after = call.client.getSnapshot();
    expect(after.phase).toBe('waiting');
    expect(after.rejoining).toBe(false);
    expect(after.announcement?.text).toContain('waiting room');
  });

  it('goes straight back in when the course admits by itself', async () => {
    const call = await joinedAs(cleo, [therapist]);
    call.live().server('seat:released', { reason: 'hold_expired' });
    await settle();
    const state = call.client.getSnapshot();
    expect(state.phase).toBe('in-call');
    expect(state.media).toBe('live');
    expect(call.media.devices).toHaveLength(2);
    expect(state.announcement?.text).toBe('Reconnected.');
  });

  it('tries a failed media set-up again, then says what happened in plain words', async () => {
    const call = createFakeCall((live) => {
      live.answer('session:join', {
        data: { view: sessionView(cleoId, [cleo]), chat: [], agenda: null },
      });
      live.refuse('media:transport:create', 'internal', 'Error: transport closed [sdp]');
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.useFakeTimers();
    await call.client.join();
    await vi.advanceTimersByTimeAsync(0);
    expect(call.client.getSnapshot().mediaReconnecting).toBe(true);
    expect(call.client.getSnapshot().mediaProblem).toBeNull();
    await vi.advanceTimersByTimeAsync(2000 + 5000);
    const state = call.client.getSnapshot();
    expect(call.live().sent('media:capabilities')).toHaveLength(3);
    expect(state.mediaProblem?.summary).toBe('Your audio and video could not be set up.');
    expect(JSON.stringify(state)).not.toContain('sdp');
    expect(warn).toHaveBeenCalled();

    call.live().answer('media:transport:create', (p) => ({
      data: { id: `${p.direction}-t`, iceParameters: {}, iceCandidates: [], dtlsParameters: {} },
    }));
    await call.client.retryMedia();
    await vi.advanceTimersByTimeAsync(0);
    expect(call.client.getSnapshot().media).toBe('live');
    expect(call.client.getSnapshot().mediaProblem).toBeNull();
    warn.mockRestore();
  });
});

describe('audio only and the connection indicator', () => {
  it('tells the server, keeps the choice on the device, and shows names instead of video', async () => {
    const preferences = memoryPreferences();
    const call = await joinedAs(cleo, [sam], { preferences });
    call.live().server('media:consumer:new', consumerFor(samId, 'video'));
    await settle();
    expect(stageTiles(call.client.getSnapshot()).find((t) => !t.isSelf)?.video).not.toBeNull();

    await call.client.setAudioOnly(true);
    expect(call.live().sent('media:audio-only')).toEqual([{ enabled: true }]);
    expect(preferences.audioOnly()).toBe(true);
    expect(stageTiles(call.client.getSnapshot()).find((t) => !t.isSelf)?.video).toBeNull();

    // The next call on this device starts audio only, and says so once the media is up.
    const next = await joinedAs(cleo, [sam], { preferences });
    expect(next.client.getSnapshot().audioOnly).toBe(true);
    expect(next.live().sent('media:audio-only')).toEqual([{ enabled: true }]);
  });

  it('tells the server whether the camera goes out blurred, again on a new call', async () => {
    let effect: 'none' | 'light' | 'strong' = 'light';
    const listeners = new Set<() => void>();
    const background = {
      get: () => ({ effect }),
      subscribe(listener: () => void) {
        listeners.add(listener);
        return () => void listeners.delete(listener);
      },
    };
    const choose = (next: typeof effect) => {
      effect = next;
      for (const listener of listeners) listener();
    };
    const call = await joinedAs(cleo, [sam], { background });
    expect(call.live().sent('media:background')).toEqual([{ effect: 'light' }]);
    choose('strong');
    // Given up on a slow device: the effect is off.
    choose('none');
    choose('none');
    await settle();
    expect(call.live().sent('media:background')).toEqual([
      { effect: 'light' },
      { effect: 'strong' },
      { effect: 'none' },
    ]);
    call.client.dispose();
    choose('light');
    expect(call.live().sent('media:background')).toHaveLength(3);
    expect(listeners.size).toBe(0);

    const next = await joinedAs(cleo, [sam], { background });
    expect(next.live().sent('media:background')).toEqual([{ effect: 'light' }]);
  });

  it('grades each tile from the server’s scores and offers audio only on a weak downlink', async () => {
    vi.useFakeTimers();
    const call = await joinedAs(cleo, [sam], { qualityIntervalMs: 2000 });
    const live = call.live();
    live.server('media:consumer:new', consumerFor(samId, 'video'));
    await vi.advanceTimersByTimeAsync(0);
    live.server('media:quality', {
      producers: [{ producerId: 'producer-1', score: 10 }],
      consumers: [
        { consumerId: `consumer-${samId.slice(0, 4)}-video`, score: 9, producerScore: 2 },
      ],
    });
    const tiles = stageTiles(call.client.getSnapshot());
    expect(tiles.find((t) => t.participant.id === samId)?.connection).toBe('poor');
    expect(tiles.find((t) => t.isSelf)?.connection).toBe('good');

    const recv = call.media.device.recv;
    const at = (received: number, lost: number, bytes: number) => [
      { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
      { id: 'P', type: 'candidate-pair', state: 'succeeded', currentRoundTripTime: 0.05 },
      {
        id: 'V',
        type: 'inbound-rtp',
        packetsReceived: received,
        packetsLost: lost,
        bytesReceived: bytes,
      },
    ];
    recv.stats = at(1000, 0, 100_000);
    await vi.advanceTimersByTimeAsync(2000);
    recv.stats = at(1800, 200, 125_000);
    await vi.advanceTimersByTimeAsync(2000);
    expect(live.sent('media:downlink')).toEqual([{ kbps: 100 }]);
    expect(call.client.getSnapshot().audioOnlyOffered).toBe(true);
    call.client.declineAudioOnly();
    expect(call.client.getSnapshot().audioOnlyOffered).toBe(false);
    call.client.dispose();
  });
});
