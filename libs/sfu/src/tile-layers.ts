/** The size of the tile a client shows a remote video in, as the client reports it. */
export interface TileSize {
  /** Tile width in CSS pixels. */
  readonly width: number;
  /** Tile height in CSS pixels. */
  readonly height: number;
  /**
   * `window.devicePixelRatio` of the client (default 1): a Retina tile needs twice the pixels.
   * Counted up to {@link MAX_TILE_PIXEL_RATIO} only.
   */
  readonly devicePixelRatio?: number;
  /** False when the tile is hidden, collapsed or scrolled off screen (default true). */
  readonly visible?: boolean;
}

/** Pixel size of one simulcast layer, lowest first. */
export interface LayerSize {
  readonly width: number;
  readonly height: number;
}

/** What a consumer should receive for a tile: a layer pair, or nothing at all. */
export type LayerChoice =
  | { readonly kind: 'pause' }
  | { readonly kind: 'layers'; readonly spatialLayer: number; readonly temporalLayer: number };

/**
 * The camera ladder the web client publishes (scaleResolutionDownBy 4, 2, 1 of a 1280×720
 * capture), lowest layer first.
 */
export const CAMERA_LAYER_SIZES: readonly LayerSize[] = [
  { width: 320, height: 180 },
  { width: 640, height: 360 },
  { width: 1280, height: 720 },
];

/**
 * The highest devicePixelRatio a tile's size is multiplied by. Phones report 3 (some 3.5), which
 * would turn a 169×125 grid tile into 507×375 device pixels and so into the 720p layer, sent to a
 * thumbnail on the smallest screen and the weakest network in the call. At twice the CSS size a
 * video already looks sharp on such a screen.
 */
export const MAX_TILE_PIXEL_RATIO = 2;

/** Highest temporal layer of the camera encodings (L1T3: 7.5, 15 and 30 fps). */
export const CAMERA_MAX_TEMPORAL_LAYER = 2;

/**
 * Maps a tile to the smallest simulcast layer that fills it in device pixels, so nobody downloads
 * 720p for a thumbnail and a large tile never looks blurred. A tile that is not visible (or has
 * no area) pauses the consumer, which saves the whole stream.
 *
 * Both dimensions must fit because tiles crop the video to fill (object-fit: cover): a square tile
 * needs a layer at least as tall as the tile. The frame rate is never lowered: in therapy small
 * tiles still show faces, and a face at 7 fps loses the expressions a therapist reads.
 */
export function layersForTile(
  tile: TileSize,
  layers: readonly LayerSize[] = CAMERA_LAYER_SIZES,
  maxTemporalLayer: number = CAMERA_MAX_TEMPORAL_LAYER,
): LayerChoice {
  const { width, height, visible = true } = tile;
  if (!visible || !(width > 0) || !(height > 0) || layers.length === 0) return { kind: 'pause' };
  const ratio = tile.devicePixelRatio;
  // A missing or absurd ratio is treated as a plain screen rather than trusted.
  const scale =
    ratio !== undefined && Number.isFinite(ratio) && ratio > 0
      ? Math.min(ratio, MAX_TILE_PIXEL_RATIO)
      : 1;
  // Rounded so layout fractions (320.4 px) do not push a tile into the next layer.
  const needWidth = Math.round(width * scale);
  const needHeight = Math.round(height * scale);
  const fitting = layers.findIndex(
    (layer) => layer.width >= needWidth && layer.height >= needHeight,
  );
  return {
    kind: 'layers',
    spatialLayer: fitting === -1 ? layers.length - 1 : fitting,
    temporalLayer: maxTemporalLayer,
  };
}
