// What the page and the frame worker say to each other.
import type { BackgroundEffect } from './video-effect';

export type ToFrames =
  /** The camera's frames in, the sent track's frames out (both streams transferred). */
  | {
      readonly type: 'start';
      readonly readable: ReadableStream<VideoFrame>;
      readonly writable: WritableStream<VideoFrame>;
      readonly effect: BackgroundEffect;
    }
  | { readonly type: 'effect'; readonly effect: BackgroundEffect; readonly wantMasks: boolean }
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
    };
