import { decodeTrailer } from '@hearth/contracts';
import { describe, expect, it } from 'vitest';
import { decryptFrame, deriveFrameKey, encryptFrame } from './frame-crypto';

const material = (seed: number) =>
  Uint8Array.from({ length: 16 }, (_, i) => (i * 31 + seed) & 0xff);
/** A VP8 keyframe's first bytes: frame tag (keyframe bit 0), start code, 640×360. */
const vp8Keyframe = () =>
  Uint8Array.from([
    0x50,
    0x42,
    0x00,
    0x9d,
    0x01,
    0x2a,
    0x80,
    0x02,
    0x68,
    0x01,
    ...new Array(200).fill(0x33),
  ]);

describe('frame encryption', () => {
  it('round-trips a VP8 keyframe, leaving its first 10 bytes readable and the rest not', async () => {
    const key = await deriveFrameKey(3, material(1));
    const plain = vp8Keyframe();
    const sealed = await encryptFrame(key, 42, plain, 'video', true);
    expect([...sealed.subarray(0, 10)]).toEqual([...plain.subarray(0, 10)]);
    expect(Buffer.from(sealed).includes(Buffer.from(plain.subarray(10, 40)))).toBe(false);
    expect(decodeTrailer(sealed)).toEqual({ counter: 42, keyId: 3, clearBytes: 10 });
    const opened = await decryptFrame((id) => (id === 3 ? key : undefined), sealed);
    expect(opened).toEqual(plain);
  });

  it('round-trips an Opus frame with nothing in the clear', async () => {
    const key = await deriveFrameKey(0, material(2));
    const plain = Uint8Array.from({ length: 60 }, (_, i) => i);
    const sealed = await encryptFrame(key, 0, plain, 'audio', false);
    expect(decodeTrailer(sealed)?.clearBytes).toBe(0);
    expect(sealed[0]).not.toBe(undefined);
    expect(await decryptFrame(() => key, sealed)).toEqual(plain);
  });

  it('says why a frame does not open: not encrypted, no key, another key, or tampered with', async () => {
    const key = await deriveFrameKey(1, material(3));
    const other = await deriveFrameKey(1, material(4));
    const sealed = await encryptFrame(key, 5, vp8Keyframe(), 'video', true);
    expect(await decryptFrame(() => key, vp8Keyframe())).toBe('not_encrypted');
    expect(await decryptFrame(() => undefined, sealed)).toBe('no_key');
    expect(await decryptFrame(() => other, sealed)).toBe('forged');
    const prefixChanged = Uint8Array.from(sealed);
    prefixChanged[6] = prefixChanged[6]! ^ 1;
    expect(await decryptFrame(() => key, prefixChanged)).toBe('forged');
    const counterChanged = Uint8Array.from(sealed);
    counterChanged[counterChanged.length - 5] = counterChanged[counterChanged.length - 5]! ^ 1;
    expect(await decryptFrame(() => key, counterChanged)).toBe('forged');
  });

  it('gives the same frame different ciphertext under different counters', async () => {
    const key = await deriveFrameKey(1, material(5));
    const a = await encryptFrame(key, 1, vp8Keyframe(), 'video', false);
    const b = await encryptFrame(key, 2, vp8Keyframe(), 'video', false);
    expect(Buffer.from(a.subarray(3, 40)).equals(Buffer.from(b.subarray(3, 40)))).toBe(false);
  });
});
