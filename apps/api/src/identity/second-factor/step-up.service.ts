import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { SecondFactorMethod } from '@hearth/contracts';
import { DomainError, stepUpFresh, stepUpWindowMs } from '@hearth/domain';
import { DataSource } from 'typeorm';
import { PersonEntity } from '../identity.entities';
import { AuditService } from '../audit.service';
import { verifyPassword } from '../passwords';
import { perAccountLogin, RateLimiter } from '../rate-limiter';
import type { Principal } from '../token-service';
import { createAttempt, findAttempt, useAttempt } from './attempts';
import { FactorChecks, hasAnyFactor, methodsOf } from './factor-checks';
import { WebAuthn } from './webauthn';
import { queryRows } from '../../database/rows';

type Confirmation =
  | { readonly code: string }
  | { readonly recoveryCode: string }
  | { readonly password: string }
  | { readonly passkey: { readonly attemptId: string; readonly response: { id: string } } };

const invalid = (field: string, message: string) =>
  new DomainError('validation_failed', `Invalid body.${field}: ${message}`, {
    issues: [{ location: 'body', path: field, message }],
  });

/**
 * Recent confirmation of sensitive acts (export, erasure, changing someone's roles, removing a
 * factor). Each sign-in remembers when it last proved it is its owner — at sign-in, and at each
 * step-up — and such acts need that to be within five minutes. People with a second factor
 * confirm with it; people without one, with their password.
 */
@Injectable()
export class StepUpService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(FactorChecks) private readonly checks: FactorChecks,
    @Inject(WebAuthn) private readonly webAuthn: WebAuthn,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async methods(principal: Principal): Promise<SecondFactorMethod[]> {
    return methodsOf(await this.checks.summary(this.dataSource.manager, principal.personId));
  }

  /** Throws `step_up_required` (403) unless this sign-in confirmed itself recently. */
  async assertRecent(principal: Principal): Promise<void> {
    const [row] = await queryRows(
      this.dataSource,
      'sign-in confirmation',
      z.strictObject({ confirmed_at: z.date().nullable(), now: z.date() }),
      `SELECT confirmed_at, now() AS now FROM sign_in_session WHERE id = $1`,
      [principal.sessionId],
    );
    if (row && stepUpFresh(row.confirmed_at, row.now)) return;
    throw new DomainError('step_up_required', 'Please confirm it is you before doing this', {
      methods: await this.methods(principal),
    });
  }

  async passkeyOptions(principal: Principal) {
    const manager = this.dataSource.manager;
    const passkeys = await this.webAuthn.passkeysOf(manager, principal.personId);
    if (passkeys.length === 0) throw new DomainError('conflict', 'You have no passkey');
    const options = await this.webAuthn.authenticationOptions(passkeys);
    const attemptId = await createAttempt(manager, {
      purpose: 'step_up',
      personId: principal.personId,
      webauthnChallenge: options.challenge,
    });
    return { attemptId, options: options as unknown as Record<string, unknown> };
  }

  /** Confirms this sign-in; answers until when sensitive acts are allowed. */
  async confirm(principal: Principal, body: Confirmation): Promise<Date> {
    return this.dataSource.transaction(async (tx) => {
      const summary = await this.checks.summary(tx, principal.personId);
      const person = { id: principal.personId, practiceId: principal.practiceId };
      if ('password' in body) {
        if (hasAnyFactor(summary)) {
          throw invalid('password', 'is not enough here; use your second factor');
        }
        await this.limiter.take('password-check', principal.personId, perAccountLogin);
        const stored = await tx
          .getRepository(PersonEntity)
          .createQueryBuilder('p')
          .addSelect('p.passwordHash')
          .where('p.id = :id', { id: principal.personId })
          .getOne();
        if (!(await verifyPassword(body.password, stored?.passwordHash ?? null))) {
          throw invalid('password', 'is not your current password');
        }
      } else if ('code' in body) {
        await this.checks.checkTotp(tx, principal.personId, body.code);
      } else if ('recoveryCode' in body) {
        await this.checks.useRecoveryCode(tx, person, body.recoveryCode);
      } else {
        const attempt = await findAttempt(tx, 'step_up', { id: body.passkey.attemptId });
        if (attempt?.personId !== principal.personId || !attempt.webauthnChallenge) {
          throw new DomainError('conflict', 'This confirmation has expired; please try again');
        }
        await this.webAuthn.verifyAuthentication(
          tx,
          body.passkey.response,
          attempt.webauthnChallenge,
          principal.personId,
        );
        if (!(await useAttempt(tx, attempt.id))) {
          throw new DomainError('conflict', 'This confirmation has expired; please try again');
        }
      }
      const [row] = await queryRows(
        tx,
        'confirm a sign-in',
        z.strictObject({ confirmed_at: z.date() }),
        `WITH confirmed AS (
           UPDATE sign_in_session SET confirmed_at = now() WHERE id = $1 RETURNING confirmed_at)
         SELECT confirmed_at FROM confirmed`,
        [principal.sessionId],
      );
      if (!row) throw new DomainError('unauthenticated', 'Please sign in');
      // Who confirmed it was them, and when: the sensitive act that follows is audited on its own.
      await this.audit.recordAct(
        principal,
        { action: 'person.step_up_confirmed', entity: 'person', entityId: principal.personId },
        tx,
      );
      return new Date(row.confirmed_at.getTime() + stepUpWindowMs);
    });
  }
}
