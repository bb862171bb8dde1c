// Draws the processed picture on a 2D canvas: shared by the frame worker (insertable streams)
// and the page (the canvas path of browsers without them).
import {
  type BackgroundEffect,
  type BackgroundImage,
  type BlurEffect,
  blurRadius,
  isBackgroundImage,
} from './video-effect';

type Canvas = OffscreenCanvas | HTMLCanvasElement;
type Context = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

function context(canvas: Canvas): Context {
  const found = canvas.getContext('2d', { alpha: true }) as Context | null;
  if (!found) throw new Error('this browser offers no 2D canvas');
  return found;
}

/** Scales `image` to cover a `width`×`height` picture, cropping what sticks out (centred). */
export function coverRect(
  imageWidth: number,
  imageHeight: number,
  width: number,
  height: number,
): { x: number; y: number; width: number; height: number } {
  const scale = Math.max(width / imageWidth, height / imageHeight);
  const w = imageWidth * scale;
  const h = imageHeight * scale;
  return { x: (width - w) / 2, y: (height - h) / 2, width: w, height: h };
}

/**
 * Draws one picture: the person from the mask over a blurred copy of the picture, or over one
 * of the background pictures. The blur is drawn small and scaled up (far cheaper than blurring
 * every pixel, and as smooth); a background picture, and each mask, is scaled to the frame once,
 * not per frame.
 * Before the first mask (and until the chosen picture is decoded) the whole picture is blurred
 * strongly, so the room never shows.
 */
export class Compositor {
  private readonly small = new OffscreenCanvas(1, 1);
  private readonly smallContext = context(this.small);
  private readonly images = new Map<BackgroundImage, ImageBitmap>();
  /** The current background picture at the frame's size, and which picture and size it is. */
  private readonly backdrop = new OffscreenCanvas(1, 1);
  private readonly backdropContext = context(this.backdrop);
  private backdropOf: BackgroundImage | null = null;
  /** The current mask at the frame's size, and which mask it is. */
  private readonly fullMask = new OffscreenCanvas(1, 1);
  private readonly fullMaskContext = context(this.fullMask);
  private fullMaskOf: CanvasImageSource | null = null;
  private readonly ctx: Context;

  constructor(readonly canvas: Canvas) {
    this.ctx = context(canvas);
  }

  /** Keeps a decoded background picture for when `image` is the effect. */
  setImage(image: BackgroundImage, bitmap: ImageBitmap) {
    this.images.get(image)?.close();
    this.images.set(image, bitmap);
    if (this.backdropOf === image) this.backdropOf = null;
  }

  /** The mask given to `draw` is the same object with new content: scale it again. */
  maskChanged() {
    this.fullMaskOf = null;
  }

  close() {
    for (const bitmap of this.images.values()) bitmap.close();
    this.images.clear();
  }

  /**
   * `frame` may be the frame's pixels already (RGBA, at `width`×`height`): on a device without a
   * GPU that is far cheaper to get than drawing the frame (see the frame worker).
   */
  draw(
    frame: CanvasImageSource | ImageData,
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
    if (effect === 'none') return this.put(frame, width, height);
    const image = isBackgroundImage(effect);
    const behind = image ? this.backdropFor(effect, width, height) : null;
    if (!mask || (image && !behind)) {
      // No mask yet (or the picture is not decoded yet): all of it blurred, the person too.
      const blur = image ? 'strong' : effect;
      let source: CanvasImageSource = canvas;
      if (frame instanceof ImageData) this.put(frame, width, height);
      else source = frame;
      const blurred = this.blurred(source, width, height, blur);
      ctx.globalCompositeOperation = 'copy';
      ctx.drawImage(blurred, 0, 0, width, height);
      return;
    }
    // The frame is converted to pixels once (the costly step on a device without a GPU): drawn
    // as it is, copied small for the blur, then cut out by the mask with the background behind.
    this.put(frame, width, height);
    const background = behind ?? this.blurred(canvas, width, height, image ? 'strong' : effect);
    ctx.globalCompositeOperation = 'destination-in';
    ctx.drawImage(this.maskFor(mask, width, height), 0, 0);
    ctx.globalCompositeOperation = 'destination-over';
    ctx.drawImage(background, 0, 0, width, height);
  }

  /** The frame as it is, filling the canvas. */
  private put(frame: CanvasImageSource | ImageData, width: number, height: number) {
    if (frame instanceof ImageData) {
      this.ctx.putImageData(frame, 0, 0);
      return;
    }
    this.ctx.globalCompositeOperation = 'copy';
    this.ctx.drawImage(frame, 0, 0, width, height);
  }

  /** A small blurred copy of the frame, to be scaled up. */
  private blurred(frame: CanvasImageSource, width: number, height: number, effect: BlurEffect) {
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
    return this.small;
  }

  /** The mask scaled to the frame's size, once per mask rather than once per frame. */
  private maskFor(mask: CanvasImageSource, width: number, height: number) {
    const { fullMask } = this;
    if (this.fullMaskOf !== mask || fullMask.width !== width || fullMask.height !== height) {
      if (fullMask.width !== width || fullMask.height !== height) {
        fullMask.width = width;
        fullMask.height = height;
      }
      this.fullMaskContext.globalCompositeOperation = 'copy';
      this.fullMaskContext.drawImage(mask, 0, 0, width, height);
      this.fullMaskOf = mask;
    }
    return fullMask;
  }

  /** The picture at the frame's size (drawn again only when the picture or the size changes). */
  private backdropFor(image: BackgroundImage, width: number, height: number) {
    const bitmap = this.images.get(image);
    if (!bitmap) return null;
    const { backdrop } = this;
    if (this.backdropOf !== image || backdrop.width !== width || backdrop.height !== height) {
      backdrop.width = width;
      backdrop.height = height;
      const r = coverRect(bitmap.width, bitmap.height, width, height);
      this.backdropContext.imageSmoothingQuality = 'high';
      this.backdropContext.drawImage(bitmap, r.x, r.y, r.width, r.height);
      this.backdropOf = image;
    }
    return backdrop;
  }
}
