import { Inject, Injectable } from '@nestjs/common';
import type { SecondFactorChallenge } from '@hearth/contracts';
import { DomainError } from '@hearth/domain';
import { DataSource, type EntityManager } from 'typeorm';
import { PersonEntity } from '../identity.entities';
import { perAddressLogin, RateLimiter } from '../rate-limiter';
import { type IssuedSession, SignInsService } from '../sign-ins.service';
import { hashOpaqueToken, newOpaqueToken } from '../token-service';
import { attemptTtlMs, createAttempt, findAttempt, setChallenge, useAttempt } from './attempts';
import { FactorChecks, hasAnyFactor, methodsOf } from './factor-checks';
import { WebAuthn } from './webauthn';

const expired = () =>
  new DomainError('unauthenticated', 'This sign-in has expired; please sign in again');

type SecondStep =
  | { readonly code: string }
  | { readonly recoveryCode: string }
  | { readonly passkey: { readonly attemptId: string; readonly response: { id: string } } };

/**
 * What happens between a right password and the tokens: people with a second factor prove it
 * (a code, a recovery code or a passkey) before anything is issued. And signing in with a passkey
 * alone, which proves both who and that it is them.
 */
@Injectable()
export class SignInStepsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(SignInsService) private readonly signIns: SignInsService,
    @Inject(FactorChecks) private readonly checks: FactorChecks,
    @Inject(WebAuthn) private readonly webAuthn: WebAuthn,
  ) {}

  /** After a right password: the tokens, or a challenge for the second step. */
  async afterPassword(
    person: PersonEntity,
    device: string,
  ): Promise<IssuedSession | SecondFactorChallenge> {
    const summary = await this.checks.summary(this.dataSource.manager, person.id);
    if (!hasAnyFactor(summary)) {
      return this.dataSource.transaction((tx) => this.signIns.issue(person, tx, { device }));
    }
    const challenge = newOpaqueToken();
    await createAttempt(this.dataSource.manager, {
      purpose: 'sign_in',
      personId: person.id,
      tokenHash: hashOpaqueToken(challenge),
      device,
    });
    return {
      secondFactor: { challenge, methods: methodsOf(summary), expiresIn: attemptTtlMs / 1000 },
    };
  }

  async secondStep(
    body: { challenge: string } & SecondStep,
    clientAddress: string,
  ): Promise<IssuedSession> {
    await this.limiter.take('login-address', clientAddress, perAddressLogin);
    return this.dataSource.transaction(async (tx) => {
      const attempt = await findAttempt(tx, 'sign_in', {
        tokenHash: hashOpaqueToken(body.challenge),
      });
      if (!attempt?.personId) throw expired();
      const person = await this.livePerson(tx, attempt.personId);
      if ('code' in body) {
        await this.checks.checkTotp(tx, person.id, body.code);
      } else if ('recoveryCode' in body) {
        await this.checks.useRecoveryCode(tx, person, body.recoveryCode);
      } else {
        if (body.passkey.attemptId !== attempt.id || !attempt.webauthnChallenge) throw expired();
        await this.webAuthn.verifyAuthentication(
          tx,
          body.passkey.response,
          attempt.webauthnChallenge,
          person.id,
        );
      }
      if (!(await useAttempt(tx, attempt.id))) throw expired();
      return this.signIns.issue(person, tx, { device: attempt.device ?? undefined });
    });
  }

  /** Options for finishing a waiting sign-in with one of the person's passkeys. */
  async secondStepPasskeyOptions(challenge: string, clientAddress: string) {
    await this.limiter.take('login-address', clientAddress, perAddressLogin);
    const manager = this.dataSource.manager;
    const attempt = await findAttempt(manager, 'sign_in', {
      tokenHash: hashOpaqueToken(challenge),
    });
    if (!attempt?.personId) throw expired();
    const passkeys = await this.webAuthn.passkeysOf(manager, attempt.personId);
    if (passkeys.length === 0) {
      throw new DomainError('conflict', 'There is no passkey on this account');
    }
    const options = await this.webAuthn.authenticationOptions(passkeys);
    await setChallenge(manager, attempt.id, options.challenge);
    return { attemptId: attempt.id, options: options as unknown as Record<string, unknown> };
  }

  async passkeySignInOptions(clientAddress: string) {
    await this.limiter.take('login-address', clientAddress, perAddressLogin);
    const options = await this.webAuthn.authenticationOptions();
    const attemptId = await createAttempt(this.dataSource.manager, {
      purpose: 'passkey_sign_in',
      personId: null,
      webauthnChallenge: options.challenge,
    });
    return { attemptId, options: options as unknown as Record<string, unknown> };
  }

  async passkeySignIn(
    body: { attemptId: string; response: { id: string } },
    device: string,
  ): Promise<IssuedSession> {
    return this.dataSource.transaction(async (tx) => {
      const attempt = await findAttempt(tx, 'passkey_sign_in', { id: body.attemptId });
      if (!attempt?.webauthnChallenge) throw expired();
      const passkey = await this.webAuthn.verifyAuthentication(
        tx,
        body.response,
        attempt.webauthnChallenge,
      );
      if (!(await useAttempt(tx, attempt.id))) throw expired();
      const person = await this.livePerson(tx, passkey.personId);
      return this.signIns.issue(person, tx, { device });
    });
  }

  private async livePerson(tx: EntityManager, personId: string): Promise<PersonEntity> {
    const person = await tx.findOne(PersonEntity, { where: { id: personId } });
    if (!person || person.disabledAt) throw expired();
    return person;
  }
}
