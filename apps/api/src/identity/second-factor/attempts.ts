import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { idRow, queryRows } from '../../database/rows';

/** What a second-factor attempt waits for. */
export type AttemptPurpose = 'sign_in' | 'passkey_sign_in' | 'passkey_registration' | 'step_up';

/** Short-lived state between two requests of a sign-in or a WebAuthn ceremony. */
export interface Attempt {
  readonly id: string;
  readonly personId: string | null;
  readonly webauthnChallenge: string | null;
  readonly device: string | null;
}

/** How long an attempt may wait: long enough to find one's phone, short enough to be useless. */
export const attemptTtlMs = 5 * 60_000;

const attemptRow = z.strictObject({
  id: z.guid(),
  person_id: z.guid().nullable(),
  webauthn_challenge: z.string().nullable(),
  device: z.string().nullable(),
});
type Row = z.infer<typeof attemptRow>;

const toAttempt = (row: Row): Attempt => ({
  id: row.id,
  personId: row.person_id,
  webauthnChallenge: row.webauthn_challenge,
  device: row.device,
});

export async function createAttempt(
  manager: EntityManager,
  attempt: {
    purpose: AttemptPurpose;
    personId: string | null;
    tokenHash?: Buffer;
    webauthnChallenge?: string;
    device?: string;
  },
): Promise<string> {
  // Expired attempts are of no use to anyone; each new one sweeps them away.
  await manager.query(`DELETE FROM second_factor_attempt WHERE expires_at < now()`);
  const [row] = await queryRows(
    manager,
    'new second-factor attempt',
    idRow,
    `INSERT INTO second_factor_attempt
       (purpose, person_id, token_hash, webauthn_challenge, device, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6)) RETURNING id`,
    [
      attempt.purpose,
      attempt.personId,
      attempt.tokenHash ?? null,
      attempt.webauthnChallenge ?? null,
      attempt.device ?? null,
      attemptTtlMs / 1000,
    ],
  );
  return row!.id;
}

/** A live (unused, unexpired) attempt, found by id or by its token's hash. */
export async function findAttempt(
  manager: EntityManager,
  purpose: AttemptPurpose,
  by: { id: string } | { tokenHash: Buffer },
): Promise<Attempt | null> {
  const [row] = await queryRows(
    manager,
    'second-factor attempt',
    attemptRow,
    `SELECT id, person_id, webauthn_challenge, device FROM second_factor_attempt
      WHERE purpose = $1 AND ${'id' in by ? 'id = $2' : 'token_hash = $2'}
        AND used_at IS NULL AND expires_at > now()`,
    [purpose, 'id' in by ? by.id : by.tokenHash],
  );
  return row ? toAttempt(row) : null;
}

/** Marks an attempt used; false when another request used it first (or it expired). */
export async function useAttempt(manager: EntityManager, id: string): Promise<boolean> {
  const used = await queryRows(
    manager,
    'use a second-factor attempt',
    idRow,
    `WITH used AS (
       UPDATE second_factor_attempt SET used_at = now()
        WHERE id = $1 AND used_at IS NULL AND expires_at > now() RETURNING id)
     SELECT id FROM used`,
    [id],
  );
  return used.length === 1;
}

/** Gives a waiting sign-in the challenge of the passkey ceremony that will finish it. */
export async function setChallenge(
  manager: EntityManager,
  id: string,
  challenge: string,
): Promise<void> {
  await manager.query(`UPDATE second_factor_attempt SET webauthn_challenge = $2 WHERE id = $1`, [
    id,
    challenge,
  ]);
}
