import { useEffect, useRef } from 'react';

/**
 * A <video> showing one track. Always rendered (hidden without a track), so that a tile keeps
 * one video element through camera changes. Muted: sound plays through separate audio elements.
 */
export function TrackVideo({
  track,
  mirrored = false,
  fit = 'cover',
}: {
  track: MediaStreamTrack | null;
  /** One's own camera shows as in a mirror. */
  mirrored?: boolean;
  /** A shared screen is shown whole; faces may be cropped to fill the tile. */
  fit?: 'cover' | 'contain';
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = track && typeof MediaStream !== 'undefined' ? new MediaStream([track]) : null;
  }, [track]);
  return (
    <video
      ref={ref}
      className="track-video"
      data-mirrored={mirrored || undefined}
      data-fit={fit}
      autoPlay
      playsInline
      muted
      hidden={!track}
    />
  );
}
