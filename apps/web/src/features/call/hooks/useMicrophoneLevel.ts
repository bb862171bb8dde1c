import { useEffect, useState } from 'react';
import { createLevelMeter, defaultAudioContext } from '../call-client/level-meter';

/** The microphone's loudness, 0 to 1, ten times a second; 0 while it is off. */
export function useMicrophoneLevel(track: MediaStreamTrack | null, on: boolean): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    const createContext = defaultAudioContext();
    if (!track || !on || !createContext) return;
    let meter: ReturnType<typeof createLevelMeter>;
    try {
      meter = createLevelMeter(track, createContext);
    } catch {
      // No Web Audio for this track; the meter stays empty rather than breaking the page.
      return;
    }
    const timer = setInterval(() => setLevel(meter.read()), 100);
    return () => {
      clearInterval(timer);
      meter.stop();
    };
  }, [track, on]);
  return track && on ? level : 0;
}
