import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signUpTokenFromMail, startSmtpServer, type TestSmtpServer } from '@hearth/testing';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../testing/test-app';

// Headers, CORS and cookie flags of the whole API as a browser meets them, on the real
// PostgreSQL. The app here sits "behind a TLS proxy" (TRUST_PROXY, X-Forwarded-Proto) with
// secure cookies, a built web app, and one other origin allowed.

const partner = 'https://partner.example.org';
const stranger = 'https://evil.example.net';
let addressCounter = 0;
const nextAddress = () => `10.77.0.${++addressCounter}`;

describe('security headers, CORS and cookies', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let webDir: string;

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${t.baseUrl}${path}`, { headers });
  let lastEmail = '';
  const signUp = (headers: Record<string, string> = {}) => {
    const address = nextAddress();
    lastEmail = `casey${addressCounter}@example.org`;
    return fetch(`${t.baseUrl}/api/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...headers },
      body: JSON.stringify({
        practiceName: 'Harbour IPT',
        displayName: 'Casey Coordinator',
        email: lastEmail,
        password: 'a long enough passphrase',
        timeZone: 'Europe/London',
      }),
    });
  };
  /** Signs up and opens the emailed link: the answer that creates the practice and signs in. */
  const signUpAndConfirm = async (headers: Record<string, string> = {}) => {
    expect((await signUp(headers)).status).toBe(202);
    const token = await signUpTokenFromMail(smtp, lastEmail);
    return fetch(`${t.baseUrl}/api/auth/sign-up/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': nextAddress(), ...headers },
      body: JSON.stringify({ token }),
    });
  };
  const practices = async () =>
    (
      (await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM practice')) as {
        n: number;
      }[]
    )[0]!.n;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'hearth-web-'));
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Hearth</title>');
    writeFileSync(join(webDir, 'assets', 'index-abc.js'), 'console.log(1)');
    smtp = await startSmtpServer();
    t = await startTestApp({
      env: {
        SMTP_URL: smtp.url,
        COOKIE_SECURE: 'true',
        TRUST_PROXY: 'true',
        ALLOWED_ORIGINS: partner,
        WEB_DIST_DIR: webDir,
      },
    });
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('sends the browser protections on API answers, errors, pages and files alike', async () => {
    for (const path of [
      '/health/live',
      '/api/me',
      '/api/no/such/thing',
      '/',
      '/assets/index-abc.js',
    ]) {
      const res = await get(path, { accept: 'text/html' });
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      const permissions = res.headers.get('permissions-policy') ?? '';
      expect(permissions).toContain('camera=(self)');
      expect(permissions).toContain('microphone=(self)');
      expect(permissions).toContain('geolocation=()');
    }
  });

  it('lets the signalling socket connect to this host only', async () => {
    const csp = (await get('/')).headers.get('content-security-policy') ?? '';
    const host = new URL(t.baseUrl).host;
    expect(csp).toMatch(new RegExp(`connect-src 'self' ws://${host.replace(/\./g, '\\.')}(;|$)`));
  });

  it('asks for HTTPS only once the request came over HTTPS', async () => {
    expect((await get('/health/live')).headers.get('strict-transport-security')).toBeNull();
    const overTls = await get('/health/live', { 'x-forwarded-proto': 'https' });
    expect(overTls.headers.get('strict-transport-security')).toBe('max-age=31536000');
    expect(overTls.headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    expect(overTls.headers.get('content-security-policy')).toContain('wss://');
  });

  it('marks every API answer no-store, but not the static docs or the web app', async () => {
    for (const path of ['/api/me', '/api/no/such/thing', '/api/invitations/not-a-token']) {
      expect((await get(path)).headers.get('cache-control')).toBe('no-store');
    }
    const asked = await signUp();
    expect(asked.status).toBe(202);
    expect(asked.headers.get('cache-control')).toBe('no-store');
    const created = await signUpAndConfirm();
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect((await get('/api/docs/assets/swagger-ui.css')).headers.get('cache-control')).toContain(
      'max-age',
    );
    const docs = await get('/api/docs');
    expect(docs.headers.get('cache-control')).toBeNull();
    // Swagger UI styles its widgets inline; only the docs page allows that.
    expect(docs.headers.get('content-security-policy')).toContain(
      "style-src 'self' 'unsafe-inline'",
    );
    expect((await get('/', { accept: 'text/html' })).headers.get('cache-control')).toBe('no-cache');
    expect((await get('/assets/index-abc.js')).headers.get('cache-control')).toContain('immutable');
  });

  it('keeps the refresh cookie HttpOnly, Secure, SameSite=Strict and on the auth routes only', async () => {
    const res = await signUpAndConfirm();
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^hearth_refresh=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/api/auth');
  });

  it('answers an allowed origin with CORS headers, preflight included', async () => {
    const preflight = await fetch(`${t.baseUrl}/api/auth/login`, {
      method: 'OPTIONS',
      headers: {
        origin: partner,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(partner);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(preflight.headers.get('vary')).toContain('Origin');
    const before = await practices();
    const created = await signUpAndConfirm({ origin: partner });
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-allow-origin')).toBe(partner);
    expect(created.headers.get('access-control-allow-credentials')).toBe('true');
    expect(await practices()).toBe(before + 1);
  });

  it('lets the same origin in without CORS headers', async () => {
    const created = await signUp({ origin: t.baseUrl });
    expect(created.status).toBe(202);
    expect(created.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses changes from any other origin before they happen', async () => {
    const before = await practices();
    for (const origin of [stranger, 'null', `${partner}.evil.example.net`]) {
      const refused = await signUp({ origin });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    }
    expect(await practices()).toBe(before);
    const preflight = await fetch(`${t.baseUrl}/api/auth/login`, {
      method: 'OPTIONS',
      headers: { origin: stranger, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    // A read is answered, but without CORS headers the stranger's page cannot see it.
    const read = await get('/health/ready', { origin: stranger });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    const apiRead = await get('/api/me', { origin: stranger });
    expect(apiRead.status).toBe(401);
    expect(apiRead.headers.get('access-control-allow-origin')).toBeNull();
  });
});
