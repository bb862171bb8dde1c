/// <reference lib="webworker" />
import type { ToFrameWorker, TransformOptions } from './e2ee-messages';
import { decryptFrame, deriveFrameKey, encryptFrame, type FrameKey } from './frame-crypto';

// Frame encryption off the main thread: every encoded frame of one's own tracks is encrypted
// here before it is packetised, every received one decrypted before it is decoded. Nothing
// leaves unencrypted: without a key a frame is dropped, not sent as it was.

declare const self: DedicatedWorkerGlobalScope;

interface EncodedFrame {
  data: ArrayBuffer;
  readonly type?: 'key' | 'delta' | 'empty';
}

interface ScriptTransformer {
  readonly readable: ReadableStream<EncodedFrame>;
  readonly writable: WritableStream<EncodedFrame>;
  readonly options: TransformOptions;
  sendKeyFrameRequest?(): Promise<void>;
}

/** Keys of one sender kept at once: the current one and those frames in flight may still name. */
const KEPT_KEYS = 4;
const MAX_COUNTER = 0xffff_ffff;

let sendKey: FrameKey | null = null;
/** The next counter under `sendKey`, shared by every track this page sends. */
let counter = 0;
const receiveKeys = new Map<string, Map<number, FrameKey>>();
/** Receivers of one sender's video waiting for a key, to ask for a keyframe once it is here. */
const waiting = new Map<string, Set<ScriptTransformer | null>>();
const counts = { encrypted: 0, decrypted: 0, dropped: 0 };
let countsDue = 0;

function reportCounts() {
  const now = Date.now();
  if (now < countsDue) return;
  countsDue = now + 1000;
  self.postMessage({ type: 'counts', ...counts });
}

async function onMessage(message: ToFrameWorker) {
  switch (message.type) {
    case 'send-key':
      sendKey = await deriveFrameKey(message.keyId, message.material);
      counter = 0;
      return;
    case 'receive-key': {
      const key = await deriveFrameKey(message.keyId, message.material);
      let keys = receiveKeys.get(message.participantId);
      if (!keys) {
        keys = new Map();
        receiveKeys.set(message.participantId, keys);
      }
      keys.delete(message.keyId);
      keys.set(message.keyId, key);
      while (keys.size > KEPT_KEYS) keys.delete(keys.keys().next().value as number);
      // Video dropped while the key was on its way can only be decoded from a new keyframe.
      for (const transformer of waiting.get(message.participantId) ?? []) {
        void transformer?.sendKeyFrameRequest?.().catch(() => undefined);
      }
      waiting.delete(message.participantId);
      return;
    }
    case 'forget':
      receiveKeys.delete(message.participantId);
      waiting.delete(message.participantId);
      return;
    case 'streams':
      pipe(message.readable, message.writable, message.options, null);
      return;
  }
}

function pipe(
  readable: ReadableStream<EncodedFrame>,
  writable: WritableStream<EncodedFrame>,
  options: TransformOptions,
  transformer: ScriptTransformer | null,
) {
  const transform =
    options.direction === 'send'
      ? async (frame: EncodedFrame, out: TransformStreamDefaultController<EncodedFrame>) => {
          const key = sendKey;
          if (!key || counter > MAX_COUNTER) {
            counts.dropped += 1;
            return;
          }
          const sealed = await encryptFrame(
            key,
            counter,
            new Uint8Array(frame.data),
            options.kind,
            frame.type === 'key',
          );
          counter += 1;
          frame.data = sealed.buffer as ArrayBuffer;
          counts.encrypted += 1;
          out.enqueue(frame);
        }
      : async (frame: EncodedFrame, out: TransformStreamDefaultController<EncodedFrame>) => {
          const keys = receiveKeys.get(options.participantId);
          const result = await decryptFrame(
            (keyId) => keys?.get(keyId),
            new Uint8Array(frame.data),
          );
          if (result instanceof Uint8Array) {
            frame.data = result.buffer as ArrayBuffer;
            counts.decrypted += 1;
            out.enqueue(frame);
            return;
          }
          counts.dropped += 1;
          if (result === 'no_key' && options.kind === 'video') {
            let set = waiting.get(options.participantId);
            if (!set) {
              set = new Set();
              waiting.set(options.participantId, set);
            }
            set.add(transformer);
          }
        };
  readable
    .pipeThrough(
      new TransformStream<EncodedFrame, EncodedFrame>({
        async transform(frame, out) {
          await transform(frame, out);
          reportCounts();
        },
      }),
    )
    .pipeTo(writable)
    .catch(() => undefined);
}

// One message after the other, so keys are set in the order the page sent them.
let queue = Promise.resolve();
self.onmessage = (event: MessageEvent<ToFrameWorker>) => {
  queue = queue.then(() => onMessage(event.data)).catch(() => undefined);
};

// Browsers with RTCRtpScriptTransform hand each sender's and receiver's frames over here.
(self as unknown as { onrtctransform: ((event: Event) => void) | null }).onrtctransform = (
  event,
) => {
  const transformer = (event as Event & { transformer: ScriptTransformer }).transformer;
  pipe(transformer.readable, transformer.writable, transformer.options, transformer);
};
