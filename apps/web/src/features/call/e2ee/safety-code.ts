import { toBase64url } from './key-exchange';

/**
 * The safety code: five symbols derived (SHA-256) from the public keys of everyone in the call,
 * sorted, so every page with the same keys shows the same code, and a key swapped in transit
 * (a server posing as someone) shows a different one. 64 symbols, 6 bits each: 30 bits.
 */
export const SAFETY_SYMBOLS: readonly { readonly symbol: string; readonly name: string }[] = [
  ['🐶', 'dog'],
  ['🐱', 'cat'],
  ['🦁', 'lion'],
  ['🐴', 'horse'],
  ['🦄', 'unicorn'],
  ['🐷', 'pig'],
  ['🐘', 'elephant'],
  ['🐰', 'rabbit'],
  ['🐼', 'panda'],
  ['🐓', 'rooster'],
  ['🐧', 'penguin'],
  ['🐢', 'turtle'],
  ['🐟', 'fish'],
  ['🐙', 'octopus'],
  ['🦋', 'butterfly'],
  ['🌷', 'tulip'],
  ['🌳', 'tree'],
  ['🌵', 'cactus'],
  ['🍄', 'mushroom'],
  ['🌏', 'globe'],
  ['🌙', 'moon'],
  ['☁️', 'cloud'],
  ['🔥', 'fire'],
  ['🍌', 'banana'],
  ['🍎', 'apple'],
  ['🍓', 'strawberry'],
  ['🌽', 'corn'],
  ['🍕', 'pizza'],
  ['🎂', 'cake'],
  ['❤️', 'heart'],
  ['😀', 'smiley'],
  ['🤖', 'robot'],
  ['🎩', 'hat'],
  ['👓', 'glasses'],
  ['🔧', 'spanner'],
  ['🎅', 'santa'],
  ['👍', 'thumbs up'],
  ['☂️', 'umbrella'],
  ['⌛', 'hourglass'],
  ['⏰', 'clock'],
  ['🎁', 'gift'],
  ['💡', 'light bulb'],
  ['📕', 'book'],
  ['✏️', 'pencil'],
  ['📎', 'paperclip'],
  ['✂️', 'scissors'],
  ['🔒', 'lock'],
  ['🔑', 'key'],
  ['🔨', 'hammer'],
  ['☎️', 'telephone'],
  ['🏁', 'flag'],
  ['🚂', 'train'],
  ['🚲', 'bicycle'],
  ['✈️', 'aeroplane'],
  ['🚀', 'rocket'],
  ['🏆', 'trophy'],
  ['⚽', 'ball'],
  ['🎸', 'guitar'],
  ['🎺', 'trumpet'],
  ['🔔', 'bell'],
  ['⚓', 'anchor'],
  ['🎧', 'headphones'],
  ['📁', 'folder'],
  ['📌', 'pin'],
].map(([symbol, name]) => ({ symbol: symbol as string, name: name as string }));

export const SAFETY_CODE_LENGTH = 5;

export interface SafetyCode {
  /** The symbols, for the eye. */
  readonly symbols: string;
  /** Their names, for reading aloud and for screen readers. */
  readonly words: readonly string[];
}

const text = new TextEncoder();

/** The code for a set of public keys (order does not matter); null for none. */
export async function safetyCode(publicKeys: readonly string[]): Promise<SafetyCode | null> {
  if (publicKeys.length === 0) return null;
  const sorted = [...new Set(publicKeys)].sort();
  const digest = new Uint8Array(
    await crypto.subtle.digest(
      'SHA-256',
      text.encode(`hearth safety code v1\n${sorted.join('\n')}`),
    ),
  );
  const picked = Array.from(
    digest.subarray(0, SAFETY_CODE_LENGTH),
    // 256 is a multiple of 64: every symbol is equally likely.
    (byte) => SAFETY_SYMBOLS[byte % SAFETY_SYMBOLS.length]!,
  );
  return {
    symbols: picked.map((entry) => entry.symbol).join(' '),
    words: picked.map((entry) => entry.name),
  };
}

/** What a page reports of its code: 16 bytes of SHA-256 over the words, in base64url. */
export async function safetyCodeHash(code: SafetyCode): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest(
      'SHA-256',
      text.encode(`hearth safety code hash v1\n${code.words.join(' ')}`),
    ),
  );
  return toBase64url(digest.subarray(0, 16));
}
