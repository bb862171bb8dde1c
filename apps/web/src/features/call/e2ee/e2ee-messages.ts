import type { E2eeMediaKind } from '@hearth/contracts';

// What the page and the frame-encryption worker say to each other.

/** Which frames a transform handles: one's own (to encrypt) or one sender's (to decrypt). */
export type TransformOptions =
  | { readonly direction: 'send'; readonly kind: E2eeMediaKind }
  | { readonly direction: 'recv'; readonly kind: E2eeMediaKind; readonly participantId: string };

export type ToFrameWorker =
  /** From now on one's own frames go out under this key (its counter starts at 0). */
  | { readonly type: 'send-key'; readonly keyId: number; readonly material: Uint8Array }
  /** A sender's key: their frames naming `keyId` decrypt with it. */
  | {
      readonly type: 'receive-key';
      readonly participantId: string;
      readonly keyId: number;
      readonly material: Uint8Array;
    }
  /** Someone left: their keys are dropped. */
  | { readonly type: 'forget'; readonly participantId: string }
  /** Streams of a sender or receiver, where the browser has no RTCRtpScriptTransform. */
  | {
      readonly type: 'streams';
      readonly readable: ReadableStream;
      readonly writable: WritableStream;
      readonly options: TransformOptions;
    };

/** Counts since the worker started, sent about once a second while frames flow. */
export interface FrameWorkerCounts {
  readonly type: 'counts';
  readonly encrypted: number;
  readonly decrypted: number;
  /** Frames dropped for want of a key (a new one on its way) or failing authentication. */
  readonly dropped: number;
}
