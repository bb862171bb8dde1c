import { randomBytes } from 'node:crypto';
import { isDomainError } from '@hearth/domain';
import { openNote, sealNote } from './notes-cipher';
import { parseNotesKeys } from './notes-keys';

const newKey = (id: string) => ({ id, key: randomBytes(32).toString('base64') });

function failureCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('sealing therapist notes', () => {
  const k1 = newKey('k1');
  const k2 = newKey('k2');
  const context = 'hearth/therapist-note/v1/p/s/c';
  const text = 'Talked about the move; sleep better; ask about her sister next week. Ünïcödé ✓';

  it('stores no plaintext and opens with the key it names', () => {
    const sealed = sealNote(k1, text, context);
    expect(sealed.keyId).toBe('k1');
    expect(sealed.nonce).toHaveLength(12);
    expect(sealed.ciphertext.length).toBe(Buffer.byteLength(text) + 16);
    expect(sealed.ciphertext.toString('utf8')).not.toContain('sister');
    expect(openNote([k2, k1], sealed, context)).toBe(text);
  });

  it('uses a fresh nonce each time, so the same note never looks the same twice', () => {
    const a = sealNote(k1, text, context);
    const b = sealNote(k1, text, context);
    expect(a.nonce.equals(b.nonce)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
  });

  it('refuses a changed byte, another row’s context, and a key that is not configured', () => {
    const sealed = sealNote(k1, text, context);
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[3] = flipped[3]! ^ 1;
    expect(failureCode(() => openNote([k1], { ...sealed, ciphertext: flipped }, context))).toMatch(
      /^unavailable: .*damaged/,
    );
    expect(failureCode(() => openNote([k1], sealed, `${context}x`))).toMatch(/damaged/);
    expect(failureCode(() => openNote([k2], sealed, context))).toBe(
      'unavailable: A clinical record is sealed with key "k1", which is not configured (NOTES_KEYS)',
    );
    // Same id, different bytes: a wrong key is found out, not believed.
    expect(failureCode(() => openNote([newKey('k1')], sealed, context))).toMatch(/damaged/);
  });
});

describe('NOTES_KEYS', () => {
  const b64 = randomBytes(32).toString('base64');

  it('reads ids and keys in order, the current one first', () => {
    expect(parseNotesKeys(`2026b:${b64}, 2026a:${b64}`)).toEqual([
      { id: '2026b', key: b64 },
      { id: '2026a', key: b64 },
    ]);
  });

  it('says what is wrong without echoing a key', () => {
    expect(parseNotesKeys('')).toBe('must list at least one id:base64key');
    expect(parseNotesKeys(b64)).toMatch(/^entry 1 must start with a key id/);
    expect(parseNotesKeys(`a:${randomBytes(16).toString('base64')}`)).toBe(
      'key "a" must be 32 bytes in base64 (openssl rand -base64 32)',
    );
    expect(parseNotesKeys(`a:${b64},a:${b64}`)).toBe('key id "a" appears twice');
    expect(parseNotesKeys(`bad id:${b64}`)).toMatch(/^entry 1 must start/);
  });
});
