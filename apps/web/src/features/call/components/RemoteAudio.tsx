import { useEffect, useRef } from 'react';
import { audioTracks } from '../call-state';
import { useCall } from '../hooks/useCall';

/** Plays every remote voice; the elements are not shown. */
export function RemoteAudio() {
  const { state } = useCall();
  return (
    <div hidden>
      {audioTracks(state).map((t) => (
        <TrackAudio key={t.consumerId} track={t.track} />
      ))}
    </div>
  );
}

function TrackAudio({ track }: { track: MediaStreamTrack }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    const audio = ref.current;
    if (!audio || typeof MediaStream === 'undefined') return;
    audio.srcObject = new MediaStream([track]);
  }, [track]);
  return <audio ref={ref} autoPlay />;
}
