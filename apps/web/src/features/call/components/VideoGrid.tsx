import { useRef } from 'react';
import { featuredTileIndex, stageTiles } from '../call-state';
import type { StageLayout } from '../call-view-prefs';
import { gridLayout } from '../grid-layout';
import { useCall } from '../hooks/useCall';
import { useElementSize } from '../hooks/useElementSize';
import { VideoTile } from './VideoTile';

/**
 * The stage: every tile of one's room, placed by the grid layout. In the speaker layout the
 * speaker (or a shared screen) is large; in the grid everyone is the same size but a shared
 * screen. One's own video can be a small thumbnail in the corner instead of a tile of the grid.
 */
export function VideoGrid({
  layout = 'speaker',
  selfMinimised = false,
}: {
  layout?: StageLayout;
  selfMinimised?: boolean;
}) {
  const { state } = useCall();
  const ref = useRef<HTMLDivElement>(null);
  const size = useElementSize(ref);
  const all = stageTiles(state);
  const selfTile = selfMinimised
    ? all.find((t) => t.isSelf && t.source === 'camera' && all.length > 1)
    : undefined;
  const tiles = selfTile ? all.filter((t) => t !== selfTile) : all;
  const featured = featuredTileIndex(tiles, layout);
  const placed = gridLayout({ count: tiles.length, ...size, featuredIndex: featured });
  return (
    <div ref={ref} className="video-grid" data-mode={placed.mode}>
      {tiles.map((tile, index) => {
        const rect = placed.tiles[index];
        return (
          <VideoTile
            key={tile.key}
            tile={tile}
            style={
              rect && size.width > 0
                ? { left: rect.x, top: rect.y, width: rect.width, height: rect.height }
                : {}
            }
          />
        );
      })}
      {selfTile ? <VideoTile key={selfTile.key} tile={selfTile} style={{}} thumbnail /> : null}
    </div>
  );
}
