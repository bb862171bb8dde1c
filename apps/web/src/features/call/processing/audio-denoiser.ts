import { loadRnnoise, RnnoiseWorkletNode } from '@sapphi-red/web-noise-suppressor';
// Vite copies these three files into the build's hashed assets: Hearth serves them itself
// (immutable, long-cached), no sound and no code comes from anywhere else.
import workletUrl from '@sapphi-red/web-noise-suppressor/rnnoiseWorklet.js?url';
import wasmUrl from '@sapphi-red/web-noise-suppressor/rnnoise.wasm?url';
import simdWasmUrl from '@sapphi-red/web-noise-suppressor/rnnoise_simd.wasm?url';

/** RNNoise works on 10 ms frames of 480 samples: the graph runs at 48 kHz whatever the device. */
export const denoiserSampleRate = 48_000;

let loaded: Promise<ArrayBuffer> | null = null;

/**
 * Fetches the RNNoise WebAssembly (the SIMD build where the browser has SIMD) once per page and
 * compiles it here first: a browser or policy that forbids WebAssembly fails now, not silently
 * inside the audio thread (whose processor would then only output silence).
 */
export function loadDenoiser(): Promise<ArrayBuffer> {
  loaded ??= (async () => {
    if (typeof AudioWorkletNode === 'undefined' || typeof WebAssembly === 'undefined') {
      throw new Error('AudioWorklet or WebAssembly is missing');
    }
    const binary = await loadRnnoise({ url: wasmUrl, simdUrl: simdWasmUrl });
    await WebAssembly.compile(binary);
    return binary;
  })();
  loaded.catch(() => {
    loaded = null;
  });
  return loaded;
}

/** Audio contexts wait for the person's first click or key where the browser wants one. */
const waiting = new Set<AudioContext>();
function resumeOnGesture(context: AudioContext) {
  if (context.state !== 'suspended') return;
  waiting.add(context);
  void context.resume().then(() => waiting.delete(context));
  const resumeAll = () => {
    for (const each of waiting) void each.resume();
    waiting.clear();
  };
  document.addEventListener('pointerdown', resumeAll, { once: true, capture: true });
  document.addEventListener('keydown', resumeAll, { once: true, capture: true });
}

export interface DenoisedTrack {
  /** The microphone after RNNoise, the track to send and to meter. */
  readonly track: MediaStreamTrack;
  /** Closes the graph (not the raw microphone). */
  stop(): void;
}

/** The raw microphone through RNNoise in an AudioWorklet, as a new track. */
export async function denoise(raw: MediaStreamTrack): Promise<DenoisedTrack> {
  const wasmBinary = await loadDenoiser();
  const context = new AudioContext({ sampleRate: denoiserSampleRate, latencyHint: 'interactive' });
  try {
    await context.audioWorklet.addModule(workletUrl);
    const source = context.createMediaStreamSource(new MediaStream([raw]));
    const node = new RnnoiseWorkletNode(context, { maxChannels: 1, wasmBinary });
    // One channel in: a microphone that arrives as stereo is mixed down rather than having its
    // unprocessed second channel silenced (which would halve the voice).
    node.channelCount = 1;
    node.channelCountMode = 'explicit';
    const destination = context.createMediaStreamDestination();
    destination.channelCount = 1;
    source.connect(node).connect(destination);
    const [track] = destination.stream.getAudioTracks();
    if (!track) throw new Error('the audio graph gave no track');
    resumeOnGesture(context);
    return {
      track,
      stop() {
        waiting.delete(context);
        source.disconnect();
        node.disconnect();
        node.destroy();
        track.stop();
        void context.close();
      },
    };
  } catch (error) {
    void context.close();
    throw error;
  }
}
