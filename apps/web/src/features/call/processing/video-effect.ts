// What a person chose to do with the background of their camera picture, remembered per device,
// and the rule that turns the effect off when this device cannot keep up. Pure: no media here.

/** The calm pictures Hearth ships to put behind the person (backgrounds/*.webp). */
export const backgroundImages = ['room', 'plants', 'gradient'] as const;
export type BackgroundImage = (typeof backgroundImages)[number];

export const backgroundEffects = ['none', 'light', 'strong', ...backgroundImages] as const;
export type BackgroundEffect = (typeof backgroundEffects)[number];
export type BlurEffect = 'light' | 'strong';

export const backgroundLabels: Record<BackgroundEffect, string> = {
  none: 'As it is',
  light: 'Light blur',
  strong: 'Strong blur',
  room: 'Soft-lit room',
  plants: 'Wall of plants',
  gradient: 'Evening colours',
};

export const isBackgroundImage = (effect: BackgroundEffect): effect is BackgroundImage =>
  (backgroundImages as readonly string[]).includes(effect);

/**
 * What the server is told about the camera that goes out: blurred, replaced by a picture (which
 * one is nobody else's business), or as captured.
 */
export function reportedEffect(effect: BackgroundEffect): BlurEffect | 'image' | 'none' {
  return isBackgroundImage(effect) ? 'image' : effect;
}

const storageKey = 'hearth.camera.background';

export const isBackgroundEffect = (value: unknown): value is BackgroundEffect =>
  typeof value === 'string' && (backgroundEffects as readonly string[]).includes(value);

/** The choice this browser remembers, or 'none' (also where site data is blocked). */
export function loadBackgroundEffect(storage: Storage | undefined): BackgroundEffect {
  try {
    const value = storage?.getItem(storageKey);
    return isBackgroundEffect(value) ? value : 'none';
  } catch {
    return 'none';
  }
}

export function saveBackgroundEffect(storage: Storage | undefined, effect: BackgroundEffect) {
  try {
    storage?.setItem(storageKey, effect);
  } catch {
    // Site data blocked: the choice lasts as long as the page.
  }
}

/** Blur radius in pixels of a 640-pixel-wide picture; wider pictures scale it up. */
export const blurRadius: Record<BlurEffect, number> = {
  light: 6,
  strong: 16,
};

/** The segmentation model's input: a 16:9 picture this small is all it looks at. */
export const maskWidth = 256;
export const maskHeight = 144;

/** Segmentation's share of the time at most: the frames need the CPU more than fresh masks. */
export const maskShare = 1 / 3;
/** No more masks than this per second, however fast the device (people move slowly). */
export const maxMasksPerSecond = 15;
/** Never wait longer than this for the next mask (ms). */
export const maxMaskPauseMs = 1000;

/**
 * How long to wait after a segmentation that took `tookMs` before the next one: segmentation
 * keeps at most `maskShare` of the time (and of a core) to itself, and runs no more often
 * than `maxMasksPerSecond`, nor less often than once per `maxMaskPauseMs` after the last.
 */
export function maskPauseMs(tookMs: number): number {
  const pause = Math.max(tookMs * (1 / maskShare - 1), 1000 / maxMasksPerSecond - tookMs, 0);
  // The first masks (the model warming up) can take seconds: that says little of the next ones.
  return Math.min(pause, maxMaskPauseMs);
}

/** How long the pipeline may be over its budget before it gives up (ms). */
export const slowWindowMs = 3000;

/** Why the effect was given up, in words for the person. */
export const slowReasons = {
  frames: 'this device is too slow to process the background without making the picture stutter',
  masks: 'this device is too slow to find you in the picture often enough',
} as const;

/** How long the model may take to give its first mask (loading, compiling, warming up; ms). */
export const firstMaskLimitMs = 20_000;

/**
 * Watches the time each frame takes and how old the background mask is. The effect is given up
 * when, over a whole window, frames take longer on average than the budget (the picture would
 * stutter), or masks stop coming for longer than `maskLimitMs` (the person would be cut out
 * where they were seconds ago), or the first mask takes longer than `firstMaskLimitMs`. Until
 * the first mask the whole picture is blurred, so waiting for it shows nothing of the room.
 */
export class SlowDeviceWatch {
  private windowStart: number | null = null;
  private frameTime = 0;
  private frames = 0;
  private startedAt: number | null = null;
  private lastMaskAt: number | null = null;

  constructor(
    private readonly budgetMs: number,
    private readonly maskLimitMs: number,
    private readonly windowMs = slowWindowMs,
  ) {}

  /** A mask arrived at `now`. */
  mask(now: number): void {
    this.lastMaskAt = now;
  }

  /** A frame took `ms` at `now`; what is too slow on this device, or null. */
  frame(now: number, ms: number): 'frames' | 'masks' | null {
    this.startedAt ??= now;
    if (this.lastMaskAt === null) return now - this.startedAt > firstMaskLimitMs ? 'masks' : null;
    if (now - this.lastMaskAt > this.maskLimitMs) return 'masks';
    this.windowStart ??= now;
    this.frameTime += ms;
    this.frames += 1;
    if (now - this.windowStart < this.windowMs) return null;
    const slow = this.frameTime / this.frames > this.budgetMs;
    this.windowStart = now;
    this.frameTime = 0;
    this.frames = 0;
    return slow ? 'frames' : null;
  }
}
