import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@hearth/domain';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { type NotesKey, parseNotesKeys } from './notes-keys';

/** A note as stored: AES-256-GCM ciphertext with its 16-byte tag appended, and what opens it. */
export interface SealedNote {
  readonly keyId: string;
  readonly nonce: Buffer;
  readonly ciphertext: Buffer;
}

const algorithm = 'aes-256-gcm';
const tagLength = 16;

/**
 * Seals `plaintext` with `key`, binding it to `context` (additional authenticated data): a
 * ciphertext copied onto another note's row no longer opens. A fresh 96-bit random nonce per
 * seal; with one key that is safe for far more notes than a practice will ever write.
 */
export function sealNote(key: NotesKey, plaintext: string, context: string): SealedNote {
  const nonce = randomBytes(12);
  const cipher = createCipheriv(algorithm, Buffer.from(key.key, 'base64'), nonce, {
    authTagLength: tagLength,
  });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { keyId: key.id, nonce, ciphertext: Buffer.concat([body, cipher.getAuthTag()]) };
}

/**
 * Opens a sealed note with whichever of `keys` sealed it.
 * @throws DomainError `unavailable` when that key is not configured, or the bytes or context do
 * not match (tampering, or a row moved) — never the plaintext of a damaged note.
 */
export function openNote(keys: readonly NotesKey[], sealed: SealedNote, context: string): string {
  const key = keys.find((k) => k.id === sealed.keyId);
  if (!key) {
    throw new DomainError(
      'unavailable',
      `A clinical record is sealed with key "${sealed.keyId}", which is not configured (NOTES_KEYS)`,
    );
  }
  const ciphertext = Buffer.from(sealed.ciphertext);
  try {
    const decipher = createDecipheriv(
      algorithm,
      Buffer.from(key.key, 'base64'),
      Buffer.from(sealed.nonce),
      { authTagLength: tagLength },
    );
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(ciphertext.subarray(ciphertext.length - tagLength));
    return Buffer.concat([
      decipher.update(ciphertext.subarray(0, ciphertext.length - tagLength)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new DomainError(
      'unavailable',
      'A clinical record could not be opened: its ciphertext is damaged',
    );
  }
}

/** A new key entry, `local-<hex>:<base64>`, for the data folder of an unconfigured install. */
function generatedKeyLine(): string {
  return `local-${randomBytes(4).toString('hex')}:${randomBytes(32).toString('base64')}\n`;
}

function notesKeys(config: Config): readonly NotesKey[] {
  if (config.notes.keys) return config.notes.keys;
  // With no configured keys (the embedded default), keep a generated one beside the data, as
  // the access-token secret is kept, so notes survive restarts. Deployments set NOTES_KEYS.
  const file = join(config.dataDir, 'notes-keys');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    try {
      writeFileSync(file, generatedKeyLine(), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another process of the same install wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, 0o600);
  const parsed = parseNotesKeys(readFileSync(file, 'utf8'));
  if (typeof parsed === 'string') throw new Error(`${file}: ${parsed}`);
  return parsed;
}

/**
 * Seals clinical records (therapist notes and every record in clinical-sealing.ts) with the
 * current key (the first of NOTES_KEYS) and opens them with the key whose id is stored beside
 * each one, so records sealed before a key rotation still open.
 */
@Injectable()
export class NotesCipher {
  private readonly keys: readonly NotesKey[];

  constructor(@Inject(CONFIG) config: Config) {
    this.keys = notesKeys(config);
  }

  /** Id of the key new notes are sealed with. */
  get currentKeyId(): string {
    return this.keys[0]!.id;
  }

  /** Ids of every configured key, current first. */
  get keyIds(): string[] {
    return this.keys.map((k) => k.id);
  }

  seal(plaintext: string, context: string): SealedNote {
    return sealNote(this.keys[0]!, plaintext, context);
  }

  open(sealed: SealedNote, context: string): string {
    return openNote(this.keys, sealed, context);
  }
}
