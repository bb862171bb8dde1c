import type { SessionTokens } from '@hearth/contracts';
import {
  signUpTokenFromMail,
  startSmtpServer,
  type CapturedMail,
  type TestSmtpServer,
} from '@hearth/testing';
import { MailOutboxService } from '../mail/mail-outbox.service';
import {
  type Json,
  type SchedulingHarness,
  startSchedulingApp,
} from '../testing/scheduling-harness';

let addressCounter = 0;

describe('account basics with a real SMTP server', () => {
  let smtp: TestSmtpServer;
  let h: SchedulingHarness;

  const call = async (
    method: string,
    path: string,
    options: { token?: string; cookie?: string; body?: unknown } = {},
  ) => {
    addressCounter += 1;
    const res = await fetch(`${h.t.baseUrl}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': `10.201.${addressCounter >> 8}.${addressCounter & 255}`,
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        // As the web app's own page sends a cookie request (security/csrf.ts).
        ...(options.cookie ? { cookie: options.cookie, 'sec-fetch-site': 'same-origin' } : {}),
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await res.text();
    const cookie = /hearth_refresh=[^;]*/.exec(res.headers.get('set-cookie') ?? '')?.[0];
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json, cookie };
  };

  const signUp = async (email: string) => {
    const asked = await call('POST', '/api/auth/sign-up', {
      body: {
        practiceName: 'Harbour IPT',
        displayName: 'Cora Coordinator',
        email,
        password: 'the first long password',
        timeZone: 'Europe/London',
      },
    });
    expect(asked.status).toBe(202);
    const reply = await call('POST', '/api/auth/sign-up/confirm', {
      body: { token: await signUpTokenFromMail(smtp, email) },
    });
    expect(reply.status).toBe(201);
    return { ...(reply.body as SessionTokens), cookie: reply.cookie! };
  };

  const tokenOf = (mail: CapturedMail, path: string) => {
    const link = mail.links.find((l) => l.startsWith(`${h.t.baseUrl}${path}`));
    expect(link).toBeDefined();
    return link!.split('/').pop()!;
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    h = await startSchedulingApp({ SMTP_URL: smtp.url }, smtp);
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.stop();
  });

  it('confirms a new coordinator’s address with the sign-up link itself', async () => {
    const session = await signUp('cora@example.org');
    const mail = await smtp.waitFor((m) => m.to.includes('cora@example.org'));
    expect(mail.subject).toBe('Confirm your email address to create your practice');
    expect(mail.text).toContain('Hello Cora Coordinator,');
    expect(mail.html).toContain('<a href=');
    const account = await call('GET', '/api/account', { token: session.accessToken });
    expect(account.body).toMatchObject({ emailVerified: true, pendingEmail: null });
    // Nothing left to confirm.
    const again = await call('POST', '/api/account/email/verification', {
      token: session.accessToken,
    });
    expect(again.status).toBe(409);
  });

  it('changes the address only once the new one is confirmed, and tells the old one', async () => {
    const session = await signUp('mo@example.org');
    const wrong = await call('POST', '/api/account/email', {
      token: session.accessToken,
      body: { email: 'mo.new@example.org', currentPassword: 'not it' },
    });
    expect(wrong.status).toBe(400);
    const asked = await call('POST', '/api/account/email', {
      token: session.accessToken,
      body: { email: 'Mo.New@Example.org', currentPassword: 'the first long password' },
    });
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({
      email: 'mo@example.org',
      pendingEmail: 'mo.new@example.org',
    });

    const notice = await smtp.waitFor(
      (m) => m.to.includes('mo@example.org') && m.subject.includes('being changed'),
    );
    expect(notice.links).toEqual([]);
    const confirm = await smtp.waitFor((m) => m.to.includes('mo.new@example.org'));
    expect(confirm.subject).toBe('Confirm your new email address');
    const verified = await call('POST', '/api/auth/verify-email', {
      body: { token: tokenOf(confirm, '/verify-email/') },
    });
    expect(verified.body.email).toBe('mo.new@example.org');
    // Single use.
    const twice = await call('POST', '/api/auth/verify-email', {
      body: { token: tokenOf(confirm, '/verify-email/') },
    });
    expect(twice.status).toBe(404);
    const account = await call('GET', '/api/account', { token: session.accessToken });
    expect(account.body).toMatchObject({
      email: 'mo.new@example.org',
      emailVerified: true,
      pendingEmail: null,
    });
    // The new address signs in; the old one no longer does.
    const login = (email: string) =>
      call('POST', '/api/auth/login', { body: { email, password: 'the first long password' } });
    expect((await login('mo.new@example.org')).status).toBe(200);
    expect((await login('mo@example.org')).status).toBe(401);
  });

  it('resets a forgotten password from a single-use link, answering the same for unknown addresses, and signs out every device', async () => {
    const session = await signUp('pia@example.org');
    const other = await call('POST', '/api/auth/login', {
      body: { email: 'pia@example.org', password: 'the first long password' },
    });
    const known = await call('POST', '/api/auth/forgot-password', {
      body: { email: 'PIA@example.org' },
    });
    const unknown = await call('POST', '/api/auth/forgot-password', {
      body: { email: 'nobody@example.org' },
    });
    expect([known.status, known.body]).toEqual([202, { sent: true }]);
    expect([unknown.status, unknown.body]).toEqual([known.status, known.body]);

    const mail = await smtp.waitFor(
      (m) => m.to.includes('pia@example.org') && m.subject === 'Reset your Hearth password',
    );
    expect(mail.text).toContain('30 minutes');
    expect(mail.html).toContain('Choose a new password');
    await h.t.app.get(MailOutboxService).settled();
    expect(smtp.to('nobody@example.org')).toHaveLength(0);
    // Only a hash of the token is kept, and the sent body is gone from the outbox.
    const token = tokenOf(mail, '/reset-password/');
    const rows = await h.db.query(`SELECT token_hash::text AS hash FROM account_token`);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(
      await h.db.query(
        `SELECT 1 FROM mail_outbox WHERE kind = 'password_reset' AND text_body IS NOT NULL`,
      ),
    ).toHaveLength(0);

    const reset = await call('POST', '/api/auth/reset-password', {
      body: { token, password: 'a brand new long password' },
    });
    expect(reset.body).toEqual({ reset: true });
    expect(
      (
        await call('POST', '/api/auth/reset-password', {
          body: { token, password: 'x'.repeat(14) },
        })
      ).status,
    ).toBe(404);
    // Every sign-in has ended: access tokens and refresh cookies alike.
    for (const device of [
      { token: session.accessToken, cookie: session.cookie },
      { token: other.body.accessToken, cookie: other.cookie },
    ]) {
      expect((await call('GET', '/api/me', { token: device.token })).status).toBe(401);
      expect((await call('POST', '/api/auth/refresh', { cookie: device.cookie })).status).toBe(401);
    }
    const login = (password: string) =>
      call('POST', '/api/auth/login', { body: { email: 'pia@example.org', password } });
    expect((await login('the first long password')).status).toBe(401);
    expect((await login('a brand new long password')).status).toBe(200);
  });

  it('refuses an expired reset link', async () => {
    await signUp('old@example.org');
    await call('POST', '/api/auth/forgot-password', { body: { email: 'old@example.org' } });
    const mail = await smtp.waitFor(
      (m) => m.to.includes('old@example.org') && /Reset/.test(m.subject),
    );
    await h.db.query(
      `UPDATE account_token SET expires_at = now() - interval '1 minute' WHERE purpose = 'password_reset' AND email = 'old@example.org'`,
    );
    const reset = await call('POST', '/api/auth/reset-password', {
      body: { token: tokenOf(mail, '/reset-password/'), password: 'a brand new long password' },
    });
    expect(reset.status).toBe(404);
  });

  it('updates name and time zone, and the next token carries them', async () => {
    const session = await signUp('tz@example.org');
    const updated = await call('PATCH', '/api/account', {
      token: session.accessToken,
      body: { displayName: 'Cora C.', timeZone: 'America/New_York' },
    });
    expect(updated.body).toMatchObject({ displayName: 'Cora C.', timeZone: 'America/New_York' });
    const refreshed = await call('POST', '/api/auth/refresh', { cookie: session.cookie });
    expect(refreshed.body.person).toMatchObject({ displayName: 'Cora C.' });
    const bad = await call('PATCH', '/api/account', {
      token: session.accessToken,
      body: { timeZone: 'Mars/Olympus' },
    });
    expect(bad.status).toBe(400);
  });

  it('puts no address, token or content of an account email in the log', () => {
    const log = h.t.logLines.join('\n');
    expect(log).not.toMatch(/@example\.org/);
    expect(log).not.toMatch(/(reset-password|verify-email)\/[A-Za-z0-9_-]{43}/);
  });
});
