import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { DomainError } from '@hearth/domain';
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { EntityManager } from 'typeorm';
import { SiteUrl } from '../../mail/site-url';
import { pgBigint, pgBytes, queryRows } from '../../database/rows';

/** A stored passkey: its credential and whose it is. */
export interface StoredPasskey {
  readonly id: string;
  readonly personId: string;
  readonly credentialId: string;
  readonly publicKey: Buffer;
  readonly counter: number;
  readonly transports: string[];
}

const passkeyRow = z.strictObject({
  id: z.guid(),
  person_id: z.guid(),
  credential_id: z.string(),
  public_key: pgBytes,
  counter: pgBigint,
  transports: z.array(z.string()),
});
type PasskeyRow = z.infer<typeof passkeyRow>;

const toPasskey = (row: PasskeyRow): StoredPasskey => ({
  id: row.id,
  personId: row.person_id,
  credentialId: row.credential_id,
  publicKey: Buffer.from(row.public_key),
  counter: Number(row.counter),
  transports: row.transports,
});

const passkeyColumns = `id, person_id, credential_id, public_key, counter, transports`;

const notAccepted = () =>
  new DomainError('unauthenticated', 'This passkey was not accepted; try again or another way');

/**
 * WebAuthn ceremonies for Hearth as relying party. Its identity is the site's address (PUBLIC_URL,
 * or where this node listens): a passkey works only there, which is what makes it unphishable.
 */
@Injectable()
export class WebAuthn {
  constructor(@Inject(SiteUrl) private readonly site: SiteUrl) {}

  private get relyingParty(): { origin: string; rpID: string } {
    const url = new URL(this.site.link('/'));
    return { origin: url.origin, rpID: url.hostname };
  }

  async passkeysOf(manager: EntityManager, personId: string): Promise<StoredPasskey[]> {
    const rows = await queryRows(
      manager,
      'passkeys of a person',
      passkeyRow,
      `SELECT ${passkeyColumns} FROM passkey WHERE person_id = $1 ORDER BY created_at`,
      [personId],
    );
    return rows.map(toPasskey);
  }

  async registrationOptions(
    person: { id: string; email: string; displayName: string },
    existing: readonly StoredPasskey[],
  ) {
    return generateRegistrationOptions({
      rpName: 'Hearth',
      rpID: this.relyingParty.rpID,
      userName: person.email,
      userDisplayName: person.displayName,
      userID: new TextEncoder().encode(person.id),
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({
        id: p.credentialId,
        transports: p.transports,
      })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
  }

  /** The new credential, once the browser's answer is checked against the challenge sent. */
  async verifyRegistration(response: unknown, challenge: string) {
    const { origin, rpID } = this.relyingParty;
    let verified;
    try {
      verified = await verifyRegistrationResponse({
        response: response as RegistrationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        requireUserVerification: true,
      });
    } catch {
      throw new DomainError('validation_failed', 'This passkey could not be registered', {
        issues: [{ location: 'body', path: 'response', message: 'was not accepted' }],
      });
    }
    if (!verified.verified) {
      throw new DomainError('validation_failed', 'This passkey could not be registered');
    }
    const { credential } = verified.registrationInfo;
    return {
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey),
      counter: credential.counter,
      transports: credential.transports ?? [],
    };
  }

  /** Options for proving it is someone with a passkey: theirs only, or any (`allow` absent). */
  async authenticationOptions(allow?: readonly StoredPasskey[]) {
    return generateAuthenticationOptions({
      rpID: this.relyingParty.rpID,
      userVerification: 'required',
      ...(allow
        ? {
            allowCredentials: allow.map((p) => ({
              id: p.credentialId,
              transports: p.transports,
            })),
          }
        : {}),
    });
  }

  /**
   * The passkey an authentication answer was made with, checked against the challenge sent and
   * (when given) the person it must belong to; its counter is moved on.
   */
  async verifyAuthentication(
    manager: EntityManager,
    response: { id: string },
    challenge: string,
    personId?: string,
  ): Promise<StoredPasskey> {
    const [row] = await queryRows(
      manager,
      'passkey by credential',
      passkeyRow,
      `SELECT ${passkeyColumns} FROM passkey WHERE credential_id = $1`,
      [response.id],
    );
    if (!row || (personId !== undefined && row.person_id !== personId)) throw notAccepted();
    const passkey = toPasskey(row);
    const { origin, rpID } = this.relyingParty;
    let verified;
    try {
      verified = await verifyAuthenticationResponse({
        response: response as AuthenticationResponseJSON,
        expectedChallenge: challenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        requireUserVerification: true,
        credential: {
          id: passkey.credentialId,
          publicKey: new Uint8Array(passkey.publicKey),
          counter: passkey.counter,
          transports: passkey.transports,
        },
      });
    } catch {
      throw notAccepted();
    }
    if (!verified.verified) throw notAccepted();
    await manager.query(`UPDATE passkey SET counter = $2, last_used_at = now() WHERE id = $1`, [
      passkey.id,
      verified.authenticationInfo.newCounter,
    ]);
    return passkey;
  }
}
