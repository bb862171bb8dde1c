import { logMediaError } from '../call-client/media-errors';
import type { NoiseSuppressor } from '../call-client/media-types';

// The browser's noise suppressor for the call client. The RNNoise code, its worklet and its
// WebAssembly load only when a microphone is first processed (a lazy chunk, then two files).

type Denoiser = typeof import('./audio-denoiser');

let module: Promise<Denoiser> | null = null;
const denoiser = (): Promise<Denoiser> => {
  module ??= import('./audio-denoiser');
  module.catch(() => {
    module = null;
  });
  return module;
};

/** Each sent track made here, with the raw microphone behind it and its graph's stop. */
const processed = new WeakMap<MediaStreamTrack, { raw: MediaStreamTrack; stop(): void }>();

export const browserNoiseSuppressor: NoiseSuppressor = {
  async load() {
    try {
      await (await denoiser()).loadDenoiser();
      return true;
    } catch (error) {
      logMediaError('noise suppression unavailable', error);
      return false;
    }
  },
  async apply(raw) {
    const { track, stop } = await (await denoiser()).denoise(raw);
    processed.set(track, { raw, stop });
    return track;
  },
  rawOf: (track) => processed.get(track)?.raw ?? track,
  stop(track) {
    const entry = processed.get(track);
    if (!entry) return track.stop();
    processed.delete(track);
    entry.stop();
    entry.raw.stop();
  },
};
