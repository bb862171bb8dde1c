import { DomainError } from '@hearth/domain';
import { SignJWT } from 'jose';
import { loadConfig } from '../config/config';
import { type Principal, TokenService } from './token-service';

const secret = 'a test signing secret of at least thirty-two characters';
const principal: Principal = {
  personId: '6f1c8c4e-3a52-4e5e-9d0c-2f7f1c3b9a01',
  practiceId: '0b7e2a90-5d7c-4c1f-8b6e-7a3c2d1e0f02',
  roles: ['therapist'],
  sessionId: '2a4b6c8d-1e3f-4a5b-8c7d-9e0f1a2b3c04',
  tokenVersion: 0,
};

const service = () =>
  new TokenService(loadConfig({ JWT_SECRET: secret, ACCESS_TOKEN_TTL_SECONDS: '60' }));

async function refusal(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : 'other';
  }
}

describe('TokenService', () => {
  afterEach(() => jest.useRealTimers());

  it('accepts its own token on every request and gives the same principal', async () => {
    const tokens = service();
    const token = await tokens.issueAccessToken(principal);
    expect(await tokens.verifyAccessToken(token)).toEqual(principal);
    expect(await tokens.verifyAccessToken(token)).toEqual(principal);
  });

  it('refuses a token once it has expired, even one it accepted before', async () => {
    // Only the clock is faked; WebCrypto's promises settle as usual.
    jest.useFakeTimers({
      now: new Date('2027-01-04T09:00:00Z'),
      doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'setTimeout', 'setInterval'],
    });
    const tokens = service();
    const token = await tokens.issueAccessToken(principal);
    expect(await tokens.verifyAccessToken(token)).toEqual(principal);
    jest.setSystemTime(new Date('2027-01-04T09:00:59Z'));
    expect(await tokens.verifyAccessToken(token)).toEqual(principal);
    jest.setSystemTime(new Date('2027-01-04T09:01:00Z'));
    expect(await refusal(tokens.verifyAccessToken(token))).toBe('unauthenticated');
  });

  it('refuses a tampered copy of a token it has accepted', async () => {
    const tokens = service();
    const token = await tokens.issueAccessToken(principal);
    await tokens.verifyAccessToken(token);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as object;
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['coordinator'] })).toString(
      'base64url',
    );
    expect(await refusal(tokens.verifyAccessToken(`${header}.${forged}.${signature}`))).toBe(
      'unauthenticated',
    );
  });

  it('refuses a correctly signed token that never expires', async () => {
    const forever = await new SignJWT({
      pid: principal.practiceId,
      roles: ['coordinator'],
      sid: principal.sessionId,
      ver: 0,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.personId)
      .setIssuer('hearth')
      .setAudience('hearth-api')
      .setIssuedAt()
      .sign(new TextEncoder().encode(secret));
    expect(await refusal(service().verifyAccessToken(forever))).toBe('unauthenticated');
  });

  it('refuses a token that names no sign-in (minted before sign-ins could be ended)', async () => {
    const old = await new SignJWT({ pid: principal.practiceId, roles: ['therapist'] })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.personId)
      .setIssuer('hearth')
      .setAudience('hearth-api')
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(new TextEncoder().encode(secret));
    expect(await refusal(service().verifyAccessToken(old))).toBe('unauthenticated');
  });

  it('hands out principals no caller can change for the next request', async () => {
    const tokens = service();
    const token = await tokens.issueAccessToken(principal);
    const first = await tokens.verifyAccessToken(token);
    expect(() => (first.roles as string[]).push('coordinator')).toThrow(TypeError);
    expect((await tokens.verifyAccessToken(token)).roles).toEqual(['therapist']);
  });
});
