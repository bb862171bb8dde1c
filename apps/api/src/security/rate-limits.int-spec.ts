import { randomUUID } from 'node:crypto';
import { signUpCoordinator, startSmtpServer, type TestSmtpServer } from '@hearth/testing';
import { createClient } from 'redis';
import { DataSource } from 'typeorm';
import { RateLimiter } from './rate-limiter';
import { signInAlertMail } from './sign-in-alerts';
import { startTestApp, type TestApp } from '../testing/test-app';

// Sign-in limits: told in RateLimit-* headers, shared by every node through Redis when REDIS_URL
// is set, and never a lockout someone else can cause: guessing from one address slows that
// address, while the owner signs in from theirs.

const password = 'a long enough passphrase';
// A database of its own, so counters of other test files never meet these.
const redisUrl = 'redis://127.0.0.1:6379/11';

const call = (t: TestApp, path: string, body: unknown, from: string) =>
  fetch(`${t.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body: JSON.stringify(body),
  });

// Practices are confirmed from the emailed link, which arrives here.
let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await smtp?.stop();
});

async function signUp(t: TestApp, email: string): Promise<void> {
  await signUpCoordinator(t.baseUrl, smtp, {
    practiceName: 'Northside IPT',
    displayName: 'Cora Ordinator',
    email,
    password,
    timeZone: 'Europe/London',
  });
}

describe('rate limits in memory (one node)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { TRUST_PROXY: 'true', SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('tells the limit in RateLimit-* headers, counting down to a 429', async () => {
    const email = `${randomUUID()}@example.org`;
    await signUp(t, email);
    expect(t.app.get(RateLimiter).store).toBe('memory');
    const seen: { status: number; remaining: string | null }[] = [];
    for (let i = 0; i < 6; i += 1) {
      const res = await call(t, '/api/auth/login', { email, password: `wrong ${i}` }, '192.0.2.1');
      seen.push({ status: res.status, remaining: res.headers.get('ratelimit-remaining') });
      expect(res.headers.get('ratelimit-limit')).toBe('5');
      expect(res.headers.get('ratelimit-policy')).toBe('5;w=900');
      expect(Number(res.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    }
    expect(seen).toEqual([
      { status: 401, remaining: '4' },
      { status: 401, remaining: '3' },
      { status: 401, remaining: '2' },
      { status: 401, remaining: '1' },
      { status: 401, remaining: '0' },
      { status: 429, remaining: '0' },
    ]);
  });

  it('cannot be used to lock the owner out from elsewhere', async () => {
    const email = `${randomUUID()}@example.org`;
    await signUp(t, email);
    for (let i = 0; i < 8; i += 1) {
      await call(t, '/api/auth/login', { email, password: `attacker ${i}` }, '198.51.100.9');
    }
    expect((await call(t, '/api/auth/login', { email, password }, '198.51.100.9')).status).toBe(
      429,
    );
    // The owner, at home, is not affected.
    expect((await call(t, '/api/auth/login', { email, password }, '203.0.113.5')).status).toBe(200);
  });

  it('tells the owner by email, once, when many sign-ins fail from many places', async () => {
    const email = `${randomUUID()}@example.org`;
    await signUp(t, email);
    const db = t.app.get(DataSource);
    const alerts = () =>
      db.query(
        `SELECT subject, text_body FROM mail_outbox WHERE kind = 'sign_in_alert' AND to_address = $1`,
        [email],
      ) as Promise<{ subject: string; text_body: string }[]>;
    for (let i = 0; i < 10; i += 1) {
      await call(t, '/api/auth/login', { email, password: `guess ${i}` }, `198.18.0.${i + 1}`);
    }
    expect(await alerts()).toEqual([]);
    for (let i = 10; i < 16; i += 1) {
      await call(t, '/api/auth/login', { email, password: `guess ${i}` }, `198.18.0.${i + 1}`);
    }
    const sent = await alerts();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe('Many failed sign-ins to your Hearth account');
    // (The outbox drops a message's body once it is handed over; the text is the template's.)
    expect(signInAlertMail({ to: email, displayName: 'Cora' }).text).toContain('not locked');
    // Nothing is sent for an email without an account.
    for (let i = 0; i < 12; i += 1) {
      await call(
        t,
        '/api/auth/login',
        { email: 'nobody@example.org', password: 'x' },
        `198.19.0.${i}`,
      );
    }
    const [row] = (await db.query(
      `SELECT count(*)::int AS n FROM mail_outbox WHERE to_address = 'nobody@example.org'`,
    )) as { n: number }[];
    expect(row?.n).toBe(0);
    // Forty sign-ins, each an argon2 hash: generous for a loaded machine.
  }, 180_000);
});

describe('rate limits shared in Redis (two nodes)', () => {
  let nodes: TestApp[];

  beforeAll(async () => {
    const redis = createClient({ url: redisUrl });
    await redis.connect();
    await redis.flushDb();
    await redis.quit();
    nodes = [];
    for (let i = 0; i < 2; i += 1) {
      nodes.push(
        await startTestApp({
          env: { TRUST_PROXY: 'true', REDIS_URL: redisUrl, SMTP_URL: smtp.url },
        }),
      );
    }
  });
  afterAll(async () => {
    for (const node of nodes ?? []) await node.close();
  });

  it('allows across both nodes what one node allows, and stores no email in Redis', async () => {
    const [a, b] = nodes;
    expect(a!.app.get(RateLimiter).store).toBe('redis');
    // Each test node has a database of its own; what they share is the counter, which is taken
    // before the account is looked up.
    const email = `${randomUUID()}@example.org`;
    await signUp(a!, email);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const node = i % 2 === 0 ? a! : b!;
      statuses.push(
        (await call(node, '/api/auth/login', { email, password: `x ${i}` }, '192.0.2.50')).status,
      );
    }
    // In memory, each node would have allowed five: ten in all.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const redis = createClient({ url: redisUrl });
    await redis.connect();
    try {
      const keys = await redis.keys('hearth:rl:*');
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.join(' ')).not.toContain('@');
      expect(keys.join(' ')).not.toContain('192.0.2.50');
    } finally {
      await redis.quit();
    }
  });
});
