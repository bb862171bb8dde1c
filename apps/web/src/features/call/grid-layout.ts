/** A box on the video stage, in CSS pixels from its top-left corner. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type GridMode = 'grid' | 'speaker';

export interface GridLayoutInput {
  /** How many tiles to place. */
  readonly count: number;
  /** The stage's size. */
  readonly width: number;
  readonly height: number;
  /** The tile to emphasise (the active speaker or a shared screen); null for an even grid. */
  readonly featuredIndex?: number | null;
  /** Space between tiles. */
  readonly gap?: number;
  /** The widest a tile may be, width over height: the camera's own shape. */
  readonly aspect?: number;
  /**
   * The narrowest a tile may be. Between the two, a tile takes its whole cell and the video is
   * cropped a little at the sides (object-fit: cover), so the tiles fill the stage rather than
   * leave bands of empty space above and below.
   */
  readonly minAspect?: number;
  /**
   * The narrowest a tile beside the featured one may be; below it the featured layout gives
   * way to an even grid, because a face smaller than this is no longer readable.
   */
  readonly minTileWidth?: number;
}

export interface GridLayout {
  readonly mode: GridMode;
  /** Columns and rows of the even grid (of the small tiles, in speaker mode). */
  readonly columns: number;
  readonly rows: number;
  /** One box per tile, in the order of the input. */
  readonly tiles: readonly Rect[];
}

export const defaultGap = 8;
export const defaultAspect = 16 / 9;
export const defaultMinAspect = 4 / 3;
export const defaultMinTileWidth = 96;
/** The share of the stage the small tiles get in speaker mode. */
const stripShare = { landscape: 0.26, portrait: 0.3 } as const;

interface EvenGrid {
  readonly columns: number;
  readonly rows: number;
  readonly tileWidth: number;
  readonly tileHeight: number;
}

interface Shape {
  readonly gap: number;
  readonly aspect: number;
  readonly minAspect: number;
}

/** The largest tile whose shape lies between `minAspect` and `aspect` in a cell. */
function tileIn(cellWidth: number, cellHeight: number, shape: Shape) {
  const width = Math.max(0, Math.floor(Math.min(cellWidth, cellHeight * shape.aspect)));
  const height = Math.max(0, Math.floor(Math.min(cellHeight, width / shape.minAspect)));
  return { width, height };
}

/** The column count that gives the largest tiles (by area) in a box. */
function bestEvenGrid(count: number, width: number, height: number, shape: Shape): EvenGrid {
  const { gap } = shape;
  let best: EvenGrid = { columns: 1, rows: Math.max(count, 1), tileWidth: 0, tileHeight: 0 };
  for (let columns = 1; columns <= Math.max(count, 1); columns += 1) {
    const rows = Math.ceil(count / columns);
    const cellWidth = (width - gap * (columns - 1)) / columns;
    const cellHeight = (height - gap * (rows - 1)) / rows;
    const tile = tileIn(cellWidth, cellHeight, shape);
    // Strictly larger only: with equal tiles, fewer columns leaves fewer empty cells.
    if (tile.width * tile.height > best.tileWidth * best.tileHeight) {
      best = { columns, rows, tileWidth: tile.width, tileHeight: tile.height };
    }
  }
  return best;
}

/** Tiles in rows, the whole block centred and an unfinished last row centred under the others. */
function placeEven(count: number, box: Rect, shape: Shape) {
  const { gap } = shape;
  const grid = bestEvenGrid(count, box.width, box.height, shape);
  const { columns, rows, tileWidth: w, tileHeight: h } = grid;
  const blockHeight = rows * h + (rows - 1) * gap;
  const top = box.y + (box.height - blockHeight) / 2;
  const tiles: Rect[] = [];
  for (let index = 0; index < count; index += 1) {
    const row = Math.floor(index / columns);
    const inRow = row === rows - 1 ? count - columns * (rows - 1) : columns;
    const rowWidth = inRow * w + (inRow - 1) * gap;
    const left = box.x + (box.width - rowWidth) / 2;
    const column = index % columns;
    tiles.push({
      x: Math.round(left + column * (w + gap)),
      y: Math.round(top + row * (h + gap)),
      width: w,
      height: h,
    });
  }
  return { grid, tiles };
}

/** The largest tile that fits in `box`, centred in it. */
function fitCentred(box: Rect, shape: Shape): Rect {
  const { width, height } = tileIn(box.width, box.height, shape);
  return {
    x: Math.round(box.x + (box.width - width) / 2),
    y: Math.round(box.y + (box.height - height) / 2),
    width,
    height,
  };
}

/**
 * Where each video tile goes on a stage of `width` × `height`. Without a featured tile (or with
 * fewer than three tiles) every tile gets the same size, the largest that fits, between 4:3 and
 * 16:9. With one, it
 * takes the main part of the stage and the others line up beside it (on a wide stage) or below
 * it (on a tall one), unless that would make them too small to read.
 */
export function gridLayout(input: GridLayoutInput): GridLayout {
  const count = Math.max(0, Math.floor(input.count));
  const width = Math.max(0, input.width);
  const height = Math.max(0, input.height);
  const gap = input.gap ?? defaultGap;
  const aspect = input.aspect ?? defaultAspect;
  const shape: Shape = {
    gap,
    aspect,
    minAspect: Math.min(aspect, input.minAspect ?? defaultMinAspect),
  };
  const minTileWidth = input.minTileWidth ?? defaultMinTileWidth;
  const stage: Rect = { x: 0, y: 0, width, height };
  const featured = input.featuredIndex ?? null;

  if (count === 0) return { mode: 'grid', columns: 0, rows: 0, tiles: [] };

  if (featured !== null && featured >= 0 && featured < count && count >= 3) {
    const landscape = width >= height;
    const main: Rect = landscape
      ? { x: 0, y: 0, width: Math.round(width * (1 - stripShare.landscape)) - gap, height }
      : { x: 0, y: 0, width, height: Math.round(height * (1 - stripShare.portrait)) - gap };
    const strip: Rect = landscape
      ? { x: main.width + gap, y: 0, width: width - main.width - gap, height }
      : { x: 0, y: main.height + gap, width, height: height - main.height - gap };
    const others = placeEven(count - 1, strip, shape);
    if (others.grid.tileWidth >= minTileWidth) {
      const big = fitCentred(main, shape);
      const tiles: Rect[] = [];
      let next = 0;
      for (let index = 0; index < count; index += 1) {
        tiles.push(index === featured ? big : (others.tiles[next++] as Rect));
      }
      return { mode: 'speaker', columns: others.grid.columns, rows: others.grid.rows, tiles };
    }
  }

  const even = placeEven(count, stage, shape);
  return { mode: 'grid', columns: even.grid.columns, rows: even.grid.rows, tiles: even.tiles };
}
