import { describe, expect, it } from 'vitest';
import { levelFromSamples } from './level-meter';

describe('the microphone level', () => {
  it('is zero for silence and grows with loudness, up to one', () => {
    expect(levelFromSamples(new Uint8Array(256).fill(128))).toBe(0);
    const quiet = Uint8Array.from({ length: 256 }, (_, i) => (i % 2 ? 132 : 124));
    const loud = Uint8Array.from({ length: 256 }, (_, i) => (i % 2 ? 200 : 56));
    expect(levelFromSamples(quiet)).toBeGreaterThan(0);
    expect(levelFromSamples(quiet)).toBeLessThan(levelFromSamples(loud));
    expect(levelFromSamples(loud)).toBe(1);
    expect(levelFromSamples([])).toBe(0);
  });
});
