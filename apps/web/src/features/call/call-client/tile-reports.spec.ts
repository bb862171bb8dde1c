import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTileReporter } from './tile-reports';

describe('tile-size reports', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the first size at once, then the latest at most once per interval', () => {
    const sent: string[] = [];
    const tiles = createTileReporter((id, w, h) => sent.push(`${id} ${w}x${h}`), 500);
    tiles.report('a', 640.4, 360.6);
    tiles.report('a', 320, 180);
    tiles.report('b', 100, 50);
    expect(sent).toEqual(['a 640x361', 'b 100x50']);
    vi.advanceTimersByTime(500);
    expect(sent).toEqual(['a 640x361', 'b 100x50', 'a 320x180']);
    vi.advanceTimersByTime(5000);
    expect(sent).toHaveLength(3);
  });

  it('never sends an unchanged size twice, and clamps to what the server accepts', () => {
    const sent: string[] = [];
    const tiles = createTileReporter((id, w, h) => sent.push(`${w}x${h}`), 500);
    tiles.report('a', 10_000, -5);
    vi.advanceTimersByTime(600);
    tiles.report('a', 8192, 0);
    expect(sent).toEqual(['8192x0']);
  });

  it('forgets a closed video', () => {
    const sent: string[] = [];
    const tiles = createTileReporter((id, w, h) => sent.push(`${w}x${h}`), 500);
    tiles.report('a', 10, 10);
    tiles.report('a', 20, 20);
    tiles.forget('a');
    vi.advanceTimersByTime(600);
    expect(sent).toEqual(['10x10']);
  });
});
