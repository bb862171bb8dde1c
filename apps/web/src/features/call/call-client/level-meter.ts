/**
 * A loudness between 0 and 1 from an AnalyserNode's time-domain bytes (silence is 128): the
 * root mean square, scaled so that ordinary speech fills most of the meter.
 */
export function levelFromSamples(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i += 1) {
    const centred = ((samples[i] ?? 128) - 128) / 128;
    sum += centred * centred;
  }
  const rms = Math.sqrt(sum / samples.length);
  return Math.min(1, rms * 4);
}

export interface LevelMeter {
  /** The current level, 0 to 1. */
  read(): number;
  stop(): void;
}

/** Web Audio in the browser; absent in tests and old browsers, where the meter shows nothing. */
export type AudioContextFactory = () => AudioContext;

export function defaultAudioContext(): AudioContextFactory | null {
  return typeof AudioContext === 'undefined' ? null : () => new AudioContext();
}

/** Measures a microphone track through an AnalyserNode, for the pre-join level meter. */
export function createLevelMeter(
  track: MediaStreamTrack,
  createContext: AudioContextFactory,
): LevelMeter {
  const context = createContext();
  const source = context.createMediaStreamSource(new MediaStream([track]));
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);
  const samples = new Uint8Array(analyser.fftSize);
  return {
    read() {
      analyser.getByteTimeDomainData(samples);
      return levelFromSamples(samples);
    },
    stop() {
      source.disconnect();
      void context.close();
    },
  };
}
