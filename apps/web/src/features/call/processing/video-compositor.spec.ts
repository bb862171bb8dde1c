import { describe, expect, it } from 'vitest';
import { coverRect } from './video-compositor';

describe('coverRect', () => {
  it('scales a picture of the same shape to the frame exactly', () => {
    expect(coverRect(1280, 720, 640, 360)).toEqual({ x: 0, y: 0, width: 640, height: 360 });
    expect(coverRect(1280, 720, 1920, 1080)).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
  });

  it('covers a narrower frame, cropping the sides evenly', () => {
    // A 4:3 camera: the 16:9 picture is as tall as the frame and wider than it.
    const r = coverRect(1280, 720, 640, 480);
    expect(r.height).toBe(480);
    expect(r.width).toBeCloseTo(853.33, 1);
    expect(r.x).toBeCloseTo(-106.67, 1);
    expect(r.y).toBe(0);
  });

  it('covers an upright frame (a phone held upright), centred', () => {
    const r = coverRect(1280, 720, 360, 640);
    expect(r.height).toBe(640);
    expect(r.x + r.width / 2).toBeCloseTo(180, 5);
    expect(r.x).toBeLessThan(0);
    expect(r.width).toBeGreaterThanOrEqual(360);
  });
});
