import {
  clearPrefixBytes,
  decodeTrailer,
  E2EE_FRAME_MARKER,
  E2EE_TAG_BYTES,
  E2EE_TRAILER_BYTES,
  encodeTrailer,
  frameAad,
  frameIv,
  joinFrame,
  splitFrame,
} from './e2ee-frame';

describe('e2ee frame format', () => {
  it('leaves the VP8 frame tag (and on keyframes start code and size) and nothing of Opus clear', () => {
    expect(clearPrefixBytes('video', true, 5000)).toBe(10);
    expect(clearPrefixBytes('video', false, 5000)).toBe(3);
    expect(clearPrefixBytes('video', true, 4)).toBe(4);
    expect(clearPrefixBytes('audio', false, 80)).toBe(0);
  });

  it('writes and reads the trailer', () => {
    const trailer = encodeTrailer({ counter: 0x01020304, keyId: 7, clearBytes: 10 });
    expect([...trailer]).toEqual([1, 2, 3, 4, 7, 10, 1, E2EE_FRAME_MARKER]);
    const frame = joinFrame(new Uint8Array(10), new Uint8Array(40), trailer);
    expect(decodeTrailer(frame)).toEqual({ counter: 0x01020304, keyId: 7, clearBytes: 10 });
    const parts = splitFrame(frame);
    expect(parts?.prefix.length).toBe(10);
    expect(parts?.sealed.length).toBe(40);
    expect(parts?.trailer).toEqual(trailer);
  });

  it('refuses what is not an encrypted frame', () => {
    expect(decodeTrailer(new Uint8Array(10))).toBeNull();
    const plain = new Uint8Array(100).fill(0x55);
    expect(decodeTrailer(plain)).toBeNull();
    // A marker with another version, or a prefix that leaves no room for the tag.
    const otherVersion = joinFrame(
      new Uint8Array(0),
      new Uint8Array(20),
      encodeTrailer({ counter: 1, keyId: 0, clearBytes: 0 }),
    );
    otherVersion[otherVersion.length - 2] = 2;
    expect(decodeTrailer(otherVersion)).toBeNull();
    const noRoom = joinFrame(
      new Uint8Array(10),
      new Uint8Array(E2EE_TAG_BYTES - 1),
      encodeTrailer({ counter: 1, keyId: 0, clearBytes: 10 }),
    );
    expect(noRoom.length).toBe(10 + E2EE_TAG_BYTES - 1 + E2EE_TRAILER_BYTES);
    expect(decodeTrailer(noRoom)).toBeNull();
  });

  it('refuses values the trailer cannot hold', () => {
    expect(() => encodeTrailer({ counter: -1, keyId: 0, clearBytes: 0 })).toThrow(RangeError);
    expect(() => encodeTrailer({ counter: 2 ** 32, keyId: 0, clearBytes: 0 })).toThrow(RangeError);
    expect(() => encodeTrailer({ counter: 0, keyId: 256, clearBytes: 0 })).toThrow(RangeError);
    expect(() => encodeTrailer({ counter: 0, keyId: 0, clearBytes: 256 })).toThrow(RangeError);
  });

  it('makes a different IV for every counter under one salt, and keeps the salt', () => {
    const salt = Uint8Array.from({ length: 12 }, (_, i) => i * 17);
    const ivs = new Set<string>();
    for (const counter of [0, 1, 2, 255, 256, 65_536, 0xffff_ffff]) {
      ivs.add([...frameIv(salt, counter)].join(','));
    }
    expect(ivs.size).toBe(7);
    expect(frameIv(salt, 0)).toEqual(salt);
    expect([...frameIv(salt, 1).subarray(0, 8)]).toEqual([...salt.subarray(0, 8)]);
    expect(frameIv(salt, 1)[11]).toBe((salt[11] ?? 0) ^ 1);
    expect(() => frameIv(new Uint8Array(8), 0)).toThrow(RangeError);
  });

  it('authenticates the clear prefix and the trailer together', () => {
    const aad = frameAad(Uint8Array.of(1, 2, 3), Uint8Array.of(9, 9));
    expect([...aad]).toEqual([1, 2, 3, 9, 9]);
  });
});
