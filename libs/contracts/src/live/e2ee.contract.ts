import { z } from 'zod';
import { uuid } from '../primitives';

/**
 * End-to-end encryption of a session's media. Each browser makes an ECDH P-256 key pair for the
 * session and announces its public key (`e2ee:announce`); the server shows the admitted
 * participants' public keys in their views (never to the waiting room). Each sender's media key
 * goes to each participant wrapped to that participant's public key (`e2ee:media-key`), so the
 * server relays keys it cannot unwrap and media it cannot decrypt. A participant reports a hash
 * of the safety code their page shows (`e2ee:verify`), so a therapist can see that everyone sees
 * the same one.
 */

/** base64url without padding. */
const base64url = (min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');

/** An uncompressed P-256 public key (65 bytes) in base64url: 87 characters. */
export const e2eePublicKeySchema = base64url(87, 87);
/** A media key wrapped for one recipient: IV, the 16-byte key and the GCM tag (44 bytes). */
export const e2eeWrappedKeySchema = base64url(59, 59);
/** A safety code's hash as `e2ee:verify` reports it (16 bytes of SHA-256 in base64url). */
export const e2eeCodeHashSchema = base64url(22, 22);
export const e2eeKeyIdSchema = z.number().int().min(0).max(255);

/** How many recipients one `e2ee:media-key` may name (more than any session seats). */
export const E2EE_MAX_RECIPIENTS = 64;

/** What a participant's view shows of someone's encryption (null before they announced a key). */
export const participantE2eeSchema = z.object({
  publicKey: e2eePublicKeySchema,
  /** The hash of the safety code their page shows; therapists only see it, else null. */
  codeHash: e2eeCodeHashSchema.nullable(),
});
export type ParticipantE2ee = z.infer<typeof participantE2eeSchema>;

/** Server→client: a sender's media key, wrapped to the recipient's public key. */
export const e2eeMediaKeyEventSchema = z.object({
  fromId: uuid,
  keyId: e2eeKeyIdSchema,
  wrapped: e2eeWrappedKeySchema,
});
export type E2eeMediaKeyEvent = z.infer<typeof e2eeMediaKeyEventSchema>;

/** Client→server requests of the encryption (merged into `liveRequests`). */
export const e2eeRequests = {
  /** This page's public key for the session (admitted participants only). */
  'e2ee:announce': {
    payload: z.object({ publicKey: e2eePublicKeySchema }).strict(),
    result: z.object({}).strict(),
  },
  /**
   * One's media key with id `keyId`, wrapped for each recipient. It reaches only recipients
   * admitted to the same session; `delivered` counts them (someone who just left is skipped).
   */
  'e2ee:media-key': {
    payload: z
      .object({
        keyId: e2eeKeyIdSchema,
        keys: z
          .array(z.object({ to: uuid, wrapped: e2eeWrappedKeySchema }).strict())
          .min(1)
          .max(E2EE_MAX_RECIPIENTS),
      })
      .strict(),
    result: z.object({ delivered: z.number().int().min(0) }),
  },
  /** The hash of the safety code this page shows now. */
  'e2ee:verify': {
    payload: z.object({ codeHash: e2eeCodeHashSchema }).strict(),
    result: z.object({}).strict(),
  },
} as const;
