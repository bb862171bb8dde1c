import { FormTokens } from './form-token';

const practice = '8d1f7a52-5b7e-4a3f-8c1e-6f2d9b0c4a11';
const other = '3f0c6f1e-1d1b-4f5b-9d53-2b7b1c7a8e01';

describe('FormTokens', () => {
  const tokens = new FormTokens(new TextEncoder().encode('a secret of the install, long enough'));
  const now = Date.parse('2026-05-01T10:00:00Z');

  it('gives back when a token it issued was handed out', () => {
    expect(tokens.issuedAt(tokens.issue(practice, now), practice)).toBe(now);
  });

  it('refuses a token for another practice, a back-dated one and one from another install', () => {
    const token = tokens.issue(practice, now);
    expect(tokens.issuedAt(token, other)).toBeUndefined();
    const [, nonce, mac] = token.split('.');
    const earlier = `${(now - 60_000).toString(36)}.${nonce}.${mac}`;
    expect(tokens.issuedAt(earlier, practice)).toBeUndefined();
    const elsewhere = new FormTokens(new TextEncoder().encode('another install entirely, long'));
    expect(elsewhere.issuedAt(token, practice)).toBeUndefined();
  });

  it('refuses malformed tokens without throwing', () => {
    for (const bad of ['', 'x', 'a.b.c', '...', `${'z'.repeat(13)}.abcdefghijkl.x`]) {
      expect(tokens.issuedAt(bad, practice)).toBeUndefined();
    }
  });

  it('never issues the same token twice', () => {
    expect(tokens.issue(practice, now)).not.toBe(tokens.issue(practice, now));
  });
});
