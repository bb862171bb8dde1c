import { describe, expect, it } from 'vitest';
import {
  createSessionKeyPair,
  fromBase64url,
  newMediaKeyMaterial,
  toBase64url,
  unwrapMediaKey,
  wrapMediaKey,
} from './key-exchange';
import { safetyCode, safetyCodeHash, SAFETY_SYMBOLS } from './safety-code';

const context = { sessionId: 's1', fromId: 'ana', toId: 'ben', keyId: 4 };

describe('key exchange', () => {
  it('makes a P-256 key pair whose private key cannot be exported', async () => {
    const pair = await createSessionKeyPair();
    expect(pair.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(fromBase64url(pair.publicKey)[0]).toBe(4);
    expect(pair.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('pkcs8', pair.privateKey)).rejects.toThrow();
  });

  it('wraps a media key only its recipient can open, bound to sender, recipient and key id', async () => {
    const [ana, ben, eve] = await Promise.all([1, 2, 3].map(() => createSessionKeyPair()));
    const material = newMediaKeyMaterial();
    const wrapped = await wrapMediaKey(ana!.privateKey, ben!.publicKey, material, context);
    expect(wrapped).toMatch(/^[A-Za-z0-9_-]{59}$/);
    expect(await unwrapMediaKey(ben!.privateKey, ana!.publicKey, wrapped, context)).toEqual(
      material,
    );
    await expect(
      unwrapMediaKey(eve!.privateKey, ana!.publicKey, wrapped, context),
    ).rejects.toThrow();
    await expect(
      unwrapMediaKey(ben!.privateKey, ana!.publicKey, wrapped, { ...context, keyId: 5 }),
    ).rejects.toThrow();
    await expect(
      unwrapMediaKey(ben!.privateKey, ana!.publicKey, wrapped, { ...context, toId: 'eve' }),
    ).rejects.toThrow();
    await expect(
      unwrapMediaKey(ben!.privateKey, eve!.publicKey, wrapped, context),
    ).rejects.toThrow();
  });

  it('writes base64url both ways', () => {
    const data = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(fromBase64url(toBase64url(data))).toEqual(data);
    expect(toBase64url(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
  });
});

describe('safety code', () => {
  it('is the same for the same keys in any order, and differs when one key differs', async () => {
    const keys = await Promise.all([1, 2, 3].map(() => createSessionKeyPair()));
    const publicKeys = keys.map((k) => k.publicKey);
    const code = await safetyCode(publicKeys);
    expect(code?.words).toHaveLength(5);
    expect(code?.symbols.split(' ')).toHaveLength(5);
    expect(await safetyCode([...publicKeys].reverse())).toEqual(code);
    const swapped = await createSessionKeyPair();
    const other = await safetyCode([publicKeys[0]!, publicKeys[1]!, swapped.publicKey]);
    expect(other?.words).not.toEqual(code?.words);
    expect(await safetyCode([])).toBeNull();
  });

  it('hashes the code the same way on every page', async () => {
    const code = { symbols: '', words: ['dog', 'cat', 'lion', 'pig', 'fish'] };
    const hash = await safetyCodeHash(code);
    expect(hash).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await safetyCodeHash({ ...code })).toBe(hash);
    expect(await safetyCodeHash({ ...code, words: ['dog', 'cat', 'lion', 'pig', 'cow'] })).not.toBe(
      hash,
    );
  });

  it('has 64 distinct symbols and names', () => {
    expect(new Set(SAFETY_SYMBOLS.map((s) => s.symbol)).size).toBe(64);
    expect(new Set(SAFETY_SYMBOLS.map((s) => s.name)).size).toBe(64);
  });
});
