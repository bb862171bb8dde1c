import {
  clearPrefixBytes,
  E2EE_IV_BYTES,
  encodeTrailer,
  frameAad,
  frameIv,
  joinFrame,
  splitFrame,
  type E2eeMediaKind,
} from '@hearth/contracts/e2ee-frame';

/** Bytes of a media key as it is made and wrapped (AES-128 strength, like SFrame's default). */
export const MEDIA_KEY_BYTES = 16;

const text = new TextEncoder();

/** One media key ready for frames: the AES-GCM key and the salt the frames' IVs come from. */
export interface FrameKey {
  readonly keyId: number;
  readonly key: CryptoKey;
  readonly salt: Uint8Array;
}

/**
 * Derives the frame key and salt from a media key's raw bytes (HKDF-SHA-256, one label each), so
 * the wrapped secret is never used directly as an AES key.
 */
export async function deriveFrameKey(keyId: number, material: Uint8Array): Promise<FrameKey> {
  const base = await crypto.subtle.importKey('raw', bytes(material), 'HKDF', false, [
    'deriveKey',
    'deriveBits',
  ]);
  const params = (label: string) => ({
    name: 'HKDF',
    hash: 'SHA-256',
    salt: text.encode('hearth e2ee frames v1'),
    info: text.encode(label),
  });
  const key = await crypto.subtle.deriveKey(
    params('key'),
    base,
    { name: 'AES-GCM', length: 128 },
    false,
    ['encrypt', 'decrypt'],
  );
  const salt = new Uint8Array(
    await crypto.subtle.deriveBits(params('salt'), base, E2EE_IV_BYTES * 8),
  );
  return { keyId, key, salt };
}

/**
 * Encrypts one encoded frame: the codec's prefix stays in the clear, the rest is sealed, and the
 * trailer names the key and the counter (which must never repeat under one key).
 */
export async function encryptFrame(
  frameKey: FrameKey,
  counter: number,
  data: Uint8Array,
  kind: E2eeMediaKind,
  keyframe: boolean,
): Promise<Uint8Array> {
  const clearBytes = clearPrefixBytes(kind, keyframe, data.length);
  const prefix = data.subarray(0, clearBytes);
  const trailer = encodeTrailer({ counter, keyId: frameKey.keyId, clearBytes });
  const sealed = await crypto.subtle.encrypt(
    {
      name: 'AES-GCM',
      iv: bytes(frameIv(frameKey.salt, counter)),
      additionalData: bytes(frameAad(prefix, trailer)),
    },
    frameKey.key,
    bytes(data.subarray(clearBytes)),
  );
  return joinFrame(prefix, new Uint8Array(sealed), trailer);
}

/** Why a frame could not be decrypted. */
export type DecryptFailure = 'not_encrypted' | 'no_key' | 'forged';

/**
 * Decrypts one frame with the sender's key it names: the original frame, or why not (not one of
 * ours, a key not received yet, or bytes that fail authentication).
 */
export async function decryptFrame(
  keyOf: (keyId: number) => FrameKey | undefined,
  data: Uint8Array,
): Promise<Uint8Array | DecryptFailure> {
  const parts = splitFrame(data);
  if (!parts) return 'not_encrypted';
  const frameKey = keyOf(parts.header.keyId);
  if (!frameKey) return 'no_key';
  try {
    const plain = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: bytes(frameIv(frameKey.salt, parts.header.counter)),
        additionalData: bytes(frameAad(parts.prefix, parts.trailer)),
      },
      frameKey.key,
      bytes(parts.sealed),
    );
    const frame = new Uint8Array(parts.prefix.length + plain.byteLength);
    frame.set(parts.prefix, 0);
    frame.set(new Uint8Array(plain), parts.prefix.length);
    return frame;
  } catch {
    return 'forged';
  }
}

/** A copy on its own ArrayBuffer, as WebCrypto's typings want it. */
export function bytes(view: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(view.length);
  copy.set(view);
  return copy;
}
