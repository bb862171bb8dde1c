import { closeSync, openSync, writeSync } from 'node:fs';

// A camera picture for Chromium's file-backed fake camera (--use-file-for-fake-video-capture):
// head and shoulders of a person (face with hair, eyes, brows, nose and mouth, a neck and a
// shirt) swaying a little in front of a wall of fine, high-contrast texture, 640x360 at 30 fps
// in the YUV4MPEG2 (I420) format Chromium reads. Only erasable TypeScript, so Node runs it as is
// (the benchmark imports it too).

export const videoWidth = 640;
export const videoHeight = 360;
export const videoFps = 30;
/** How far the person sways to either side (px). */
export const swayPx = 6;

type Rgb = readonly [number, number, number];
interface Ellipse {
  readonly cx: number;
  readonly cy: number;
  readonly rx: number;
  readonly ry: number;
}

const skin: Rgb = [222, 170, 138];
const hair: Rgb = [58, 40, 30];
const shirt: Rgb = [70, 96, 132];

/** Where the person stands when the sway is `dx`: the parts the picture is drawn from. */
export function personShape(dx = 0): {
  head: Ellipse;
  hair: Ellipse;
  torso: Ellipse;
  neck: { x0: number; x1: number; y0: number; y1: number };
} {
  const cx = videoWidth / 2 + dx;
  return {
    head: { cx, cy: 165, rx: 62, ry: 82 },
    hair: { cx, cy: 140, rx: 70, ry: 78 },
    torso: { cx, cy: 395, rx: 190, ry: 135 },
    neck: { x0: cx - 32, x1: cx + 32, y0: 225, y1: 280 },
  };
}

const inside = (e: Ellipse, x: number, y: number) =>
  ((x - e.cx) / e.rx) ** 2 + ((y - e.cy) / e.ry) ** 2 <= 1;
const depth = (e: Ellipse, x: number, y: number) =>
  1 - ((x - e.cx) / e.rx) ** 2 - ((y - e.cy) / e.ry) ** 2;
const shade = (c: Rgb, k: number): Rgb => [c[0] * k, c[1] * k, c[2] * k];

/** The wall: 3-pixel checks whose two colours drift across the picture (much fine detail). */
function wall(x: number, y: number): Rgb {
  const check = (Math.floor(x / 3) + Math.floor(y / 3)) & 1;
  const u = x / videoWidth;
  const v = y / videoHeight;
  return check
    ? [200 - 60 * v, 190 - 40 * u, 150 + 60 * u]
    : [60 + 40 * u, 70 + 50 * v, 50 + 30 * v];
}

/** The colour of one pixel of the picture with the person swayed by `dx`. */
export function pixel(x: number, y: number, dx: number): Rgb {
  const s = personShape(dx);
  const cx = s.head.cx;
  // Face details, relative to the head's centre.
  if (inside(s.head, x, y)) {
    const fx = x - cx;
    const fy = y - s.head.cy;
    for (const side of [-1, 1]) {
      const ex = side * 24;
      if (inside({ cx: ex, cy: -8, rx: 12, ry: 6 }, fx, fy)) {
        return inside({ cx: ex, cy: -8, rx: 5, ry: 5 }, fx, fy) ? [40, 30, 25] : [235, 235, 230];
      }
      if (Math.abs(fx - ex) < 15 && fy > -24 && fy < -19) return hair;
    }
    if (inside({ cx: 0, cy: 42, rx: 20, ry: 6 }, fx, fy)) return [165, 80, 78];
    if (Math.abs(fx) < 6 && fy > -2 && fy < 22) return shade(skin, 0.85 - fy * 0.004);
    if (fy < -35 && !inside({ cx: 0, cy: -20, rx: 58, ry: 56 }, fx, fy)) return hair;
    return shade(skin, 0.78 + 0.22 * Math.sqrt(Math.max(0, depth(s.head, x, y))));
  }
  // Ears.
  for (const side of [-1, 1]) {
    if (inside({ cx: cx + side * 62, cy: 170, rx: 9, ry: 18 }, x, y)) return shade(skin, 0.9);
  }
  if (inside(s.hair, x, y) && y < s.head.cy) return hair;
  if (x >= s.neck.x0 && x <= s.neck.x1 && y >= s.neck.y0 && y <= s.neck.y1) {
    return shade(skin, 0.8);
  }
  if (inside(s.torso, x, y)) {
    return shade(shirt, 0.75 + 0.25 * Math.sqrt(Math.max(0, depth(s.torso, x, y))));
  }
  return wall(x, y);
}

/** The sway of frame `i`: a slow back-and-forth over two seconds. */
export const swayAt = (i: number) => Math.round(swayPx * Math.sin((2 * Math.PI * i) / 60));

const clampByte = (n: number) => Math.max(0, Math.min(255, Math.round(n)));

/** One I420 frame (BT.601, limited range as Chromium expects from a camera). */
function i420Frame(dx: number): Buffer {
  const w = videoWidth;
  const h = videoHeight;
  const frame = Buffer.alloc((w * h * 3) / 2);
  const rgb = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [r, g, b] = pixel(x, y, dx);
      const i = (y * w + x) * 3;
      rgb[i] = r;
      rgb[i + 1] = g;
      rgb[i + 2] = b;
      frame[y * w + x] = clampByte(16 + 0.257 * r + 0.504 * g + 0.098 * b);
    }
  }
  const uOffset = w * h;
  const vOffset = uOffset + (w * h) / 4;
  for (let y = 0; y < h / 2; y++) {
    for (let x = 0; x < w / 2; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [ox, oy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const i = ((2 * y + oy) * w + 2 * x + ox) * 3;
        r += rgb[i]! / 4;
        g += rgb[i + 1]! / 4;
        b += rgb[i + 2]! / 4;
      }
      frame[uOffset + y * (w / 2) + x] = clampByte(128 - 0.148 * r - 0.291 * g + 0.439 * b);
      frame[vOffset + y * (w / 2) + x] = clampByte(128 + 0.439 * r - 0.368 * g - 0.071 * b);
    }
  }
  return frame;
}

/** Writes `frames` frames (a whole number of sways: Chromium loops the file) to `path`. */
export function writePersonVideo(path: string, frames = 60): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, `YUV4MPEG2 W${videoWidth} H${videoHeight} F${videoFps}:1 Ip A1:1 C420jpeg\n`);
    const cache = new Map<number, Buffer>();
    for (let i = 0; i < frames; i++) {
      const dx = swayAt(i);
      const frame = cache.get(dx) ?? i420Frame(dx);
      cache.set(dx, frame);
      writeSync(fd, 'FRAME\n');
      writeSync(fd, frame);
    }
  } finally {
    closeSync(fd);
  }
}

/** A rectangle of the picture, in pixels. */
export interface Region {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Where to look in a received picture (same 640x360 geometry): wall that the person never
 * covers, whatever the sway, and the person's face and shirt well inside their outline.
 */
export const regions: { background: Region[]; face: Region; shirt: Region } = {
  background: [
    { x: 16, y: 16, width: 150, height: 150 },
    { x: videoWidth - 166, y: 16, width: 150, height: 150 },
  ],
  face: { x: videoWidth / 2 - 36, y: 130, width: 72, height: 90 },
  shirt: { x: videoWidth / 2 - 90, y: 300, width: 180, height: 50 },
};
