import { bytes, MEDIA_KEY_BYTES } from './frame-crypto';

/**
 * The session's key agreement: an ECDH P-256 key pair per page and session (the private key is
 * not extractable), public keys exchanged through the server, and each media key wrapped for one
 * recipient with a key only the two of them can derive (ECDH → HKDF-SHA-256 → AES-GCM-256).
 */

const text = new TextEncoder();
const ecdh = { name: 'ECDH', namedCurve: 'P-256' } as const;

export interface SessionKeyPair {
  readonly privateKey: CryptoKey;
  /** The public key as sent: the uncompressed point in base64url. */
  readonly publicKey: string;
}

export async function createSessionKeyPair(): Promise<SessionKeyPair> {
  const pair = await crypto.subtle.generateKey(ecdh, false, ['deriveBits']);
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return { privateKey: pair.privateKey, publicKey: toBase64url(raw) };
}

/** Who wraps for whom, in which session: binds a wrapped key to its place. */
export interface WrapContext {
  readonly sessionId: string;
  readonly fromId: string;
  readonly toId: string;
  readonly keyId: number;
}

async function wrappingKey(own: CryptoKey, theirs: string, context: WrapContext) {
  const publicKey = await crypto.subtle.importKey(
    'raw',
    bytes(fromBase64url(theirs)),
    ecdh,
    false,
    [],
  );
  const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: publicKey }, own, 256);
  const base = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: text.encode('hearth e2ee wrap v1'),
      info: text.encode(`${context.sessionId}|${context.fromId}|${context.toId}`),
    },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

const aadOf = (context: WrapContext) => text.encode(`media key ${context.keyId}`);

/** A media key wrapped for one recipient: IV ‖ ciphertext ‖ tag, in base64url. */
export async function wrapMediaKey(
  own: CryptoKey,
  recipientPublicKey: string,
  material: Uint8Array,
  context: WrapContext,
): Promise<string> {
  const key = await wrappingKey(own, recipientPublicKey, context);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: aadOf(context) },
      key,
      bytes(material),
    ),
  );
  const out = new Uint8Array(iv.length + sealed.length);
  out.set(iv, 0);
  out.set(sealed, iv.length);
  return toBase64url(out);
}

/** The media key a sender wrapped for this page; throws when it does not open. */
export async function unwrapMediaKey(
  own: CryptoKey,
  senderPublicKey: string,
  wrapped: string,
  context: WrapContext,
): Promise<Uint8Array> {
  const key = await wrappingKey(own, senderPublicKey, context);
  const data = fromBase64url(wrapped);
  const plain = new Uint8Array(
    await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes(data.subarray(0, 12)), additionalData: aadOf(context) },
      key,
      bytes(data.subarray(12)),
    ),
  );
  if (plain.length !== MEDIA_KEY_BYTES) throw new Error('unexpected media key length');
  return plain;
}

export function newMediaKeyMaterial(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(MEDIA_KEY_BYTES));
}

export function toBase64url(data: Uint8Array): string {
  let binary = '';
  for (const byte of data) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(value: string): Uint8Array {
  const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) out[i] = binary.charCodeAt(i);
  return out;
}
