import { useRef } from 'react';
import { featuredTileIndex, stageTiles } from '../call-state';
import { gridLayout } from '../grid-layout';
import { useCall } from '../hooks/useCall';
import { useElementSize } from '../hooks/useElementSize';
import { VideoTile } from './VideoTile';

/** The stage: every tile of one's room, placed by the grid layout, the speaker emphasised. */
export function VideoGrid() {
  const { state } = useCall();
  const ref = useRef<HTMLDivElement>(null);
  const size = useElementSize(ref);
  const tiles = stageTiles(state);
  const featured = featuredTileIndex(tiles);
  const layout = gridLayout({ count: tiles.length, ...size, featuredIndex: featured });
  return (
    <div ref={ref} className="video-grid" data-mode={layout.mode}>
      {tiles.map((tile, index) => {
        const rect = layout.tiles[index];
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
    </div>
  );
}
