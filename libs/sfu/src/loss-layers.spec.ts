import { CLEAN_SCORE, LossCap, RECOVER_MS } from './loss-layers';

// Scores are mediasoup's per stream of the producer, lowest layer first (r0, r1, r2).

describe('LossCap', () => {
  it('steps one layer down when the forwarded stream is lossy in two of three reports', () => {
    const cap = new LossCap();
    expect(cap.report([10, 10, 10], 2, 0)).toBeNull();
    expect(cap.report([10, 10, 8], 2, 1000)).toBeNull();
    expect(cap.report([10, 10, 10], 2, 2000)).toBeNull();
    expect(cap.report([9, 9, 7], 2, 3000)).toBe(1);
    // Still lossy at the new layer: one more step, never below the lowest.
    expect(cap.report([8, 8, 7], 2, 4000)).toBe(1);
    expect(cap.report([7, 8, 7], 2, 5000)).toBe(0);
    expect(cap.report([6, 6, 6], 2, 6000)).toBe(0);
    expect(cap.report([5, 5, 5], 2, 7000)).toBe(0);
  });

  it('does not take a stream the sender stopped sending (score 0) for loss', () => {
    const cap = new LossCap();
    for (let t = 0; t < 5; t += 1) expect(cap.report([10, 10, 0], 2, t * 1000)).toBeNull();
  });

  it('steps back up one layer once the layer above has been clean for the recovery time', () => {
    const cap = new LossCap();
    cap.report([9, 8, 8], 2, 0);
    expect(cap.report([9, 8, 8], 2, 1000)).toBe(1);
    expect(cap.report([10, CLEAN_SCORE, CLEAN_SCORE], 2, 2000)).toBe(1);
    // A lossy report in between starts the clean time again.
    expect(cap.report([10, 10, 8], 2, 2000 + RECOVER_MS - 1)).toBe(1);
    expect(cap.report([10, 10, 10], 2, 3000 + RECOVER_MS)).toBe(1);
    expect(cap.report([10, 10, 10], 2, 3000 + 2 * RECOVER_MS)).toBeNull();
  });

  it('keeps the tile as the ceiling: a tile that asks for less clears the cap', () => {
    const cap = new LossCap();
    cap.report([10, 10, 8], 2, 0);
    expect(cap.report([10, 10, 8], 2, 500)).toBe(1);
    expect(cap.report([10, 10, 8], 1, 1000)).toBeNull();
    // The lowest layer has nowhere to step to.
    const low = new LossCap();
    for (let t = 0; t < 4; t += 1) expect(low.report([5, 5, 5], 0, t)).toBeNull();
  });
});
