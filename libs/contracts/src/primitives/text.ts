import { z } from 'zod';

/**
 * The one rule for text a person types (names, titles, reasons, notes, answers). It is stored,
 * shown to other people and put into emails and calendar files, so what is refused here never
 * reaches any of them:
 *  - NUL and other control characters (PostgreSQL refuses NUL outright, and CR/LF in a name is a
 *    header or ICS injection); multi-line text keeps line feeds and tabs, CRLF becomes LF;
 *  - bidirectional overrides, embeddings and isolates (they make "evil.exe" read as "exe.live");
 *  - lone surrogates and non-characters (not valid Unicode; they break encoders downstream);
 *  - values that are only whitespace or invisible characters (a name nobody can see).
 * Text is normalised to NFC so the same name typed on two keyboards is one value, and trimmed.
 */
export interface HumanTextOptions {
  /** Longest accepted value, in UTF-16 code units after normalisation. */
  readonly max: number;
  /** Shortest accepted value (default 1: required). 0 allows the empty string. */
  readonly min?: number;
  /** Whether line breaks and tabs are allowed (default false). */
  readonly multiline?: boolean;
}

// Cc except TAB and LF, which multi-line text may keep. Matching control characters is the point.
// eslint-disable-next-line no-control-regex
const controlMultiline = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/u;
// eslint-disable-next-line no-control-regex
const controlSingleLine = /[\u0000-\u001F\u007F-\u009F]/u;
// LRE RLE PDF LRO RLO, LRI RLI FSI PDI.
const bidiControl = /[\u202A-\u202E\u2066-\u2069]/u;
// Lone surrogates (matched as such under the u flag) and the non-characters U+FFFE/U+FFFF.
const invalidUnicode = /[\p{Cs}\uFFFE\uFFFF]/u;
// Format characters that render as nothing: ZWSP, ZWNJ, ZWJ, LRM, RLM (U+200B–U+200F), word
// joiner and invisible operators (U+2060–U+2064), BOM, soft hyphen, combining grapheme joiner,
// ALM, Hangul fillers, Khmer inherent vowels, Mongolian vowel separator, braille blank.
const invisibleCodePoints = new Set([
  0x00ad, 0x034f, 0x061c, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e,
  0x200f, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x2800, 0x3164, 0xfeff, 0xffa0,
]);

/** Why a value breaks the text rule, or null when it is acceptable. */
export function textProblem(value: string, multiline = false): string | null {
  if ((multiline ? controlMultiline : controlSingleLine).test(value)) {
    return multiline
      ? 'must not contain control characters'
      : 'must not contain line breaks or control characters';
  }
  if (bidiControl.test(value)) return 'must not contain text-direction override characters';
  if (invalidUnicode.test(value)) return 'must be valid Unicode text';
  return null;
}

/** Whether the value has something visible in it once whitespace and invisible marks are gone. */
export function hasVisibleText(value: string): boolean {
  for (const char of value) {
    if (!/\s/u.test(char) && !invisibleCodePoints.has(char.codePointAt(0)!)) return true;
  }
  return false;
}

/** A human-entered text field under the one rule (see the module comment). */
export function humanText(options: HumanTextOptions) {
  const { max, min = 1, multiline = false } = options;
  let schema = z
    .string({ error: 'must be text' })
    // Lone surrogates make normalize() throw on some engines; they are refused below anyway.
    .overwrite((value) => (invalidUnicode.test(value) ? value : value.normalize('NFC')))
    .overwrite((value) => (multiline ? value.replace(/\r\n?/g, '\n') : value))
    .trim()
    .max(max, `must be at most ${max} characters`)
    .check((ctx) => {
      const problem = textProblem(ctx.value, multiline);
      if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
      else if (ctx.value.length > 0 && !hasVisibleText(ctx.value)) {
        ctx.issues.push({ code: 'custom', message: 'must contain visible text', input: ctx.value });
      }
    });
  if (min > 0) {
    schema = schema.min(
      min,
      min === 1 ? 'must not be empty' : `must be at least ${min} characters`,
    );
  }
  return schema;
}

/**
 * Text that is not typed by a person but still arrives from outside and may be stored or echoed
 * (tokens, honeypots): bounded and free of control characters, not normalised.
 */
export function opaqueText(max: number) {
  return z
    .string({ error: 'must be text' })
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !controlSingleLine.test(value) && !invalidUnicode.test(value), {
      message: 'must not contain control characters',
    });
}
