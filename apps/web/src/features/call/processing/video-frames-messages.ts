// What the page and the frame worker say to each other.
import type { BackgroundEffect, BackgroundImage } from './video-effect';

export type ToFrames =
  /** The camera's frames in, the sent track's frames out (both streams transferred). */
  | {
      readonly type: 'start';
      readonly readable: ReadableStream<VideoFrame>;
      readonly writable: WritableStream<VideoFrame>;
      readonly effect: BackgroundEffect;
    }
  | { readonly type: 'effect'; readonly effect: BackgroundEffect; readonly wantMasks: boolean }
  /** A background picture, decoded (transferred), for when it is the effect. */
  | { readonly type: 'image'; readonly image: BackgroundImage; readonly bitmap: ImageBitmap }
  /**
   * The person in the last picture sent for segmentation (transferred; null: none found), and
   * how long to wait before asking for the next one.
   */
  | { readonly type: 'mask'; readonly mask: ImageBitmap | null; readonly pauseMs: number }
  | { readonly type: 'stop' };

export type FromFrames =
  /** A small copy of the current picture to find the person in (transferred). */
  | { readonly type: 'segment'; readonly image: ImageBitmap }
  /** Frames since the last report, and the time each took from arrival to hand-over (ms). */
  | {
      readonly type: 'frames';
      readonly framesIn: number;
      readonly framesOut: number;
      readonly frameMs: number[];
      /** Of that, the time each spent drawing the processed picture (ms). */
      readonly drawMs: number[];
    };
