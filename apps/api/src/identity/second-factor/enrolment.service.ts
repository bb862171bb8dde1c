import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { SecondFactors, TotpSetup } from '@hearth/contracts';
import { checkFactorRemoval, DomainError, isStaff } from '@hearth/domain';
import QRCode from 'qrcode';
import { DataSource, type EntityManager } from 'typeorm';
import { NotesCipher } from '../../clinical/notes-cipher';
import { AuditService } from '../audit.service';
import { PersonEntity } from '../identity.entities';
import type { Principal } from '../token-service';
import { createAttempt, findAttempt, useAttempt } from './attempts';
import { FactorChecks, hasAnyFactor, totpContext } from './factor-checks';
import { newTotpSecret, totpUri } from './totp';
import { WebAuthn } from './webauthn';
import { idRow, queryRows } from '../../database/rows';

/** Setting up and removing one's own second factors, from the account page. */
@Injectable()
export class EnrolmentService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(NotesCipher) private readonly cipher: NotesCipher,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(FactorChecks) private readonly checks: FactorChecks,
    @Inject(WebAuthn) private readonly webAuthn: WebAuthn,
  ) {}

  async status(
    principal: Principal,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<SecondFactors> {
    const summary = await this.checks.summary(manager, principal.personId);
    const passkeys: { id: string; name: string; created_at: Date; last_used_at: Date | null }[] =
      await manager.query(
        `SELECT id, name, created_at, last_used_at FROM passkey
          WHERE person_id = $1 ORDER BY created_at, id`,
        [principal.personId],
      );
    const [practice] = await queryRows(
      manager,
      'practice second-factor policy',
      z.strictObject({ required: z.boolean() }),
      `SELECT require_staff_second_factor AS required FROM practice WHERE id = $1`,
      [principal.practiceId],
    );
    return {
      totp: summary.totp,
      recoveryCodesLeft: summary.recoveryCodesLeft,
      passkeys: passkeys.map((p) => ({
        id: p.id,
        name: p.name,
        createdAt: p.created_at.toISOString(),
        lastUsedAt: p.last_used_at?.toISOString() ?? null,
      })),
      required: practice!.required && isStaff(principal.roles),
    };
  }

  /** A new secret for an app, waiting for its first code; replaces one not yet confirmed. */
  async startTotp(principal: Principal): Promise<TotpSetup> {
    const person = await this.person(this.dataSource.manager, principal);
    const secret = newTotpSecret();
    const sealed = this.cipher.seal(secret, totpContext(person.id));
    const replaced = await queryRows(
      this.dataSource,
      'replace a pending TOTP factor',
      z.strictObject({ person_id: z.guid() }),
      `WITH put AS (
         INSERT INTO totp_factor (person_id, key_id, nonce, ciphertext) VALUES ($1, $2, $3, $4)
         ON CONFLICT (person_id) DO UPDATE
           SET key_id = EXCLUDED.key_id, nonce = EXCLUDED.nonce,
               ciphertext = EXCLUDED.ciphertext, last_step = NULL, created_at = now()
           WHERE totp_factor.confirmed_at IS NULL
         RETURNING person_id)
       SELECT person_id FROM put`,
      [person.id, sealed.keyId, sealed.nonce, sealed.ciphertext],
    );
    if (replaced.length !== 1) {
      throw new DomainError('conflict', 'An authenticator app is already set up; remove it first');
    }
    const uri = totpUri(secret, person.email);
    return { secret, uri, qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 2 }) };
  }

  /** The first code from the app turns it on; answers new recovery codes, shown this once. */
  async confirmTotp(principal: Principal, code: string): Promise<string[]> {
    return this.dataSource.transaction(async (tx) => {
      await this.checks.checkTotp(tx, principal.personId, code, true);
      await tx.query(`UPDATE totp_factor SET confirmed_at = now() WHERE person_id = $1`, [
        principal.personId,
      ]);
      await this.audit.recordAct(
        principal,
        { action: 'person.totp_enrolled', entity: 'person', entityId: principal.personId },
        tx,
      );
      return this.checks.newRecoveryCodes(tx, principal.personId);
    });
  }

  async removeTotp(principal: Principal): Promise<SecondFactors> {
    return this.dataSource.transaction(async (tx) => {
      const summary = await this.checks.summary(tx, principal.personId);
      if (!summary.totp) throw new DomainError('not_found', 'No authenticator app is set up');
      await this.checkRemoval(tx, principal, summary.passkeys);
      await tx.query(`DELETE FROM totp_factor WHERE person_id = $1`, [principal.personId]);
      await this.afterRemoval(tx, principal, 'person.totp_removed', summary.passkeys);
      return this.status(principal, tx);
    });
  }

  /** New recovery codes for someone with a factor; the old ones stop working. */
  async newRecoveryCodes(principal: Principal): Promise<string[]> {
    return this.dataSource.transaction(async (tx) => {
      if (!hasAnyFactor(await this.checks.summary(tx, principal.personId))) {
        throw new DomainError('conflict', 'Set up an authenticator app or a passkey first');
      }
      await this.audit.recordAct(
        principal,
        {
          action: 'person.recovery_codes_replaced',
          entity: 'person',
          entityId: principal.personId,
        },
        tx,
      );
      return this.checks.newRecoveryCodes(tx, principal.personId);
    });
  }

  async passkeyOptions(principal: Principal) {
    const manager = this.dataSource.manager;
    const person = await this.person(manager, principal);
    const options = await this.webAuthn.registrationOptions(
      person,
      await this.webAuthn.passkeysOf(manager, person.id),
    );
    const attemptId = await createAttempt(manager, {
      purpose: 'passkey_registration',
      personId: person.id,
      webauthnChallenge: options.challenge,
    });
    return { attemptId, options: options as unknown as Record<string, unknown> };
  }

  async addPasskey(
    principal: Principal,
    body: { attemptId: string; name: string; response: unknown },
  ): Promise<SecondFactors> {
    return this.dataSource.transaction(async (tx) => {
      const attempt = await findAttempt(tx, 'passkey_registration', { id: body.attemptId });
      if (!attempt || attempt.personId !== principal.personId || !attempt.webauthnChallenge) {
        throw new DomainError('conflict', 'This registration has expired; please start again');
      }
      const credential = await this.webAuthn.verifyRegistration(
        body.response,
        attempt.webauthnChallenge,
      );
      if (!(await useAttempt(tx, attempt.id))) {
        throw new DomainError('conflict', 'This registration has expired; please start again');
      }
      const [added] = await queryRows(
        tx,
        'add a passkey',
        idRow,
        `INSERT INTO passkey (person_id, credential_id, public_key, counter, transports, name)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (credential_id) DO NOTHING RETURNING id`,
        [
          principal.personId,
          credential.credentialId,
          credential.publicKey,
          credential.counter,
          credential.transports,
          body.name,
        ],
      );
      if (!added) throw new DomainError('conflict', 'This passkey is registered already');
      await this.audit.recordAct(
        principal,
        { action: 'person.passkey_added', entity: 'person', entityId: principal.personId },
        tx,
      );
      return this.status(principal, tx);
    });
  }

  async removePasskey(principal: Principal, passkeyId: string): Promise<SecondFactors> {
    return this.dataSource.transaction(async (tx) => {
      const summary = await this.checks.summary(tx, principal.personId);
      const removed = await queryRows(
        tx,
        'remove a passkey',
        idRow,
        `WITH gone AS (DELETE FROM passkey WHERE id = $1 AND person_id = $2 RETURNING id)
         SELECT id FROM gone`,
        [passkeyId, principal.personId],
      );
      if (removed.length !== 1) throw new DomainError('not_found', 'There is no such passkey');
      const remaining = summary.passkeys - 1 + (summary.totp ? 1 : 0);
      await this.checkRemoval(tx, principal, remaining);
      await this.afterRemoval(tx, principal, 'person.passkey_removed', remaining);
      return this.status(principal, tx);
    });
  }

  private async checkRemoval(tx: EntityManager, principal: Principal, remaining: number) {
    const [practice] = await queryRows(
      tx,
      'practice second-factor policy',
      z.strictObject({ required: z.boolean() }),
      `SELECT require_staff_second_factor AS required FROM practice WHERE id = $1`,
      [principal.practiceId],
    );
    checkFactorRemoval({ practiceRequires: practice!.required, roles: principal.roles, remaining });
  }

  /** Audits a removal; with no factor left, recovery codes have nothing to recover and go too. */
  private async afterRemoval(
    tx: EntityManager,
    principal: Principal,
    action: string,
    remaining: number,
  ) {
    if (remaining === 0) {
      await tx.query(`DELETE FROM recovery_code WHERE person_id = $1`, [principal.personId]);
    }
    await this.audit.recordAct(
      principal,
      { action, entity: 'person', entityId: principal.personId },
      tx,
    );
  }

  private async person(manager: EntityManager, principal: Principal): Promise<PersonEntity> {
    const person = await manager.findOne(PersonEntity, {
      where: { id: principal.personId, practiceId: principal.practiceId },
    });
    if (!person || person.disabledAt) throw new DomainError('unauthenticated', 'Please sign in');
    return person;
  }
}
