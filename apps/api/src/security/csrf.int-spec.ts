import { signUpTokenFromMail, startSmtpServer, type TestSmtpServer } from '@hearth/testing';
import { startTestApp, type TestApp } from '../testing/test-app';

// The refresh cookie is the one credential a browser sends by itself; every state-changing
// request carrying it must show, by Fetch Metadata or Origin, that it comes from our own pages.

describe('CSRF: cookie requests need Fetch Metadata or an allowed Origin', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  const partner = 'https://partner.example.org';

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ env: { ALLOWED_ORIGINS: partner, SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  const post = (path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  async function signedIn(): Promise<string> {
    const email = `cora-${Math.random().toString(36).slice(2)}@example.org`;
    const asked = await post(
      '/api/auth/sign-up',
      {},
      {
        practiceName: 'Northside IPT',
        displayName: 'Cora Ordinator',
        email,
        password: 'a long enough passphrase',
        timeZone: 'Europe/London',
      },
    );
    expect(asked.status).toBe(202);
    const res = await post(
      '/api/auth/sign-up/confirm',
      {},
      { token: await signUpTokenFromMail(smtp, email) },
    );
    expect(res.status).toBe(201);
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }

  it.each([
    ['neither header', {}, 'no_origin'],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }, 'cross_site'],
    [
      'a sibling subdomain (same-site, another origin)',
      { 'sec-fetch-site': 'same-site', origin: 'https://evil.hearth.example' },
      'refused by CORS',
    ],
    ['Sec-Fetch-Site: none (typed or bookmarked)', { 'sec-fetch-site': 'none' }, 'not_from_a_page'],
    ['only a foreign Origin', { origin: 'https://evil.example' }, 'refused by CORS'],
    [
      'a sibling subdomain without its Origin (older browsers)',
      { 'sec-fetch-site': 'same-site' },
      'cross_site',
    ],
  ])(
    'refuses a cookie refresh with %s, and the cookie still works after',
    async (_, headers, reason) => {
      const cookie = await signedIn();
      for (const path of ['/api/auth/refresh', '/api/auth/logout']) {
        const refused = await post(path, { cookie, ...headers });
        expect(refused.status).toBe(403);
        const body = (await refused.json()) as {
          error: { code: string; message: string; details?: { reason: string } };
        };
        expect(body.error.code).toBe('forbidden');
        // A foreign Origin is already refused by the CORS allow-list, before this check.
        expect(body.error.details?.reason ?? 'refused by CORS').toBe(reason);
      }
      // Nothing happened: the session was neither rotated nor signed out.
      const own = await post('/api/auth/refresh', { cookie, 'sec-fetch-site': 'same-origin' });
      expect(own.status).toBe(200);
    },
  );

  it.each([
    ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }],
    ['our own Origin without Fetch Metadata', { origin: 'OWN' }],
    ['an allow-listed Origin', { 'sec-fetch-site': 'cross-site', origin: partner }],
  ])('accepts a cookie refresh with %s', async (_, headers: Record<string, string>) => {
    const cookie = await signedIn();
    const origin = headers.origin === 'OWN' ? t.baseUrl : headers.origin;
    const res = await post('/api/auth/refresh', {
      cookie,
      ...headers,
      ...(origin ? { origin } : {}),
    });
    expect(res.status).toBe(200);
  });

  it('leaves bearer-token calls without a cookie alone (nothing a browser sends by itself)', async () => {
    const res = await post(
      '/api/auth/sign-up',
      {},
      {
        practiceName: 'Second IPT',
        displayName: 'Sam Second',
        email: 'sam-second@example.org',
        password: 'a long enough passphrase',
        timeZone: 'Europe/London',
      },
    );
    expect(res.status).toBe(202);
  });
});
