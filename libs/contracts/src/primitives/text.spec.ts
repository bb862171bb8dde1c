import type { z } from 'zod';
import { humanText, opaqueText } from './text';
import { dateSchema, instantSchema } from './time';

const name = humanText({ max: 20 });
const notes = humanText({ max: 200, multiline: true });
const message = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? null : result.error.issues.map((issue) => issue.message).join('; ');
};

describe('the text rule', () => {
  it.each([
    ['NUL', 'Ann\u0000a'],
    ['a bell', 'Ann\u0007'],
    ['CRLF in a one-line field', 'Ann\r\nBcc: x@y'],
    ['a tab in a one-line field', 'Ann\tB'],
    ['DEL', 'Ann\u007F'],
    ['a C1 control', 'Ann\u0085'],
    ['a right-to-left override', 'Ann\u202Eexe.txt'],
    ['a first-strong isolate', 'Ann\u2068x'],
    ['a lone surrogate', 'Ann\uD800'],
    ['zero-width spaces only', '\u200B\u200B\u200B'],
    ['a BOM and a word joiner only', '\uFEFF\u2060'],
    ['spaces only', '     '],
    ['Hangul fillers only', '\u3164\u3164'],
  ])('refuses %s', (_, value) => {
    expect(message(name, value)).not.toBeNull();
  });

  it('normalises to NFC and trims, so one name typed two ways is one value', () => {
    expect(name.parse('  Zoe\u0301 ')).toBe('Zoé');
    expect(name.parse('Zoé')).toBe('Zoé');
  });

  it('keeps names in any script, including right-to-left ones and joiners inside words', () => {
    for (const value of ['Łucja Żak', 'سارا', 'שרה כהן', '李小龍', 'A\u200DB', '👩‍⚕️ Dr Ng']) {
      expect(message(name, value)).toBeNull();
    }
  });

  it('bounds lengths after normalisation', () => {
    expect(message(name, 'x'.repeat(20))).toBeNull();
    expect(message(name, 'x'.repeat(21))).toBe('must be at most 20 characters');
    expect(message(name, '')).toBe('must not be empty');
  });

  it('lets multi-line text keep line breaks and tabs, with CRLF stored as LF', () => {
    expect(notes.parse('one\r\ntwo\tthree')).toBe('one\ntwo\tthree');
    expect(message(notes, 'one\u0000two')).toBe('must not contain control characters');
    expect(message(notes, '\u202Eevil')).toBe(
      'must not contain text-direction override characters',
    );
  });

  it('allows an empty optional field but not an invisible one when text is required', () => {
    const optional = humanText({ min: 0, max: 10 });
    expect(optional.parse('  ')).toBe('');
    expect(message(optional, 'a\u0000')).not.toBeNull();
    expect(message(optional, '\u200B\u200B')).toBe('must contain visible text');
  });

  it('refuses control characters in opaque values too', () => {
    expect(message(opaqueText(10), 'abc')).toBeNull();
    expect(message(opaqueText(10), 'a\u0000')).not.toBeNull();
  });
});

describe('dates and instants', () => {
  it('accepts this century and refuses what would break a later read', () => {
    expect(message(instantSchema(), '2026-03-01T09:00:00Z')).toBeNull();
    expect(message(instantSchema(), '2099-12-31T23:59:59+00:00')).toBeNull();
    expect(message(instantSchema(), '9999-12-31T23:59:59Z')).toBe(
      'must be between the years 2000 and 2099',
    );
    expect(message(instantSchema(), '1999-12-31T23:59:59Z')).not.toBeNull();
    expect(message(dateSchema(), '9999-12-20')).toBe('must be between the years 2000 and 2099');
    expect(message(dateSchema(), '2026-02-30')).not.toBeNull();
    expect(message(dateSchema(), '2026-03-02')).toBeNull();
  });
});
