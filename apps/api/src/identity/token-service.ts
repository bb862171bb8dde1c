import { createHash, createSecretKey, randomBytes, type webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { roleSchema, type Role } from '@hearth/contracts';
import { DomainError } from '@hearth/domain';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { AccessStateService } from './access-state.service';

/** Who is calling, as proven by a valid access token. */
export interface Principal {
  readonly personId: string;
  readonly practiceId: string;
  readonly roles: readonly Role[];
  /** The sign-in (device) the token belongs to; it ends when that sign-in ends. */
  readonly sessionId: string;
  /** The person's token version when the token was minted. */
  readonly tokenVersion: number;
  /**
   * Set when the practice requires a second factor of this person and they had none when the
   * token was minted: only routes for setting one up answer.
   */
  readonly mustEnrol?: boolean;
}

const issuer = 'hearth';
const audience = 'hearth-api';

/** How many verified access tokens are remembered (about 1 KiB each). */
const verifiedCacheSize = 10_000;

const claimsSchema = z.object({
  sub: z.uuid(),
  pid: z.uuid(),
  roles: z.array(roleSchema).min(1),
  sid: z.uuid(),
  ver: z.number().int().nonnegative(),
  enr: z.literal(true).optional(),
});

/** A new opaque secret token (256 bits) for a link or a cookie. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Opaque tokens are stored only as their SHA-256, so a database leak yields no usable token. */
export function hashOpaqueToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** The install's secret key material (JWT_SECRET, or the generated one kept in the data folder). */
export function signingKey(config: Config): Uint8Array {
  if (config.auth.jwtSecret) return new TextEncoder().encode(config.auth.jwtSecret);
  // With no configured secret (the embedded default), keep a generated one beside the data so
  // sign-ins survive restarts. Production deployments set JWT_SECRET.
  const file = join(config.dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

@Injectable()
export class TokenService {
  // A WebCrypto key made once: given raw bytes (or a secret KeyObject) jose imports them again
  // for every token it signs or verifies.
  private readonly key: webcrypto.CryptoKey;
  /**
   * Access tokens already verified, each until it expires: a browser sends the same token with
   * every request for its lifetime, and verifying it again would give the same answer (the key
   * never changes while the process runs). Keyed by the whole token, signature included, so only
   * a byte-identical valid token is answered from here; expiry is checked on every use.
   */
  private readonly verified = new Map<string, { principal: Principal; expiresAt: number }>();

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    // Absent in unit tests of the token format alone.
    @Optional() @Inject(AccessStateService) private readonly access?: AccessStateService,
  ) {
    this.key = createSecretKey(signingKey(config)).toCryptoKey(
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
  }

  get accessTokenTtlSeconds(): number {
    return this.config.auth.accessTokenTtlSeconds;
  }

  async issueAccessToken(principal: Principal): Promise<string> {
    return new SignJWT({
      pid: principal.practiceId,
      roles: [...principal.roles],
      sid: principal.sessionId,
      ver: principal.tokenVersion,
      ...(principal.mustEnrol ? { enr: true } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.personId)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${this.config.auth.accessTokenTtlSeconds}s`)
      .sign(this.key);
  }

  /**
   * Verifies signature (HS256 only), expiry, issuer and audience, and that the sign-in it
   * belongs to is still live (signed out, password changed, roles changed, erased: refused at
   * once); throws `unauthenticated`.
   */
  async verifyAccessToken(token: string): Promise<Principal> {
    const principal = await this.verifySignature(token);
    await this.access?.assertLive(principal);
    return principal;
  }

  private async verifySignature(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAt) return known.principal;
      this.verified.delete(token);
    }
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer,
        audience,
        requiredClaims: ['exp'],
      });
      const claims = claimsSchema.parse(payload);
      const principal: Principal = Object.freeze({
        personId: claims.sub,
        practiceId: claims.pid,
        roles: Object.freeze(claims.roles),
        sessionId: claims.sid,
        tokenVersion: claims.ver,
        ...(claims.enr ? { mustEnrol: true } : {}),
      });
      this.remember(token, principal, payload.exp! * 1000);
      return principal;
    } catch {
      throw new DomainError(
        'unauthenticated',
        'Your sign-in has expired or is not valid; please sign in again',
      );
    }
  }

  private remember(token: string, principal: Principal, expiresAt: number): void {
    if (this.verified.size >= verifiedCacheSize) {
      const now = Date.now();
      for (const [known, entry] of this.verified) {
        if (entry.expiresAt <= now) this.verified.delete(known);
      }
      // Still full of live tokens: forget the oldest; it is only verified again when next used.
      if (this.verified.size >= verifiedCacheSize) {
        this.verified.delete(this.verified.keys().next().value!);
      }
    }
    this.verified.set(token, { principal, expiresAt });
  }
}
