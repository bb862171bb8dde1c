import { argon2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const derive = promisify(argon2);

// OWASP's minimum for argon2id: 19 MiB of memory, 2 passes, 1 lane.
const params = { memory: 19_456, passes: 2, parallelism: 1, tagLength: 32 } as const;

interface Argon2Params {
  memory: number;
  passes: number;
  parallelism: number;
  tagLength: number;
}

async function hashWith(password: string, nonce: Buffer, p: Argon2Params): Promise<Buffer> {
  return derive('argon2id', { message: password, nonce, ...p });
}

/** An argon2id hash in the PHC string format, so parameters can be raised later per hash. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await hashWith(password, salt, params);
  return `$argon2id$v=19$m=${params.memory},t=${params.passes},p=${params.parallelism}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

const phc = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

// Verifying against this when there is no account makes "no such person" take as long as
// "wrong password", so timing does not reveal who has an account.
let dummyHash: Promise<string> | undefined;

/** Checks a password against a stored hash; `null` (no account) still does the same work. */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const target = stored ?? (await (dummyHash ??= hashPassword(randomBytes(16).toString('hex'))));
  const match = phc.exec(target);
  if (!match) return false;
  const [, m, t, p, salt, expected] = match;
  const actual = await hashWith(password, Buffer.from(salt!, 'base64url'), {
    memory: Number(m),
    passes: Number(t),
    parallelism: Number(p),
    tagLength: 32,
  });
  const wanted = Buffer.from(expected!, 'base64url');
  return stored !== null && wanted.length === actual.length && timingSafeEqual(wanted, actual);
}
