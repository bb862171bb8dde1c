// The background effect of this browser's camera: the choice (remembered per device), the
// pipelines that apply it to captured cameras, and what to tell the person when it had to stop.
// The processing code itself is a separate chunk, fetched only once an effect is chosen.
import { type BackgroundEffect, loadBackgroundEffect, saveBackgroundEffect } from './video-effect';
import type { BackgroundPipeline } from './video-pipeline';

export interface BackgroundState {
  readonly effect: BackgroundEffect;
  /** Why the effect was turned off, in words for the person, or null. */
  readonly message: string | null;
}

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

let state: BackgroundState | null = null;
const listeners = new Set<() => void>();
/** The pipeline behind each processed track that is still running. */
const pipelines = new WeakMap<MediaStreamTrack, BackgroundPipeline>();

const current = (): BackgroundState =>
  (state ??= { effect: loadBackgroundEffect(storage()), message: null });

function update(next: BackgroundState) {
  state = next;
  saveBackgroundEffect(storage(), next.effect);
  for (const listener of listeners) listener();
}

/** The effect was given up: it is off from now on, and the person is told why. */
function fallBack(reason: string) {
  update({ effect: 'none', message: `Background effect is off: ${reason}.` });
}

/** For useSyncExternalStore. */
export const backgroundStore = {
  get: current,
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  },
};

/** The camera as it should be sent: itself, or its processed picture if an effect is chosen. */
export async function processCamera(camera: MediaStreamTrack): Promise<MediaStreamTrack> {
  const { effect } = current();
  if (effect === 'none') return camera;
  try {
    const { startBackgroundPipeline } = await import('./video-pipeline');
    const pipeline = startBackgroundPipeline(camera, effect, { onGiveUp: fallBack });
    pipelines.set(pipeline.track, pipeline);
    return pipeline.track;
  } catch (error) {
    fallBack(error instanceof Error ? error.message : 'it could not start in this browser');
    return camera;
  }
}

/** Captured tracks with any camera among them processed. */
export const processCameraTracks = (tracks: MediaStreamTrack[]): Promise<MediaStreamTrack[]> =>
  Promise.all(tracks.map((t) => (t.kind === 'video' ? processCamera(t) : t)));

/**
 * Remembers a new choice and applies it to `camera` when that is already processed. Returns
 * true when the camera must be captured again to apply it (it was sent as it is).
 */
export function chooseBackground(effect: BackgroundEffect, camera: MediaStreamTrack | null) {
  update({ effect, message: null });
  const pipeline = camera ? pipelines.get(camera) : undefined;
  if (pipeline) {
    pipeline.setEffect(effect);
    return false;
  }
  return camera !== null && effect !== 'none';
}
