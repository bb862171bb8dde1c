import { describe, expect, it } from 'vitest';
import { fakeTrack, samId } from '../../../testing/fake-call';
import { createCallStore } from './call-store';
import { createQualityMonitor } from './quality-monitor';

function monitorOver(
  reports: Array<Array<Record<string, unknown>>>,
  paused: ReadonlySet<string> = new Set(),
) {
  const store = createCallStore();
  const downlinks: number[] = [];
  let clock = 0;
  const monitor = createQualityMonitor({
    store,
    readStats: async () => reports.shift() ?? null,
    reportDownlink: (kbps) => downlinks.push(kbps),
    pausedProducerIds: () => paused,
    now: () => clock,
  });
  store.setRemote([
    {
      consumerId: 'c-video',
      participantId: samId,
      kind: 'video',
      source: 'camera',
      track: fakeTrack('video'),
      paused: false,
    },
  ]);
  const tick = async () => {
    clock += 2000;
    await monitor.sample();
  };
  return { store, monitor, downlinks, tick };
}

const stats = (received: number, lost: number, bytes: number, rtt = 0.05) => [
  { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
  { id: 'P', type: 'candidate-pair', state: 'succeeded', currentRoundTripTime: rtt },
  {
    id: 'V',
    type: 'inbound-rtp',
    packetsReceived: received,
    packetsLost: lost,
    bytesReceived: bytes,
  },
];

describe('the quality monitor', () => {
  it('grades others by the scores of what they send, oneself by the worst signal', () => {
    const q = monitorOver([]);
    q.monitor.onScores({
      producers: [{ producerId: 'p1', score: 10 }],
      consumers: [{ consumerId: 'c-video', score: 9, producerScore: 3 }],
    });
    expect(q.store.state.quality.others).toEqual({ [samId]: 'poor' });
    expect(q.store.state.quality.self).toBe('good');
    q.monitor.onScores({
      producers: [{ producerId: 'p1', score: 5 }],
      consumers: [{ consumerId: 'c-video', score: 9, producerScore: 10 }],
    });
    expect(q.store.state.quality).toMatchObject({ self: 'fair', others: { [samId]: 'good' } });
  });

  it('offers audio only once the downlink cannot carry video, and reports the estimate', async () => {
    // 100 kbit/s arriving with 20 % loss: about what the link carries.
    const q = monitorOver([
      stats(1000, 0, 100_000),
      stats(1800, 200, 125_000),
      stats(2600, 400, 150_000),
    ]);
    await q.tick();
    expect(q.store.state.audioOnlyOffered).toBe(false);
    await q.tick();
    expect(q.downlinks).toEqual([100]);
    expect(q.store.state.quality.downlinkKbps).toBe(100);
    expect(q.store.state.audioOnlyOffered).toBe(true);
    expect(q.store.state.announcement?.text).toContain('audio only');
    q.monitor.declineOffer();
    await q.tick();
    expect(q.store.state.audioOnlyOffered).toBe(false);
  });

  it('offers audio only after poor readings in a row, not after one', async () => {
    const readings = [stats(0, 0, 0, 1.2)];
    for (let i = 1; i <= 5; i += 1) readings.push(stats(i * 1000, 0, i * 500_000, 1.2));
    const q = monitorOver(readings);
    await q.tick();
    await q.tick();
    expect(q.store.state.quality.self).toBe('poor');
    expect(q.store.state.audioOnlyOffered).toBe(false);
    await q.tick();
    await q.tick();
    expect(q.store.state.audioOnlyOffered).toBe(true);
  });

  it('leaves paused streams out: a muted microphone is not a poor connection', () => {
    const q = monitorOver([], new Set(['p-muted']));
    q.store.setRemote(q.store.state.remote.map((t) => ({ ...t, paused: true })));
    q.monitor.onScores({
      producers: [
        { producerId: 'p-muted', score: 0 },
        { producerId: 'p-camera', score: 9 },
      ],
      consumers: [{ consumerId: 'c-video', score: 0, producerScore: 0 }],
    });
    expect(q.store.state.quality).toMatchObject({ self: 'good', others: {} });
  });

  it('forgets everything when the media stops', async () => {
    const q = monitorOver([stats(1000, 0, 1000)]);
    q.monitor.onScores({ producers: [{ producerId: 'p', score: 2 }], consumers: [] });
    expect(q.store.state.quality.self).toBe('poor');
    q.monitor.stop();
    expect(q.store.state.quality).toEqual({ self: 'unknown', others: {}, downlinkKbps: null });
  });
});
