import { describe, expect, it } from 'vitest';
import { gridLayout, type Rect } from './grid-layout';

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function expectSound(tiles: readonly Rect[], width: number, height: number) {
  for (const [i, tile] of tiles.entries()) {
    expect(tile.x).toBeGreaterThanOrEqual(0);
    expect(tile.y).toBeGreaterThanOrEqual(0);
    expect(tile.x + tile.width).toBeLessThanOrEqual(width);
    expect(tile.y + tile.height).toBeLessThanOrEqual(height);
    // Every tile is between 4:3 and the camera's 16:9: faces are cropped a little, never squashed.
    expect(tile.width / tile.height).toBeGreaterThanOrEqual(4 / 3 - 0.02);
    expect(tile.width / tile.height).toBeLessThanOrEqual(16 / 9 + 0.02);
    for (const other of tiles.slice(i + 1)) expect(overlaps(tile, other)).toBe(false);
  }
}

describe('the even video grid', () => {
  // On a 1280×720 laptop stage, the shape of the grid for 1 to 13 people.
  const expected: Record<number, [number, number]> = {
    1: [1, 1],
    2: [2, 1],
    3: [2, 2],
    4: [2, 2],
    5: [3, 2],
    6: [3, 2],
    7: [3, 3],
    8: [3, 3],
    9: [3, 3],
    10: [4, 3],
    11: [4, 3],
    12: [4, 3],
    13: [4, 4],
  };

  for (let count = 1; count <= 13; count += 1) {
    it(`places ${count} tile${count === 1 ? '' : 's'} without overlap, all readable`, () => {
      const layout = gridLayout({ count, width: 1280, height: 720 });
      expect(layout.mode).toBe('grid');
      expect([layout.columns, layout.rows]).toEqual(expected[count]);
      expect(layout.tiles).toHaveLength(count);
      expectSound(layout.tiles, 1280, 720);
      // All the same size, and never smaller than a readable face even at 13.
      expect(new Set(layout.tiles.map((t) => `${t.width}x${t.height}`)).size).toBe(1);
      expect(layout.tiles[0]?.width).toBeGreaterThanOrEqual(280);
    });
  }

  // The stage a 1280×800 window leaves with a side panel and the agenda open, a 1024×768 one,
  // and a phone's 375 px screen held upright.
  const stages = [
    { name: 'a laptop with a panel open', width: 695, height: 500, minWidth: 150 },
    { name: 'a small laptop with a panel open', width: 538, height: 470, minWidth: 120 },
    { name: 'a phone', width: 343, height: 487, minWidth: 100 },
  ];
  for (const stage of stages) {
    it(`fills the stage of ${stage.name} with readable tiles, 2 to 13 people`, () => {
      for (let count = 2; count <= 13; count += 1) {
        const layout = gridLayout({ count, width: stage.width, height: stage.height });
        expectSound(layout.tiles, stage.width, stage.height);
        expect(Math.min(...layout.tiles.map((t) => t.width))).toBeGreaterThanOrEqual(
          stage.minWidth,
        );
        // The tiles cover at least half the stage: no bands of empty space around a thin row.
        const covered = layout.tiles.reduce((sum, t) => sum + t.width * t.height, 0);
        const cells = layout.columns * layout.rows;
        expect(covered / ((stage.width * stage.height * count) / cells)).toBeGreaterThan(0.5);
      }
    });
  }

  it('gives three people on a laptop two rows of large tiles, not a thin column', () => {
    const layout = gridLayout({ count: 3, width: 695, height: 500 });
    expect([layout.columns, layout.rows]).toEqual([2, 2]);
    expect(layout.tiles[0]?.width).toBeGreaterThanOrEqual(320);
    // Taller than 16:9 would allow, so the two rows fill the height.
    expect(layout.tiles[0]?.height).toBeGreaterThan(Math.floor(343 / (16 / 9)));
  });

  it('keeps exactly 16:9 when asked for one shape only', () => {
    const layout = gridLayout({ count: 3, width: 695, height: 500, minAspect: 16 / 9 });
    for (const tile of layout.tiles)
      expect(Math.abs(tile.width / tile.height - 16 / 9)).toBeLessThan(0.02);
  });

  it('stacks two people on a phone held upright', () => {
    const layout = gridLayout({ count: 2, width: 390, height: 700 });
    expect([layout.columns, layout.rows]).toEqual([1, 2]);
    expectSound(layout.tiles, 390, 700);
  });

  it('centres an unfinished last row under the others', () => {
    const layout = gridLayout({ count: 5, width: 1280, height: 720, gap: 8 });
    const [a, b, c, d, e] = layout.tiles as Rect[];
    expect(a?.y).toBe(b?.y);
    expect(d?.y).toBe(e?.y);
    const rowMid = ((d as Rect).x + (e as Rect).x + (e as Rect).width) / 2;
    expect(Math.abs(rowMid - 640)).toBeLessThanOrEqual(1);
    expect((c as Rect).x + (c as Rect).width).toBeLessThanOrEqual(1280);
  });

  it('places nothing on an empty or unmeasured stage without failing', () => {
    expect(gridLayout({ count: 0, width: 800, height: 600 }).tiles).toEqual([]);
    const unmeasured = gridLayout({ count: 3, width: 0, height: 0 });
    expect(unmeasured.tiles).toHaveLength(3);
    expect(unmeasured.tiles.every((t) => t.width === 0)).toBe(true);
  });
});

describe('active-speaker emphasis', () => {
  it('gives the speaker the main part of a wide stage and lines the others up beside it', () => {
    const layout = gridLayout({ count: 6, width: 1280, height: 720, featuredIndex: 2 });
    expect(layout.mode).toBe('speaker');
    expectSound(layout.tiles, 1280, 720);
    const speaker = layout.tiles[2] as Rect;
    const others = layout.tiles.filter((_, i) => i !== 2);
    for (const tile of others) {
      expect(tile.width * tile.height).toBeLessThan((speaker.width * speaker.height) / 4);
      expect(tile.x).toBeGreaterThan(speaker.x + speaker.width);
    }
  });

  it('puts the others below the speaker on a tall stage', () => {
    const layout = gridLayout({ count: 4, width: 390, height: 760, featuredIndex: 0 });
    expect(layout.mode).toBe('speaker');
    expectSound(layout.tiles, 390, 760);
    const speaker = layout.tiles[0] as Rect;
    for (const tile of layout.tiles.slice(1)) {
      expect(tile.y).toBeGreaterThan(speaker.y + speaker.height);
    }
  });

  it('keeps the speaker larger than in the even grid, from 3 to 13 people', () => {
    for (let count = 3; count <= 13; count += 1) {
      const even = gridLayout({ count, width: 1280, height: 720 });
      const layout = gridLayout({ count, width: 1280, height: 720, featuredIndex: 0 });
      expect(layout.mode).toBe('speaker');
      expectSound(layout.tiles, 1280, 720);
      expect(layout.tiles[0]?.width).toBeGreaterThan(even.tiles[0]?.width ?? 0);
      // The small tiles stay readable.
      expect(Math.min(...layout.tiles.slice(1).map((t) => t.width))).toBeGreaterThanOrEqual(96);
    }
  });

  it('gives way to an even grid when the small tiles would be too small to read', () => {
    const layout = gridLayout({ count: 13, width: 390, height: 700, featuredIndex: 4 });
    expect(layout.mode).toBe('grid');
    expectSound(layout.tiles, 390, 700);
    expect(layout.tiles[4]?.width).toBe(layout.tiles[0]?.width);
  });

  it('does not emphasise with only two people, or with no speaker', () => {
    expect(gridLayout({ count: 2, width: 1280, height: 720, featuredIndex: 1 }).mode).toBe('grid');
    expect(gridLayout({ count: 5, width: 1280, height: 720, featuredIndex: null }).mode).toBe(
      'grid',
    );
    expect(gridLayout({ count: 5, width: 1280, height: 720, featuredIndex: 9 }).mode).toBe('grid');
  });
});
