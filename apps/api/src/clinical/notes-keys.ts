import { z } from 'zod';

/** One key that therapist notes are sealed with: an id stored beside each note, and 32 bytes. */
export interface NotesKey {
  readonly id: string;
  /** The 256-bit key, base64. */
  readonly key: string;
}

const keyIdPattern = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Parses `id:base64key,id:base64key,…` — the first key seals new notes, every key opens notes
 * sealed with it. Returns the keys, or what is wrong (never echoing a key).
 */
export function parseNotesKeys(value: string): NotesKey[] | string {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return 'must list at least one id:base64key';
  const keys: NotesKey[] = [];
  for (const [i, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const key = colon > 0 ? entry.slice(colon + 1) : '';
    if (!keyIdPattern.test(id)) {
      return `entry ${i + 1} must start with a key id of 1–32 letters, digits, _ or - and a colon`;
    }
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || Buffer.from(key, 'base64').length !== 32) {
      return `key "${id}" must be 32 bytes in base64 (openssl rand -base64 32)`;
    }
    if (keys.some((k) => k.id === id)) return `key id "${id}" appears twice`;
    keys.push({ id, key });
  }
  return keys;
}

/** NOTES_KEYS as the configuration schema validates it. */
export const notesKeysSchema = z.string().transform((value, ctx) => {
  const parsed = parseNotesKeys(value);
  if (typeof parsed === 'string') {
    ctx.addIssue({ code: 'custom', message: parsed });
    return z.NEVER;
  }
  return parsed;
});
