// The camera picture with its background blurred, as a track of its own: the call sends this
// track and the preview shows it, while the raw camera stays inside this page. Loaded only when
// someone chooses a blur (dynamic import), so the first page never carries it.
import { type BackgroundEffect, blurRadius, SlowDeviceWatch } from './video-effect';
import { createSegmenter, type Segmenter } from './video-segmenter';

/** Average time a frame may take before the device counts as too slow (ms). */
export const frameBudgetMs = 25;
/** How long without a fresh mask before the device counts as too slow (ms). */
export const maskLimitMs = 5000;

export interface PipelineStats {
  readonly framesIn: number;
  readonly framesOut: number;
  /** Time from each of the last frames' arrival to its processed copy's hand-over (ms). */
  readonly frameMs: readonly number[];
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

type Canvas = OffscreenCanvas | HTMLCanvasElement;
type Context = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

const keep = 300;
const remember = (list: number[], value: number) => {
  list.push(value);
  if (list.length > keep) list.splice(0, list.length - keep);
};

function context(canvas: Canvas): Context {
  const found = canvas.getContext('2d', { alpha: true }) as Context | null;
  if (!found) throw new Error('this browser offers no 2D canvas');
  return found;
}

/**
 * Draws one picture: the person from the mask over a blurred copy of the picture. The blur is
 * drawn small and scaled up (far cheaper than blurring every pixel, and as smooth); before the
 * first mask the whole picture is blurred, so the room never shows.
 */
class Compositor {
  private readonly small = new OffscreenCanvas(1, 1);
  private readonly smallContext = context(this.small);
  private readonly ctx: Context;

  constructor(readonly canvas: Canvas) {
    this.ctx = context(canvas);
  }

  draw(
    frame: CanvasImageSource,
    width: number,
    height: number,
    effect: BackgroundEffect,
    mask: CanvasImageSource | null,
  ) {
    const { canvas, ctx } = this;
    if (canvas.width !== width || canvas.height !== height) {
      canvas.width = width;
      canvas.height = height;
    }
    ctx.filter = 'none';
    if (effect === 'none') {
      ctx.globalCompositeOperation = 'copy';
      ctx.drawImage(frame, 0, 0, width, height);
      return;
    }
    const scale = effect === 'strong' ? 4 : 2;
    const sw = Math.max(1, Math.round(width / scale));
    const sh = Math.max(1, Math.round(height / scale));
    if (this.small.width !== sw || this.small.height !== sh) {
      this.small.width = sw;
      this.small.height = sh;
    }
    const radius = (blurRadius[effect] * (width / 640)) / scale;
    // Drawn a little larger than the canvas, so the blur does not fade in at the edges.
    const pad = Math.ceil(radius * 2);
    this.smallContext.filter = `blur(${radius}px)`;
    this.smallContext.drawImage(frame, -pad, -pad, sw + 2 * pad, sh + 2 * pad);
    if (mask) {
      ctx.globalCompositeOperation = 'copy';
      ctx.drawImage(mask, 0, 0, width, height);
      ctx.globalCompositeOperation = 'source-in';
      ctx.drawImage(frame, 0, 0, width, height);
      ctx.globalCompositeOperation = 'destination-over';
    } else {
      ctx.globalCompositeOperation = 'copy';
    }
    ctx.drawImage(this.small, 0, 0, width, height);
  }
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
  let mask: CanvasImageSource | null = null;
  let segmenting = false;
  let watch = new SlowDeviceWatch(frameBudgetMs, maskLimitMs);
  const counts = { framesIn: 0, framesOut: 0, masks: 0 };
  const frameMs: number[] = [];
  const maskMs: number[] = [];

  const giveUp = (reason: string) => {
    if (effect === 'none') return;
    effect = 'none';
    mask = null;
    segmenter?.close();
    segmenter = null;
    options.onGiveUp(reason);
  };

  const ensureSegmenter = () => {
    if (segmenter || loading) return;
    loading = createSegmenter()
      .then((ready) => {
        if (stopped || effect === 'none') return ready.close();
        segmenter = ready;
        watch = new SlowDeviceWatch(frameBudgetMs, maskLimitMs);
      })
      .catch((error: unknown) => {
        giveUp(error instanceof Error ? error.message : 'segmentation did not start');
      })
      .finally(() => {
        loading = null;
      });
  };

  /** Starts finding the person in this picture unless the model is still busy with one. */
  const segmentSoon = (frame: CanvasImageSource) => {
    const model = segmenter;
    if (!model || segmenting) return;
    segmenting = true;
    const started = performance.now();
    model
      .segment(frame)
      .then((found) => {
        if (segmenter !== model) return;
        mask = found;
        counts.masks += 1;
        remember(maskMs, performance.now() - started);
        watch.mask(performance.now());
      })
      .catch((error: unknown) => {
        giveUp(error instanceof Error ? error.message : 'segmentation failed');
      })
      .finally(() => {
        segmenting = false;
      });
  };

  /** One picture drawn; `since` is when the frame arrived, for the per-frame time. */
  const process = (
    frame: CanvasImageSource,
    width: number,
    height: number,
    c: Compositor,
    since: number,
  ) => {
    const current = effect;
    if (current !== 'none') ensureSegmenter();
    c.draw(frame, width, height, current, current === 'none' ? null : mask);
    if (current !== 'none') segmentSoon(frame);
    return performance.now() - since;
  };

  /** Counts a frame that went out; gives up when this device proved too slow. */
  const sent = (took: number) => {
    counts.framesOut += 1;
    remember(frameMs, took);
    if (effect !== 'none' && segmenter && watch.frame(performance.now(), took)) {
      giveUp('this device is too slow to blur the background without making the picture stutter');
    }
  };

  const streams = globalThis as unknown as InsertableStreams;
  let output: MediaStreamTrack;
  let stopInput: () => void;
  if (streams.MediaStreamTrackProcessor && streams.MediaStreamTrackGenerator) {
    const processor = new streams.MediaStreamTrackProcessor({ track: camera });
    const generator = new streams.MediaStreamTrackGenerator({ kind: 'video' });
    const reader = processor.readable.getReader();
    const writer = generator.writable.getWriter();
    const compositor = new Compositor(new OffscreenCanvas(1, 1));
    stopInput = () => void reader.cancel().catch(() => undefined);
    output = generator;
    void (async () => {
      for (;;) {
        const { value: frame, done } = await reader.read();
        if (done || stopped) {
          frame?.close();
          break;
        }
        const since = performance.now();
        counts.framesIn += 1;
        if (effect === 'none' && !segmenter) {
          await writer.write(frame);
        } else {
          process(frame, frame.displayWidth, frame.displayHeight, compositor, since);
          const out = new VideoFrame(compositor.canvas, { timestamp: frame.timestamp });
          frame.close();
          await writer.write(out);
        }
        sent(performance.now() - since);
      }
      await writer.close().catch(() => undefined);
    })().catch(() => undefined);
  } else {
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = new MediaStream([camera]);
    void video.play().catch(() => undefined);
    const canvas = document.createElement('canvas');
    const compositor = new Compositor(canvas);
    const fps = camera.getSettings().frameRate ?? 30;
    output = canvas.captureStream(fps).getVideoTracks()[0]!;
    let timer = 0;
    const next = () => {
      if (stopped) return;
      if ('requestVideoFrameCallback' in video) video.requestVideoFrameCallback(tick);
      else timer = window.setTimeout(tick, 1000 / fps);
    };
    const tick = () => {
      if (video.videoWidth > 0) {
        counts.framesIn += 1;
        sent(process(video, video.videoWidth, video.videoHeight, compositor, performance.now()));
      }
      next();
    };
    next();
    stopInput = () => {
      window.clearTimeout(timer);
      video.srcObject = null;
    };
  }

  const stop = () => {
    if (stopped) return;
    stopped = true;
    stopInput();
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
    setEffect(next) {
      effect = next;
      if (next === 'none') {
        mask = null;
        segmenter?.close();
        segmenter = null;
      } else {
        watch = new SlowDeviceWatch(frameBudgetMs, maskLimitMs);
      }
    },
    stats: () => ({ ...counts, frameMs: [...frameMs], maskMs: [...maskMs] }),
    stop: () => output.stop(),
  };
}
