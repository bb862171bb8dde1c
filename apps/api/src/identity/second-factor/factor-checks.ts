import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { Inject, Injectable } from '@nestjs/common';
import type { SecondFactorMethod } from '@hearth/contracts';
import {
  DomainError,
  formatRecoveryCode,
  normalizeRecoveryCode,
  normalizeTotpCode,
  recoveryCodeCount,
} from '@hearth/domain';
import type { EntityManager } from 'typeorm';
import { NotesCipher } from '../../clinical/notes-cipher';
import { AuditService } from '../audit.service';
import { perAccountLogin, RateLimiter } from '../rate-limiter';
import { totpStep } from './totp';
import { idRow, pgBytes, queryRows } from '../../database/rows';

/** What a TOTP secret's ciphertext is bound to: its owner (a row moved elsewhere will not open). */
export const totpContext = (personId: string) => `hearth/totp-secret/v1/${personId}`;

export const hashRecoveryCode = (code: string) => createHash('sha256').update(code).digest();

/** A person's second factors as the sign-in and step-up checks need them. */
export interface FactorSummary {
  readonly totp: boolean;
  readonly recoveryCodesLeft: number;
  readonly passkeys: number;
}

export const hasAnyFactor = (f: FactorSummary) => f.totp || f.passkeys > 0;

/** The ways someone with these factors finishes a sign-in or confirms an act. */
export function methodsOf(f: FactorSummary): SecondFactorMethod[] {
  if (!hasAnyFactor(f)) return ['password'];
  return [
    ...(f.totp ? (['totp'] as const) : []),
    ...(f.recoveryCodesLeft > 0 ? (['recovery_code'] as const) : []),
    ...(f.passkeys > 0 ? (['passkey'] as const) : []),
  ];
}

const wrong = (field: 'code' | 'recoveryCode', message: string) =>
  new DomainError('validation_failed', `Invalid body.${field}: ${message}`, {
    issues: [{ location: 'body', path: field, message }],
  });

/**
 * Checking codes from an authenticator app and recovery codes. Every check counts against the
 * person's own limit (5 quick tries, then one every 3 minutes, as for passwords), and a right
 * code clears it; a code works once.
 */
@Injectable()
export class FactorChecks {
  constructor(
    @Inject(NotesCipher) private readonly cipher: NotesCipher,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async summary(manager: EntityManager, personId: string): Promise<FactorSummary> {
    const [row] = await queryRows(
      manager,
      'second factors of a person',
      z.strictObject({ totp: z.boolean(), codes: z.number().int(), passkeys: z.number().int() }),
      `SELECT EXISTS (SELECT 1 FROM totp_factor
                       WHERE person_id = $1 AND confirmed_at IS NOT NULL) AS totp,
              (SELECT count(*) FROM recovery_code
                WHERE person_id = $1 AND used_at IS NULL)::int AS codes,
              (SELECT count(*) FROM passkey WHERE person_id = $1)::int AS passkeys`,
      [personId],
    );
    return { totp: row!.totp, recoveryCodesLeft: row!.codes, passkeys: row!.passkeys };
  }

  /** The person's TOTP secret (confirmed or, with `pending`, waiting for its first code). */
  async secret(manager: EntityManager, personId: string, pending = false): Promise<string | null> {
    const [row] = await queryRows(
      manager,
      'TOTP secret',
      z.strictObject({ key_id: z.string(), nonce: pgBytes, ciphertext: pgBytes }),
      `SELECT key_id, nonce, ciphertext FROM totp_factor
        WHERE person_id = $1 AND (confirmed_at IS ${pending ? '' : 'NOT '}NULL)`,
      [personId],
    );
    if (!row) return null;
    return this.cipher.open(
      { keyId: row.key_id, nonce: Buffer.from(row.nonce), ciphertext: Buffer.from(row.ciphertext) },
      totpContext(personId),
    );
  }

  /** Checks a code from the person's app (or, with `pending`, the app being set up). */
  async checkTotp(
    manager: EntityManager,
    personId: string,
    typed: string,
    pending = false,
  ): Promise<void> {
    await this.limiter.take('second-factor', personId, perAccountLogin);
    const code = normalizeTotpCode(typed);
    const secret = await this.secret(manager, personId, pending);
    const step = code && secret ? totpStep(secret, code) : null;
    if (step === null) throw wrong('code', 'is not the code your app shows now');
    // Claimed atomically: the same code sent twice at once works only once.
    const claimed = await queryRows(
      manager,
      'claim a TOTP step',
      z.strictObject({ person_id: z.guid() }),
      `WITH used AS (
         UPDATE totp_factor SET last_step = $2
          WHERE person_id = $1 AND (last_step IS NULL OR last_step < $2) RETURNING person_id)
       SELECT person_id FROM used`,
      [personId, step],
    );
    if (claimed.length !== 1) throw wrong('code', 'was used already; wait for the next one');
    await this.limiter.reset('second-factor', personId, perAccountLogin);
  }

  /** Uses one of the person's recovery codes up, for good; audited. */
  async useRecoveryCode(
    manager: EntityManager,
    person: { id: string; practiceId: string },
    typed: string,
  ): Promise<void> {
    await this.limiter.take('second-factor', person.id, perAccountLogin);
    const code = normalizeRecoveryCode(typed);
    const used = code
      ? await queryRows(
          manager,
          'use a recovery code',
          idRow,
          `WITH used AS (
             UPDATE recovery_code SET used_at = now()
              WHERE person_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id)
           SELECT id FROM used`,
          [person.id, hashRecoveryCode(code)],
        )
      : [];
    if (used.length !== 1) throw wrong('recoveryCode', 'is not one of your unused recovery codes');
    await this.audit.record(
      {
        practiceId: person.practiceId,
        actorId: person.id,
        action: 'person.recovery_code_used',
        entity: 'person',
        entityId: person.id,
      },
      manager,
    );
    await this.limiter.reset('second-factor', person.id, perAccountLogin);
  }

  /** Replaces the person's recovery codes by new ones; answers them (they are never stored). */
  async newRecoveryCodes(manager: EntityManager, personId: string): Promise<string[]> {
    await manager.query(`DELETE FROM recovery_code WHERE person_id = $1`, [personId]);
    const codes = Array.from({ length: recoveryCodeCount }, () =>
      formatRecoveryCode(randomBytes(10)),
    );
    for (const code of codes) {
      await manager.query(`INSERT INTO recovery_code (person_id, code_hash) VALUES ($1, $2)`, [
        personId,
        hashRecoveryCode(code),
      ]);
    }
    return codes;
  }
}
