/**
 * The layout of one end-to-end encrypted media frame (SFrame-style: AES-GCM under a per-sender
 * key, a key id and a frame counter). Browsers encrypt each encoded frame before it is packetised
 * and decrypt it after it is reassembled, so the media server relays bytes it cannot read.
 *
 * ```
 * | clear prefix (N bytes) | ciphertext + 16-byte GCM tag | counter u32 | key id u8 | N u8 | version u8 | marker u8 |
 * ```
 *
 * The prefix stays readable because the RTP packetiser, the media server and the receiving
 * browser's depacketiser read it: for VP8 the frame tag (its first bit says keyframe or not) and,
 * on keyframes, the start code and picture size. Opus needs nothing in the clear. The description
 * (the trailer) goes at the end rather than before the ciphertext so the VP8 bytes stay first;
 * the prefix and the trailer are authenticated as GCM additional data.
 */

/** Bytes after the ciphertext: counter, key id, prefix length, version, marker. */
export const E2EE_TRAILER_BYTES = 8;
/** AES-GCM tag length. */
export const E2EE_TAG_BYTES = 16;
export const E2EE_FRAME_VERSION = 1;
/** The last byte of every encrypted frame. */
export const E2EE_FRAME_MARKER = 0xe2;
/** AES-GCM IV length (and of the per-key salt it is made from). */
export const E2EE_IV_BYTES = 12;
/** The largest counter: a key is replaced long before (it is replaced whenever anyone joins). */
export const E2EE_MAX_COUNTER = 0xffff_ffff;

/** What the trailer of an encrypted frame says. */
export interface E2eeTrailer {
  readonly counter: number;
  readonly keyId: number;
  /** Bytes at the start left in the clear. */
  readonly clearBytes: number;
}

export type E2eeMediaKind = 'audio' | 'video';

/**
 * Bytes of a frame left in the clear. VP8 keyframe: the 3-byte frame tag, the 3-byte start code
 * and the 4-byte size (10); VP8 delta frame: the frame tag (3). Audio (Opus): none.
 */
export function clearPrefixBytes(kind: E2eeMediaKind, keyframe: boolean, frameBytes: number) {
  if (kind === 'audio') return 0;
  return Math.min(keyframe ? 10 : 3, frameBytes);
}

/** The trailer's bytes. */
export function encodeTrailer(trailer: E2eeTrailer): Uint8Array {
  const { counter, keyId, clearBytes } = trailer;
  if (!Number.isInteger(counter) || counter < 0 || counter > E2EE_MAX_COUNTER) {
    throw new RangeError('counter out of range');
  }
  if (!Number.isInteger(keyId) || keyId < 0 || keyId > 255) {
    throw new RangeError('key id out of range');
  }
  if (!Number.isInteger(clearBytes) || clearBytes < 0 || clearBytes > 255) {
    throw new RangeError('clear prefix out of range');
  }
  const bytes = new Uint8Array(E2EE_TRAILER_BYTES);
  new DataView(bytes.buffer).setUint32(0, counter);
  bytes[4] = keyId;
  bytes[5] = clearBytes;
  bytes[6] = E2EE_FRAME_VERSION;
  bytes[7] = E2EE_FRAME_MARKER;
  return bytes;
}

/**
 * Reads the trailer of a frame, or null when the frame is not one of ours (too short, another
 * version, no marker, or a prefix that leaves no room for the tag).
 */
export function decodeTrailer(frame: Uint8Array): E2eeTrailer | null {
  if (frame.length < E2EE_TRAILER_BYTES + E2EE_TAG_BYTES) return null;
  const at = frame.length - E2EE_TRAILER_BYTES;
  if (frame[at + 7] !== E2EE_FRAME_MARKER || frame[at + 6] !== E2EE_FRAME_VERSION) return null;
  const clearBytes = frame[at + 5] ?? 0;
  if (clearBytes + E2EE_TAG_BYTES > at) return null;
  const view = new DataView(frame.buffer, frame.byteOffset + at, E2EE_TRAILER_BYTES);
  return { counter: view.getUint32(0), keyId: frame[at + 4] ?? 0, clearBytes };
}

/** The GCM IV of one frame: the key's salt with the counter XORed into its last four bytes. */
export function frameIv(salt: Uint8Array, counter: number): Uint8Array {
  if (salt.length !== E2EE_IV_BYTES) throw new RangeError('salt must be 12 bytes');
  if (!Number.isInteger(counter) || counter < 0 || counter > E2EE_MAX_COUNTER) {
    throw new RangeError('counter out of range');
  }
  const iv = new Uint8Array(salt);
  const tail = new DataView(iv.buffer, 8, 4);
  tail.setUint32(0, (tail.getUint32(0) ^ counter) >>> 0);
  return iv;
}

/** The additional authenticated data of a frame: its clear prefix followed by its trailer. */
export function frameAad(prefix: Uint8Array, trailer: Uint8Array): Uint8Array {
  const aad = new Uint8Array(prefix.length + trailer.length);
  aad.set(prefix, 0);
  aad.set(trailer, prefix.length);
  return aad;
}

/** The parts of an encrypted frame: prefix, ciphertext with tag, trailer. */
export function splitFrame(
  frame: Uint8Array,
): { prefix: Uint8Array; sealed: Uint8Array; trailer: Uint8Array; header: E2eeTrailer } | null {
  const header = decodeTrailer(frame);
  if (!header) return null;
  const end = frame.length - E2EE_TRAILER_BYTES;
  return {
    header,
    prefix: frame.subarray(0, header.clearBytes),
    sealed: frame.subarray(header.clearBytes, end),
    trailer: frame.subarray(end),
  };
}

/** Joins prefix, ciphertext and trailer into the frame that is sent. */
export function joinFrame(prefix: Uint8Array, sealed: Uint8Array, trailer: Uint8Array) {
  const frame = new Uint8Array(prefix.length + sealed.length + trailer.length);
  frame.set(prefix, 0);
  frame.set(sealed, prefix.length);
  frame.set(trailer, prefix.length + sealed.length);
  return frame;
}
