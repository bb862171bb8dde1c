import type { E2eeMediaKind } from '@hearth/contracts';
import type { FrameWorkerCounts, ToFrameWorker, TransformOptions } from '../e2ee/e2ee-messages';

/** How this browser lets a page at its encoded frames, if it does. */
export type FrameAccess = 'script-transform' | 'encoded-streams';

/**
 * RTCRtpScriptTransform (frames handed to a worker by the browser) where there is one, else
 * Chromium's older createEncodedStreams (the streams posted to the worker; it needs
 * `encodedInsertableStreams` on the peer connection); null where neither exists.
 */
export function frameAccess(): FrameAccess | null {
  if (typeof window === 'undefined' || typeof Worker === 'undefined') return null;
  if ('RTCRtpScriptTransform' in window) return 'script-transform';
  const sender = (window as { RTCRtpSender?: { prototype: object } }).RTCRtpSender;
  if (sender && 'createEncodedStreams' in sender.prototype) return 'encoded-streams';
  return null;
}

/** The page's end of frame encryption: which tracks go through it and which keys it holds. */
export interface FrameCryptor {
  readonly access: FrameAccess;
  /** Called synchronously as a sender is created, before any frame of it is encoded. */
  attachSender(sender: RTCRtpSender, kind: E2eeMediaKind): void;
  attachReceiver(receiver: RTCRtpReceiver, kind: E2eeMediaKind, participantId: string): void;
  setSendKey(keyId: number, material: Uint8Array): void;
  setReceiveKey(participantId: string, keyId: number, material: Uint8Array): void;
  forget(participantId: string): void;
  /** The worker's latest counts (for tests and diagnostics). */
  counts(): Omit<FrameWorkerCounts, 'type'>;
  close(): void;
}

type ScriptTransformCtor = new (worker: Worker, options: TransformOptions) => unknown;
type WithTransform = { transform: unknown };
type WithEncodedStreams = {
  createEncodedStreams(): { readable: ReadableStream; writable: WritableStream };
};

/** One worker for all of a call's tracks; null where the browser cannot do it. */
export function createFrameCryptor(): FrameCryptor | null {
  const access = frameAccess();
  if (!access) return null;
  const worker = new Worker(new URL('../e2ee/e2ee.worker.ts', import.meta.url), {
    type: 'module',
    name: 'hearth-e2ee',
  });
  let latest = { encrypted: 0, decrypted: 0, dropped: 0 };
  worker.onmessage = (event: MessageEvent<FrameWorkerCounts>) => {
    if (event.data.type === 'counts') {
      const { encrypted, decrypted, dropped } = event.data;
      latest = { encrypted, decrypted, dropped };
    }
  };
  const post = (message: ToFrameWorker, transfer: Transferable[] = []) =>
    worker.postMessage(message, transfer);

  function attach(endpoint: RTCRtpSender | RTCRtpReceiver, options: TransformOptions) {
    if (access === 'script-transform') {
      const Transform = (window as unknown as { RTCRtpScriptTransform: ScriptTransformCtor })
        .RTCRtpScriptTransform;
      (endpoint as unknown as WithTransform).transform = new Transform(worker, options);
      return;
    }
    const { readable, writable } = (
      endpoint as unknown as WithEncodedStreams
    ).createEncodedStreams();
    post({ type: 'streams', readable, writable, options }, [readable, writable]);
  }

  return {
    access,
    attachSender: (sender, kind) => attach(sender, { direction: 'send', kind }),
    attachReceiver: (receiver, kind, participantId) =>
      attach(receiver, { direction: 'recv', kind, participantId }),
    setSendKey: (keyId, material) => post({ type: 'send-key', keyId, material }),
    setReceiveKey: (participantId, keyId, material) =>
      post({ type: 'receive-key', participantId, keyId, material }),
    forget: (participantId) => post({ type: 'forget', participantId }),
    counts: () => latest,
    close: () => worker.terminate(),
  };
}
