import { useRef, type CSSProperties } from 'react';
import type { StageTile } from '../call-state';
import { useTileSizeReport } from '../hooks/useTileSizeReport';
import { ConnectionIndicator } from './ConnectionIndicator';
import { TrackVideo } from './TrackVideo';

function initials(name: string): string {
  const letters = name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() ?? '');
  return (letters.length > 1 ? [letters[0], letters.at(-1)] : letters).join('');
}

/**
 * One person's video (or their name when the camera is off), with what they are doing. A
 * thumbnail is one's own video made small in the corner of the stage.
 */
export function VideoTile({
  tile,
  style,
  thumbnail = false,
}: {
  tile: StageTile;
  style: CSSProperties;
  thumbnail?: boolean;
}) {
  const ref = useRef<HTMLElement>(null);
  useTileSizeReport(ref, tile.consumerId);
  const { participant: p, isSelf, source } = tile;
  const name = isSelf ? `${p.displayName} (you)` : p.displayName;
  const screen = source === 'screen';
  return (
    <figure
      ref={ref}
      className={thumbnail ? 'video-tile video-tile--thumbnail' : 'video-tile'}
      style={style}
      data-testid={screen ? 'screen-tile' : 'video-tile'}
      data-participant-id={p.id}
      data-presence={p.presence}
      data-speaking={String(tile.speaking)}
      data-source={source}
      data-connection={tile.connection}
    >
      <TrackVideo
        track={tile.video}
        mirrored={isSelf && !screen}
        fit={screen ? 'contain' : 'cover'}
      />
      {tile.video ? null : (
        <div className="video-tile__card" aria-hidden="true">
          {initials(p.displayName)}
        </div>
      )}
      {tile.reconnecting ? <p className="video-tile__overlay">Reconnecting…</p> : null}
      <figcaption className="video-tile__caption">
        <span className="video-tile__name">{screen ? `${name}: shared screen` : name}</span>
        {!screen ? <ConnectionIndicator grade={tile.connection} isSelf={isSelf} /> : null}
        {!screen && p.handPosition !== null ? (
          <span className="video-tile__badge">Hand raised ({p.handPosition})</span>
        ) : null}
        {!screen && !p.microphoneOn ? (
          <span className="video-tile__badge">Microphone off</span>
        ) : null}
        {tile.videoUnshown ? (
          <span className="video-tile__badge">
            {screen ? 'Screen could not be shown' : 'Video could not be shown'}
          </span>
        ) : null}
        {tile.audioUnshown ? (
          <span className="video-tile__badge">Sound could not be played</span>
        ) : null}
        {!screen && tile.speaking ? <span className="visually-hidden">Speaking</span> : null}
      </figcaption>
    </figure>
  );
}
