import { describe, expect, it } from 'vitest';
import { downlinkEstimate, readingBetween, statsSample } from './transport-stats';

const report = (
  received: number,
  lost: number,
  bytes: number,
  extra: Record<string, unknown> = {},
) => [
  { id: 'T01', type: 'transport', selectedCandidatePairId: 'CP1' },
  { id: 'CP1', type: 'candidate-pair', state: 'succeeded', currentRoundTripTime: 0.085, ...extra },
  { id: 'CP2', type: 'candidate-pair', state: 'failed', currentRoundTripTime: 3 },
  {
    id: 'IA',
    type: 'inbound-rtp',
    kind: 'audio',
    packetsReceived: received / 2,
    packetsLost: lost / 2,
    bytesReceived: bytes / 2,
  },
  {
    id: 'IV',
    type: 'inbound-rtp',
    kind: 'video',
    packetsReceived: received / 2,
    packetsLost: lost / 2,
    bytesReceived: bytes / 2,
  },
];

describe('transport statistics', () => {
  it('sums the incoming streams and reads the selected pair', () => {
    const sample = statsSample(
      report(1000, 10, 500_000, { availableIncomingBitrate: 2_400_000 }),
      0,
    );
    expect(sample).toEqual({
      at: 0,
      packetsReceived: 1000,
      packetsLost: 10,
      bytesReceived: 500_000,
      roundTripMs: 85,
      availableIncomingKbps: 2400,
    });
  });

  it('measures loss and throughput between two readings', () => {
    const first = statsSample(report(1000, 0, 100_000), 0);
    const second = statsSample(report(1900, 100, 150_000), 2000);
    const reading = readingBetween(first, second);
    expect(reading.lossPercent).toBeCloseTo(10);
    expect(reading.receivedKbps).toBe(200);
    expect(readingBetween(null, second).lossPercent).toBeNull();
    // Counters that went back belong to a new set-up.
    expect(readingBetween(second, first).receivedKbps).toBeNull();
  });

  it('estimates the downlink from the browser, or from what arrives while losing packets', () => {
    const base = { roundTripMs: 50, receivedKbps: 120, lossPercent: 12 };
    expect(downlinkEstimate({ ...base, availableIncomingKbps: 900 }, true)).toBe(900);
    expect(downlinkEstimate({ ...base, availableIncomingKbps: null }, true)).toBe(120);
    expect(downlinkEstimate({ ...base, availableIncomingKbps: null }, false)).toBeNull();
    expect(
      downlinkEstimate({ ...base, lossPercent: 1, availableIncomingKbps: null }, true),
    ).toBeNull();
  });
});
