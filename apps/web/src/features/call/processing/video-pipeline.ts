// The camera picture with its background blurred or replaced, as a track of its own: the call
// sends this track and the preview shows it, while the raw camera stays inside this page. Loaded
// only when someone chooses an effect (dynamic import), so the first page never carries it.
//
// With insertable streams (Chromium) the frames go through a worker (video-frames.worker.ts)
// and only segmentation runs on the page's thread, so however long it takes no frame waits for
// it: each frame uses the newest mask. Elsewhere a canvas on the page does both.
import { Compositor } from './video-compositor';
import {
  type BackgroundEffect,
  type BackgroundImage,
  isBackgroundImage,
  maskPauseMs,
  SlowDeviceWatch,
  slowReasons,
} from './video-effect';
import type { FromFrames, ToFrames } from './video-frames-messages';
import { loadBackgroundImage } from './video-images';
import { createSegmenter, type Segmenter } from './video-segmenter';

/**
 * Average time a frame may take before the device counts as too slow (ms): a 30 fps camera's
 * frame interval, beyond which frames are necessarily dropped.
 */
export const frameBudgetMs = 33;
/** How long without a fresh mask before the device counts as too slow (ms). */
export const maskLimitMs = 8000;

export interface PipelineStats {
  readonly framesIn: number;
  readonly framesOut: number;
  /** Time from each of the last frames' arrival to its processed copy's hand-over (ms). */
  readonly frameMs: readonly number[];
  /** Of that, the time each of the last processed frames spent being drawn (ms). */
  readonly drawMs: readonly number[];
  readonly masks: number;
  /** Time each of the last segmentations took (ms), oldest first. */
  readonly maskMs: readonly number[];
}

export interface BackgroundPipeline {
  /** What to send and preview. Stopping it stops the camera too. */
  readonly track: MediaStreamTrack;
  readonly effect: BackgroundEffect;
  setEffect(effect: BackgroundEffect): void;
  stats(): PipelineStats;
  stop(): void;
}

export interface PipelineOptions {
  /** The effect was turned off because this device cannot keep it up, or cannot run it. */
  onGiveUp(reason: string): void;
  /** Never give up for slowness (for measuring the effect's own cost; the call never sets it). */
  readonly keepGoing?: boolean;
}

// Insertable streams for video (Chromium); elsewhere the canvas path below.
interface TrackProcessor {
  readonly readable: ReadableStream<VideoFrame>;
}
interface TrackGenerator extends MediaStreamTrack {
  readonly writable: WritableStream<VideoFrame>;
}
interface InsertableStreams {
  MediaStreamTrackProcessor?: new (init: { track: MediaStreamTrack }) => TrackProcessor;
  MediaStreamTrackGenerator?: new (init: { kind: 'video' }) => TrackGenerator;
}

const keep = 300;
const remember = (list: number[], ...values: number[]) => {
  list.push(...values);
  if (list.length > keep) list.splice(0, list.length - keep);
};

/** Where frames are moved: the worker, or a canvas on this page. */
interface FramePath {
  readonly output: MediaStreamTrack;
  effect(effect: BackgroundEffect, wantMasks: boolean): void;
  /** A decoded background picture (taken over: the path closes it). */
  image(image: BackgroundImage, bitmap: ImageBitmap): void;
  /** The newest mask (null: none this time); ask for the next one `pauseMs` from now. */
  mask(mask: CanvasImageSource | null, pauseMs?: number): void;
  stop(): void;
}

interface PathEvents {
  /** A picture to find the person in, read at once. */
  segment(image: CanvasImageSource): void;
  frames(framesIn: number, framesOut: number, frameMs: number[], drawMs: number[]): void;
}

function workerPath(
  camera: MediaStreamTrack,
  effect: BackgroundEffect,
  streams: Required<InsertableStreams>,
  events: PathEvents,
): FramePath {
  const processor = new streams.MediaStreamTrackProcessor({ track: camera });
  const generator = new streams.MediaStreamTrackGenerator({ kind: 'video' });
  const worker = new Worker(new URL('./video-frames.worker.ts', import.meta.url));
  const post = (message: ToFrames, transfer: Transferable[] = []) =>
    worker.postMessage(message, transfer);
  worker.onmessage = (event: MessageEvent<FromFrames>) => {
    const message = event.data;
    if (message.type === 'segment') {
      events.segment(message.image);
      message.image.close();
    } else {
      events.frames(message.framesIn, message.framesOut, message.frameMs, message.drawMs);
    }
  };
  const { readable } = processor;
  const { writable } = generator;
  post({ type: 'start', readable, writable, effect }, [
    readable as unknown as Transferable,
    writable as unknown as Transferable,
  ]);
  return {
    output: generator,
    effect: (next, wantMasks) => post({ type: 'effect', effect: next, wantMasks }),
    image: (image, bitmap) => post({ type: 'image', image, bitmap }, [bitmap]),
    mask(mask, pauseMs = 0) {
      if (!mask) return post({ type: 'mask', mask: null, pauseMs });
      void createImageBitmap(mask).then(
        (bitmap) => post({ type: 'mask', mask: bitmap, pauseMs }, [bitmap]),
        () => post({ type: 'mask', mask: null, pauseMs }),
      );
    },
    stop() {
      post({ type: 'stop' });
      // Let the worker close the sent track's stream before it goes.
      setTimeout(() => worker.terminate(), 1000);
    },
  };
}

function canvasPath(
  camera: MediaStreamTrack,
  initial: BackgroundEffect,
  events: PathEvents,
): FramePath {
  let effect = initial;
  let wantMasks = false;
  let mask: CanvasImageSource | null = null;
  let awaitingMask = false;
  let nextMaskAt = 0;
  let stopped = false;
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([camera]);
  void video.play().catch(() => undefined);
  const canvas = document.createElement('canvas');
  const compositor = new Compositor(canvas);
  const fps = camera.getSettings().frameRate ?? 30;
  const output = canvas.captureStream(fps).getVideoTracks()[0]!;
  let timer = 0;
  const next = () => {
    if (stopped) return;
    if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(tick);
    else timer = window.setTimeout(tick, 1000 / fps);
  };
  const tick = () => {
    if (video.videoWidth > 0) {
      const since = performance.now();
      compositor.draw(video, video.videoWidth, video.videoHeight, effect, mask);
      if (wantMasks && !awaitingMask && since >= nextMaskAt) {
        awaitingMask = true;
        events.segment(video);
      }
      const took = performance.now() - since;
      events.frames(1, 1, [took], effect === 'none' ? [] : [took]);
    }
    next();
  };
  next();
  return {
    output,
    effect(nextEffect, nextWantMasks) {
      effect = nextEffect;
      wantMasks = nextWantMasks;
      if (!wantMasks) mask = null;
    },
    image: (image, bitmap) => compositor.setImage(image, bitmap),
    mask(found, pauseMs = 0) {
      awaitingMask = false;
      nextMaskAt = performance.now() + pauseMs;
      if (found) {
        mask = found;
        compositor.maskChanged();
      }
    },
    stop() {
      stopped = true;
      compositor.close();
      window.clearTimeout(timer);
      video.srcObject = null;
    },
  };
}

/** Starts processing `camera`; the effect can change while it runs ('none' passes frames on). */
export function startBackgroundPipeline(
  camera: MediaStreamTrack,
  initial: BackgroundEffect,
  options: PipelineOptions,
): BackgroundPipeline {
  let effect = initial;
  let stopped = false;
  let segmenter: Segmenter | null = null;
  let loading: Promise<void> | null = null;
  let watch = new SlowDeviceWatch(frameBudgetMs, maskLimitMs);
  const counts = { framesIn: 0, framesOut: 0, masks: 0 };
  const frameMs: number[] = [];
  const drawMs: number[] = [];
  const maskMs: number[] = [];
  // Assigned right below; the events only come once frames flow.
  let path: FramePath | null = null;

  const giveUp = (reason: string) => {
    if (effect === 'none') return;
    setEffect('none');
    options.onGiveUp(reason);
  };

  /** Pictures already handed to the frame path (it keeps them while it runs). */
  const images = new Set<BackgroundImage>();
  const ensureImage = (wanted: BackgroundEffect) => {
    if (!isBackgroundImage(wanted) || images.has(wanted)) return;
    images.add(wanted);
    loadBackgroundImage(wanted)
      .then((bitmap) => {
        if (stopped) return bitmap.close();
        path?.image(wanted, bitmap);
      })
      .catch((error: unknown) => {
        images.delete(wanted);
        if (effect === wanted) {
          giveUp(error instanceof Error ? error.message : 'the background picture did not load');
        }
      });
  };

  const ensureSegmenter = () => {
    if (segmenter || loading || stopped) return;
    loading = createSegmenter()
      .then((ready) => {
        if (stopped || effect === 'none') return ready.close();
        segmenter = ready;
        watch = new SlowDeviceWatch(frameBudgetMs, maskLimitMs);
        path?.effect(effect, true);
      })
      .catch((error: unknown) => {
        giveUp(error instanceof Error ? error.message : 'segmentation did not start');
      })
      .finally(() => {
        loading = null;
      });
  };

  const events: PathEvents = {
    segment(image) {
      const model = segmenter;
      if (!model) return path?.mask(null);
      const started = performance.now();
      model
        .segment(image)
        .then((found) => {
          if (segmenter !== model) return path?.mask(null);
          const took = performance.now() - started;
          counts.masks += 1;
          remember(maskMs, took);
          watch.mask(performance.now());
          path?.mask(found, maskPauseMs(took));
        })
        .catch((error: unknown) => {
          path?.mask(null);
          giveUp(error instanceof Error ? error.message : 'segmentation failed');
        });
    },
    frames(framesIn, framesOut, times, draws) {
      counts.framesIn += framesIn;
      counts.framesOut += framesOut;
      remember(frameMs, ...times);
      remember(drawMs, ...draws);
      if (effect === 'none' || !segmenter || options.keepGoing) return;
      const now = performance.now();
      for (const ms of times) {
        const slow = watch.frame(now, ms);
        if (slow) return giveUp(slowReasons[slow]);
      }
    },
  };

  function setEffect(next: BackgroundEffect) {
    effect = next;
    if (next === 'none') {
      segmenter?.close();
      segmenter = null;
    } else {
      watch = new SlowDeviceWatch(frameBudgetMs, maskLimitMs);
      ensureImage(next);
      ensureSegmenter();
    }
    path?.effect(next, next !== 'none' && segmenter !== null);
  }

  const streams = globalThis as unknown as InsertableStreams;
  path =
    streams.MediaStreamTrackProcessor && streams.MediaStreamTrackGenerator
      ? workerPath(camera, initial, streams as Required<InsertableStreams>, events)
      : canvasPath(camera, initial, events);
  const output = path.output;
  if (initial !== 'none') {
    ensureImage(initial);
    ensureSegmenter();
  }

  const stop = () => {
    if (stopped) return;
    stopped = true;
    path?.stop();
    camera.stop();
    segmenter?.close();
    segmenter = null;
  };
  // Whoever stops the sent track (the call, the preview) stops the camera and the model too.
  const stopOutput = output.stop.bind(output);
  output.stop = () => {
    stopOutput();
    stop();
  };
  camera.addEventListener('ended', () => output.stop());
  // The processed picture is still that camera's: the device pickers go by its id.
  const outputSettings = output.getSettings.bind(output);
  output.getSettings = () => ({ ...outputSettings(), deviceId: camera.getSettings().deviceId });

  return {
    track: output,
    get effect() {
      return effect;
    },
    setEffect,
    stats: () => ({ ...counts, frameMs: [...frameMs], drawMs: [...drawMs], maskMs: [...maskMs] }),
    stop: () => output.stop(),
  };
}
