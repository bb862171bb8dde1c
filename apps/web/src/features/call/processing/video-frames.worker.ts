// Moves the camera's frames to the sent track, blurring or replacing the background on the way, in a worker
// of its own: the page's thread may be busy (segmentation, the call's UI) without a frame waiting
// for it. The mask comes from the page, as fresh as segmentation allows; each frame uses the
// latest one.
import { Compositor } from './video-compositor';
import { type BackgroundEffect, maskHeight, maskWidth } from './video-effect';
import type { FromFrames, ToFrames } from './video-frames-messages';

interface WorkerScope {
  postMessage(message: FromFrames, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToFrames>) => void) | null;
}
const scope = self as unknown as WorkerScope;

let effect: BackgroundEffect = 'none';
let wantMasks = false;
let mask: ImageBitmap | null = null;
let awaitingMask = false;
let nextMaskAt = 0;
let stopped = false;
let reader: ReadableStreamDefaultReader<VideoFrame> | null = null;
const output = new OffscreenCanvas(1, 1);
const compositor = new Compositor(output);
const small = new OffscreenCanvas(maskWidth, maskHeight);
const smallContext = small.getContext('2d');
const report = { framesIn: 0, framesOut: 0, frameMs: [] as number[], drawMs: [] as number[] };

/** The frame's pixels, reused from frame to frame; null once the browser cannot give them. */
let pixels: ImageData | null = new ImageData(1, 1);

/**
 * The frame as RGBA pixels, or the frame itself where that is not possible. Without a GPU,
 * converting a camera frame this way costs about half of drawing it on a canvas (measured in
 * headless Chromium: 4.8 against 10.2 ms for 640x360 on a busy machine).
 */
async function pixelsOf(frame: VideoFrame): Promise<VideoFrame | ImageData> {
  const rect = frame.visibleRect;
  if (
    !pixels ||
    !rect ||
    rect.width !== frame.displayWidth ||
    rect.height !== frame.displayHeight
  ) {
    return frame;
  }
  try {
    if (pixels.width !== rect.width || pixels.height !== rect.height) {
      pixels = new ImageData(rect.width, rect.height);
    }
    await frame.copyTo(pixels.data, { format: 'RGBA' } as VideoFrameCopyToOptions);
    return pixels;
  } catch {
    pixels = null;
    return frame;
  }
}

function requestMask(frame: VideoFrame) {
  if (!wantMasks || awaitingMask || !smallContext || performance.now() < nextMaskAt) return;
  awaitingMask = true;
  smallContext.drawImage(frame, 0, 0, maskWidth, maskHeight);
  const image = small.transferToImageBitmap();
  scope.postMessage({ type: 'segment', image }, [image]);
}

async function run(readable: ReadableStream<VideoFrame>, writable: WritableStream<VideoFrame>) {
  reader = readable.getReader();
  const writer = writable.getWriter();
  const timer = setInterval(() => {
    scope.postMessage({ type: 'frames', ...report });
    report.framesIn = 0;
    report.framesOut = 0;
    report.frameMs = [];
    report.drawMs = [];
  }, 500);
  try {
    for (;;) {
      const { value: frame, done } = await reader.read();
      if (done || stopped) {
        frame?.close();
        break;
      }
      const since = performance.now();
      report.framesIn += 1;
      if (effect === 'none') {
        await writer.write(frame);
      } else {
        const source = await pixelsOf(frame);
        compositor.draw(source, frame.displayWidth, frame.displayHeight, effect, mask);
        requestMask(frame);
        // The canvas hands its pixels over (no copy); it starts afresh with the next frame.
        const picture = output.transferToImageBitmap();
        const out = new VideoFrame(picture, { timestamp: frame.timestamp });
        picture.close();
        frame.close();
        report.drawMs.push(performance.now() - since);
        await writer.write(out);
      }
      report.framesOut += 1;
      report.frameMs.push(performance.now() - since);
    }
  } finally {
    clearInterval(timer);
    await writer.close().catch(() => undefined);
  }
}

scope.onmessage = (event) => {
  const message = event.data;
  switch (message.type) {
    case 'start':
      effect = message.effect;
      void run(message.readable, message.writable).catch(() => undefined);
      break;
    case 'effect':
      effect = message.effect;
      wantMasks = message.wantMasks;
      if (!wantMasks) {
        mask?.close();
        mask = null;
      }
      break;
    case 'image':
      compositor.setImage(message.image, message.bitmap);
      break;
    case 'mask':
      awaitingMask = false;
      nextMaskAt = performance.now() + message.pauseMs;
      if (message.mask) {
        mask?.close();
        mask = message.mask;
      }
      break;
    case 'stop':
      stopped = true;
      compositor.close();
      void reader?.cancel().catch(() => undefined);
      break;
  }
};
