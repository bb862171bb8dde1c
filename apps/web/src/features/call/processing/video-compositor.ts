// Draws the processed picture on a 2D canvas: shared by the frame worker (insertable streams)
// and the page (the canvas path of browsers without them).
import { type BackgroundEffect, blurRadius } from './video-effect';

type Canvas = OffscreenCanvas | HTMLCanvasElement;
type Context = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

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
export class Compositor {
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
