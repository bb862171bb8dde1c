import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { roleSchema, type Role } from '@hearth/contracts';
import { DomainError } from '@hearth/domain';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { Config } from '../config/config';
import { CONFIG } from '../config/config.module';

/** Who is calling, as proven by a valid access token. */
export interface Principal {
  readonly personId: string;
  readonly practiceId: string;
  readonly roles: readonly Role[];
}

const issuer = 'hearth';
const audience = 'hearth-api';

const claimsSchema = z.object({
  sub: z.uuid(),
  pid: z.uuid(),
  roles: z.array(roleSchema).min(1),
});

/** A new opaque secret token (256 bits) for a link or a cookie. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Opaque tokens are stored only as their SHA-256, so a database leak yields no usable token. */
export function hashOpaqueToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

function signingKey(config: Config): Uint8Array {
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
  private readonly key: Uint8Array;

  constructor(@Inject(CONFIG) private readonly config: Config) {
    this.key = signingKey(config);
  }

  get accessTokenTtlSeconds(): number {
    return this.config.auth.accessTokenTtlSeconds;
  }

  async issueAccessToken(principal: Principal): Promise<string> {
    return new SignJWT({ pid: principal.practiceId, roles: [...principal.roles] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.personId)
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${this.config.auth.accessTokenTtlSeconds}s`)
      .sign(this.key);
  }

  /** Verifies signature (HS256 only), expiry, issuer and audience; throws `unauthenticated`. */
  async verifyAccessToken(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer,
        audience,
      });
      const claims = claimsSchema.parse(payload);
      return { personId: claims.sub, practiceId: claims.pid, roles: claims.roles };
    } catch {
      throw new DomainError(
        'unauthenticated',
        'Your sign-in has expired or is not valid; please sign in again',
      );
    }
  }
}
