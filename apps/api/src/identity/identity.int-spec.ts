import { ApiError, createApiClient, identityRoutes, type SessionTokens } from '@hearth/contracts';
import { signUpTokenFromMail, startSmtpServer, type TestSmtpServer } from '@hearth/testing';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../testing/test-app';

const password = 'a long enough passphrase';

describe('identity: practices, sign-in, tokens and invitations', () => {
  let t: TestApp;
  let db: DataSource;
  let smtp: TestSmtpServer;
  const api = () => createApiClient({ baseUrl: t.baseUrl });
  const authed = (token: string) =>
    createApiClient({ baseUrl: t.baseUrl, headers: () => ({ authorization: `Bearer ${token}` }) });

  const post = (path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${t.baseUrl}${path}`, {
      method: 'POST',
      // As the web app's own page sends it: cookie requests need it (security/csrf.ts).
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const cookieOf = (res: Response) => res.headers.get('set-cookie')?.split(';')[0] ?? '';

  async function signUp(
    email: string,
    practiceName = 'Northside IPT',
  ): Promise<{ tokens: SessionTokens; cookie: string }> {
    const asked = await post('/api/auth/sign-up', {
      practiceName,
      displayName: 'Cora Ordinator',
      email,
      password,
      timeZone: 'Europe/London',
    });
    expect(asked.status).toBe(202);
    const res = await confirm(await signUpTokenFromMail(smtp, email));
    expect(res.status).toBe(201);
    return { tokens: (await res.json()) as SessionTokens, cookie: cookieOf(res) };
  }
  const confirm = (token: string) => post('/api/auth/sign-up/confirm', { token });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ env: { SMTP_URL: smtp.url } });
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('signs up a practice with its first coordinator once the emailed link is opened, and sets a locked-down refresh cookie', async () => {
    const asked = await post('/api/auth/sign-up', {
      practiceName: 'Riverside Practice',
      displayName: 'Ada Admin',
      email: '  Ada@Example.org ',
      password,
      timeZone: 'Europe/London',
    });
    expect(asked.status).toBe(202);
    expect(await asked.json()).toEqual({ sent: true });
    const res = await confirm(await signUpTokenFromMail(smtp, 'ada@example.org'));
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as SessionTokens;
    expect(body.person).toMatchObject({
      email: 'ada@example.org',
      roles: ['coordinator'],
      timeZone: 'Europe/London',
    });
    expect(body.expiresIn).toBe(900);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^hearth_refresh=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('Path=/api/auth');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    // The readable hint that a refresh cookie exists (no secret in it), for the whole site.
    const hint = res.headers.getSetCookie().find((c) => c.startsWith('hearth_session='));
    expect(hint).toMatch(/^hearth_session=1; Path=\/; Expires=/);
    expect(hint).not.toContain('HttpOnly');
    const [row] = await db.query(
      `SELECT password_hash FROM person WHERE email = 'ada@example.org'`,
    );
    expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const me = await authed(body.accessToken).call(identityRoutes.me);
    expect(me).toMatchObject({ id: body.person.id, practiceName: 'Riverside Practice' });
  });

  it('refuses bad sign-up fields by name and makes no second account for the same email', async () => {
    const bad = await post('/api/auth/sign-up', {
      practiceName: 'X',
      displayName: '',
      email: 'not-an-email',
      password: 'short',
      timeZone: 'Mars/Olympus',
    });
    expect(bad.status).toBe(400);
    const issues = ((await bad.json()) as { error: { details: { issues: { path: string }[] } } })
      .error.details.issues;
    expect(issues.map((i) => i.path).sort()).toEqual([
      'displayName',
      'email',
      'password',
      'practiceName',
      'timeZone',
    ]);
    await signUp('dup@example.org');
    const again = await post('/api/auth/sign-up', {
      practiceName: 'Other',
      displayName: 'Someone',
      email: 'dup@example.org',
      password,
      timeZone: 'UTC',
    });
    expect(again.status).toBe(202);
    expect(
      await db.query(`SELECT count(*)::int AS n FROM person WHERE email = 'dup@example.org'`),
    ).toEqual([{ n: 1 }]);
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    await signUp('known@example.org');
    const unknown = await post('/api/auth/login', { email: 'nobody@example.org', password });
    const wrong = await post('/api/auth/login', {
      email: 'known@example.org',
      password: 'wrong passphrase!',
    });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await unknown.json()).toEqual(await wrong.json());
    const right = await api().call(identityRoutes.login, {
      body: { email: 'known@example.org', password },
    });
    expect('person' in right && right.person.email).toBe('known@example.org');
  });

  it('rate-limits failed logins per account with 429 and Retry-After', async () => {
    await signUp('target@example.org');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      statuses.push(
        (
          await post('/api/auth/login', {
            email: 'target@example.org',
            password: `guess number ${i}!!`,
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const limited = await post('/api/auth/login', { email: 'target@example.org', password });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses requests without a valid access token', async () => {
    const { tokens } = await signUp('tokens@example.org');
    const none = await fetch(`${t.baseUrl}/api/me`);
    expect(none.status).toBe(401);
    const [header, payload] = tokens.accessToken.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload!, 'base64url').toString()),
        roles: ['coordinator', 'therapist'],
      }),
    ).toString('base64url');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    for (const token of [
      `${header}.${forgedPayload}.${tokens.accessToken.split('.')[2]}`,
      unsigned,
      'garbage',
    ]) {
      const res = await fetch(`${t.baseUrl}/api/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(401);
    }
  });

  it('rotates the refresh cookie, and a reused one signs the whole family out', async () => {
    const { cookie: first } = await signUp('rotate@example.org');
    const rotated = await post('/api/auth/refresh', undefined, { cookie: first });
    expect(rotated.status).toBe(200);
    const second = cookieOf(rotated);
    expect(second).not.toBe(first);
    // Presented again at once (two tabs refreshing together): a fresh token of the same family.
    const raced = await post('/api/auth/refresh', undefined, { cookie: first });
    expect(raced.status).toBe(200);
    const third = cookieOf(raced);
    // Presented again later, the first cookie was copied by someone: every token of the family goes.
    await db.query(
      `UPDATE refresh_token SET rotated_at = now() - interval '1 minute' WHERE rotated_at IS NOT NULL`,
    );
    expect((await post('/api/auth/refresh', undefined, { cookie: first })).status).toBe(401);
    expect((await post('/api/auth/refresh', undefined, { cookie: second })).status).toBe(401);
    expect((await post('/api/auth/refresh', undefined, { cookie: third })).status).toBe(401);
  });

  it('logout revokes the refresh cookie', async () => {
    const { cookie } = await signUp('logout@example.org');
    const out = await post('/api/auth/logout', undefined, { cookie });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/hearth_refresh=;/);
    expect(out.headers.get('set-cookie')).toMatch(/hearth_session=;/);
    expect((await post('/api/auth/refresh', undefined, { cookie })).status).toBe(401);
  });

  it('invites a client by a single-use link that creates their account', async () => {
    const { tokens } = await signUp('coord@example.org', 'Family Practice');
    const coordinator = authed(tokens.accessToken);
    const created = await coordinator.call(identityRoutes.invite, {
      body: { email: 'Parent@Example.org', displayName: 'Pat Parent', roles: ['client'] },
    });
    expect(created.invitation).toMatchObject({
      email: 'parent@example.org',
      status: 'pending',
      roles: ['client'],
    });
    const token = created.acceptPath.split('/').pop()!;
    const preview = await api().call(identityRoutes.previewInvitation, { params: { token } });
    expect(preview).toMatchObject({ practiceName: 'Family Practice', email: 'parent@example.org' });

    const accepted = await api().call(identityRoutes.acceptInvitation, {
      params: { token },
      body: { password, timeZone: 'America/New_York' },
    });
    expect(accepted.person).toMatchObject({
      email: 'parent@example.org',
      displayName: 'Pat Parent',
      roles: ['client'],
      practiceId: tokens.person.practiceId,
    });
    await expect(
      api().call(identityRoutes.acceptInvitation, {
        params: { token },
        body: { password, timeZone: 'UTC' },
      }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      api().call(identityRoutes.previewInvitation, { params: { token } }),
    ).rejects.toMatchObject({ status: 404 });

    // The stored token is a hash: the link in the database would not work.
    const [row] = await db.query(
      `SELECT encode(token_hash, 'hex') AS h FROM invitation WHERE email = 'parent@example.org'`,
    );
    expect(row.h).not.toContain(token);
  });

  it('refuses an expired invitation and lets only coordinators invite or list people', async () => {
    const { tokens } = await signUp('coord2@example.org');
    const coordinator = authed(tokens.accessToken);
    const created = await coordinator.call(identityRoutes.invite, {
      body: { email: 'late@example.org', displayName: 'Lee Late', roles: ['therapist'] },
    });
    await db.query(`UPDATE invitation SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
      created.invitation.id,
    ]);
    const token = created.acceptPath.split('/').pop()!;
    await expect(
      api().call(identityRoutes.acceptInvitation, {
        params: { token },
        body: { password, timeZone: 'UTC' },
      }),
    ).rejects.toMatchObject({ status: 404 });

    const again = await coordinator.call(identityRoutes.invite, {
      body: { email: 'client2@example.org', displayName: 'Cli Ent', roles: ['client'] },
    });
    const client = await api().call(identityRoutes.acceptInvitation, {
      params: { token: again.acceptPath.split('/').pop()! },
      body: { password, timeZone: 'UTC' },
    });
    const asClient = authed(client.accessToken);
    await expect(asClient.call(identityRoutes.people)).rejects.toMatchObject({
      status: 403,
      code: 'forbidden',
    });
    await expect(
      asClient.call(identityRoutes.invite, {
        body: { email: 'x@example.org', displayName: 'X', roles: ['client'] },
      }),
    ).rejects.toBeInstanceOf(ApiError);
  });

  it('keeps practices apart and audits who read and changed people, without personal data', async () => {
    const a = await signUp('a-coord@example.org', 'Practice A');
    const b = await signUp('b-coord@example.org', 'Practice B');
    const peopleOfB = await authed(b.tokens.accessToken).call(identityRoutes.people);
    expect(peopleOfB.people.map((p) => p.email)).toEqual(['b-coord@example.org']);
    const audit = await db.query(
      `SELECT action, entity, actor_id FROM audit_event WHERE practice_id = $1 ORDER BY id`,
      [b.tokens.person.practiceId],
    );
    expect(audit).toEqual([
      { action: 'practice.created', entity: 'practice', actor_id: b.tokens.person.id },
      { action: 'person.email_verified', entity: 'person', actor_id: b.tokens.person.id },
      { action: 'person.listed', entity: 'person', actor_id: b.tokens.person.id },
    ]);
    expect(a.tokens.person.practiceId).not.toBe(b.tokens.person.practiceId);
    const everything = JSON.stringify(await db.query('SELECT * FROM audit_event'));
    expect(everything).not.toMatch(/@example\.org/);
    expect(t.logLines.join('\n')).not.toMatch(/@example\.org|passphrase/);
  });
});
