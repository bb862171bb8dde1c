import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { Inject, Injectable } from '@nestjs/common';
import type { Person, SessionTokens } from '@hearth/contracts';
import { DomainError, isStaff, mustEnrolSecondFactor } from '@hearth/domain';
import { DataSource, type EntityManager } from 'typeorm';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { AccessStateService } from './access-state.service';
import {
  PersonEntity,
  PracticeEntity,
  RefreshTokenEntity,
  SignInSessionEntity,
} from './identity.entities';
import { hashOpaqueToken, newOpaqueToken, TokenService } from './token-service';
import { idRow, queryRows } from '../database/rows';

/** A signed-in session: what the body carries, plus the refresh token for the cookie. */
export interface IssuedSession {
  readonly tokens: SessionTokens;
  readonly refreshToken: string;
  readonly refreshExpiresAt: Date;
  /** The device's sign-in, which access tokens name. */
  readonly sessionId: string;
}

// How long a just-rotated refresh token may still be presented (concurrent refreshes).
const rotationGraceMs = 10_000;

function toPerson(entity: PersonEntity): Person {
  return {
    id: entity.id,
    practiceId: entity.practiceId,
    email: entity.email,
    displayName: entity.displayName,
    roles: entity.roles,
    timeZone: entity.timeZone,
  };
}

/**
 * Sign-ins, one per device: a refresh-token family and its `sign_in_session` row, which access
 * tokens name. Rotation with reuse detection, the practice's limits, and ending a sign-in (which
 * ends its access tokens at once, see {@link AccessStateService}).
 */
@Injectable()
export class SignInsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(AccessStateService) private readonly access: AccessStateService,
  ) {}

  /**
   * Rotates a refresh token. Presenting a token that was already rotated means it was copied:
   * the whole family is revoked, signing out both the thief and the owner.
   */
  async refresh(refreshToken: string | undefined): Promise<IssuedSession> {
    if (!refreshToken) throw new DomainError('unauthenticated', 'Please sign in');
    const tokenHash = hashOpaqueToken(refreshToken);
    const outcome = await this.dataSource.transaction(async (tx) => {
      const current = await tx.findOne(RefreshTokenEntity, { where: { tokenHash } });
      if (!current) return { kind: 'unknown' as const };
      const claimed = await tx
        .createQueryBuilder()
        .update(RefreshTokenEntity)
        .set({ rotatedAt: () => 'now()' })
        .where('id = :id AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > now()', {
          id: current.id,
        })
        .execute();
      if (claimed.affected !== 1) {
        // Two tabs of one browser may refresh at the same moment with the same cookie: the one
        // that loses the race within a few seconds gets a fresh token of the same family instead
        // of being treated as a thief. Later reuse still revokes the family.
        const inGrace =
          current.rotatedAt !== null &&
          current.revokedAt === null &&
          current.expiresAt.getTime() > Date.now() &&
          Date.now() - current.rotatedAt.getTime() <= rotationGraceMs;
        if (!inGrace) {
          return current.rotatedAt
            ? { kind: 'reused' as const, familyId: current.familyId }
            : { kind: 'ended' as const };
        }
      }
      const person = await tx.findOne(PersonEntity, { where: { id: current.personId } });
      if (!person || person.disabledAt) return { kind: 'unknown' as const };
      // The device's sign-in may have been ended (signed out elsewhere) or reached its limit.
      const [live] = await queryRows(
        tx,
        'refresh a sign-in',
        idRow, // (In a CTE: TypeORM answers a bare UPDATE ... RETURNING with [rows, count].)
        `WITH used AS (
           UPDATE sign_in_session SET last_used_at = now()
            WHERE id = $1 AND revoked_at IS NULL AND expires_at > now() RETURNING id)
         SELECT id FROM used`,
        [current.familyId],
      );
      if (!live) return { kind: 'ended' as const };
      return {
        kind: 'issued' as const,
        session: await this.issue(person, tx, { familyId: current.familyId }),
      };
    });
    if (outcome.kind === 'issued') return outcome.session;
    // Revoked after (not inside) the transaction above, which commits nothing when it refuses.
    if (outcome.kind === 'reused')
      await this.revokeFamily(outcome.familyId, this.dataSource.manager);
    throw new DomainError('unauthenticated', 'Your sign-in has ended; please sign in again');
  }

  async logout(refreshToken: string | undefined): Promise<void> {
    if (!refreshToken) return;
    const current = await this.dataSource
      .getRepository(RefreshTokenEntity)
      .findOne({ where: { tokenHash: hashOpaqueToken(refreshToken) } });
    if (current) await this.revokeFamily(current.familyId, this.dataSource.manager);
  }

  /** Signs out one device (the caller's own or another of theirs); returns whether it was live. */
  async signOutDevice(personId: string, sessionId: string): Promise<boolean> {
    const [row] = await queryRows(
      this.dataSource,
      'sign-in of a person',
      z.strictObject({ person_id: z.guid() }),
      `SELECT person_id FROM sign_in_session WHERE id = $1 AND person_id = $2`,
      [sessionId, personId],
    );
    if (!row) return false;
    await this.revokeFamily(sessionId, this.dataSource.manager);
    return true;
  }

  /** Ends every sign-in of a person, except `keep` (the device asking) when given. */
  async signOutEverywhere(personId: string, tx: EntityManager, keep?: string): Promise<void> {
    const ended = await queryRows(
      tx,
      'sign-ins of a person',
      idRow,
      `SELECT id FROM sign_in_session
        WHERE person_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2)`,
      [personId, keep ?? null],
    );
    for (const { id } of ended) await this.revokeFamily(id, tx);
  }

  /** Starts a device's sign-in (or continues one, with `familyId`) and mints its tokens. */
  async issue(
    person: PersonEntity,
    tx: EntityManager,
    options: { familyId?: string; device?: string } = {},
  ): Promise<IssuedSession> {
    const practice = await tx.findOneByOrFail(PracticeEntity, { id: person.practiceId });
    const now = Date.now();
    let sessionId = options.familyId;
    let sessionEnds: Date;
    if (sessionId) {
      const session = await tx.findOneByOrFail(SignInSessionEntity, { id: sessionId });
      sessionEnds = session.expiresAt;
    } else {
      // A new sign-in starts a family (one device); every rotation stays in it, so reuse can
      // revoke them all, and access tokens name it, so ending it ends their access at once.
      sessionId = randomUUID();
      sessionEnds = new Date(now + practice.sessionMaxHours * 3_600_000);
      await tx.insert(SignInSessionEntity, {
        id: sessionId,
        personId: person.id,
        device: options.device ?? 'Unknown device',
        lastUsedAt: new Date(now),
        expiresAt: sessionEnds,
        // Signing in is proof that it is them: sensitive acts need no other for a few minutes.
        confirmedAt: new Date(now),
      });
    }
    // Unused for the practice's idle time, the refresh token lapses and the sign-in with it;
    // it never outlives the sign-in's absolute end.
    const refreshExpiresAt = new Date(
      Math.min(
        now + this.config.auth.refreshTokenTtlDays * 86_400_000,
        now + practice.sessionIdleMinutes * 60_000,
        sessionEnds.getTime(),
      ),
    );
    const refreshToken = newOpaqueToken();
    await tx.save(
      tx.create(RefreshTokenEntity, {
        personId: person.id,
        tokenHash: hashOpaqueToken(refreshToken),
        expiresAt: refreshExpiresAt,
        familyId: sessionId,
      }),
    );
    // The version as stored now (a role change in this very transaction has raised it).
    const [stored] = await queryRows(
      tx,
      'token version',
      z.strictObject({ token_version: z.number().int() }),
      `SELECT token_version FROM person WHERE id = $1`,
      [person.id],
    );
    const tokenVersion = stored!.token_version;
    const mustEnrol = await this.mustEnrol(person, practice, tx);
    const accessToken = await this.tokens.issueAccessToken({
      personId: person.id,
      practiceId: person.practiceId,
      roles: person.roles,
      sessionId,
      tokenVersion,
      mustEnrol,
    });
    return {
      tokens: {
        accessToken,
        expiresIn: this.tokens.accessTokenTtlSeconds,
        person: toPerson(person),
        ...(mustEnrol ? { mustEnrolSecondFactor: true } : {}),
      },
      refreshToken,
      refreshExpiresAt,
      sessionId,
    };
  }

  /**
   * Whether this sign-in may only set up a second factor: decided at every issue, so a practice
   * that starts requiring one reaches its staff at their next token, and enrolling lifts it.
   */
  private async mustEnrol(
    person: PersonEntity,
    practice: PracticeEntity,
    tx: EntityManager,
  ): Promise<boolean> {
    if (!practice.requireStaffSecondFactor || !isStaff(person.roles)) return false;
    const [row] = await queryRows(
      tx,
      'second factor of a person',
      z.strictObject({ has: z.boolean() }),
      `SELECT EXISTS (SELECT 1 FROM totp_factor WHERE person_id = $1 AND confirmed_at IS NOT NULL)
           OR EXISTS (SELECT 1 FROM passkey WHERE person_id = $1) AS has`,
      [person.id],
    );
    return mustEnrolSecondFactor({
      practiceRequires: true,
      roles: person.roles,
      hasSecondFactor: row!.has,
    });
  }

  /** Ends one device's sign-in: its refresh tokens and its access tokens alike. */
  async revokeFamily(familyId: string, tx: EntityManager): Promise<void> {
    await tx
      .createQueryBuilder()
      .update(RefreshTokenEntity)
      .set({ revokedAt: () => 'now()' })
      .where('family_id = :familyId AND revoked_at IS NULL', { familyId })
      .execute();
    // The database tells every node once this commits; this node hears it from here at once.
    const [ended] = await queryRows(
      tx,
      'end a sign-in',
      z.strictObject({ person_id: z.guid() }),
      `WITH ended AS (
         UPDATE sign_in_session SET revoked_at = now()
          WHERE id = $1 AND revoked_at IS NULL RETURNING person_id)
       SELECT person_id FROM ended`,
      [familyId],
    );
    if (ended && !tx.queryRunner?.isTransactionActive) {
      this.access.ended({ personId: ended.person_id, sessionId: familyId });
    }
  }
}
