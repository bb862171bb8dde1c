import { identityRoutes, privacyRoutes } from '@hearth/contracts';
import { api, nextAddress, signUpTokenFromMail } from '@hearth/testing';
import { count, startSchedulingApp, type SchedulingHarness } from '../testing/scheduling-harness';
import { SignUpService } from './sign-up.service';

// Sign-up answers the same whether or not the address has an account; nothing exists until the
// emailed link is opened, and only the owner of a known address learns someone tried (by email,
// through a real SMTP server).

describe('sign-up confirmed by email, telling nobody who has an account', () => {
  let h: SchedulingHarness;

  beforeAll(async () => {
    h = await startSchedulingApp();
  });
  afterAll(async () => {
    await h?.close();
  });

  const signUp = (email: string, practiceName = 'Lakeside IPT') =>
    api(
      h.t.baseUrl,
      'POST',
      '/api/auth/sign-up',
      {
        practiceName,
        displayName: 'Lena Lake',
        email,
        password: 'orchid lantern velvet harbour',
        timeZone: 'Europe/London',
      },
      undefined,
      { 'x-forwarded-for': nextAddress() },
    );
  const confirm = (token: string) =>
    api(h.t.baseUrl, 'POST', '/api/auth/sign-up/confirm', { token }, undefined, {
      'x-forwarded-for': nextAddress(),
    });
  const headersOf = (reply: { headers: Headers }) =>
    [...reply.headers.keys()].filter((name) => !['date', 'etag'].includes(name)).sort();

  it('answers a known and an unknown address alike; the owner is told, the newcomer gets a link', async () => {
    const practice = await h.practice('Hidden Valley Clinic');
    const ownerEmail = (await practice.coordinator.call(identityRoutes.me)).email;
    const practicesBefore = await count(h.db, 'practice');
    const peopleBefore = await count(h.db, 'person');

    const known = await signUp(ownerEmail);
    const unknown = await signUp('lena.new@example.org');
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(known.status);
    expect(known.text).toBe(unknown.text);
    expect(known.body).toEqual({ sent: true });
    expect(headersOf(known)).toEqual(headersOf(unknown));
    expect(known.headers.get('set-cookie')).toBeNull();
    expect(unknown.headers.get('set-cookie')).toBeNull();

    // The owner: someone tried, with links to sign in and choose a new password, nothing else.
    const toOwner = await h.mail.waitFor(
      (m) => m.to.includes(ownerEmail) && m.subject.startsWith('Someone tried'),
    );
    expect(toOwner.subject).toBe('Someone tried to create a Hearth account with your address');
    expect([...toOwner.links].sort()).toEqual([
      `${h.t.baseUrl}/forgot-password`,
      `${h.t.baseUrl}/sign-in`,
    ]);
    expect(toOwner.text).not.toContain('Lakeside');
    expect(toOwner.text).not.toContain('Hidden Valley');
    // The newcomer: a link to confirm, and nothing exists yet but the pending sign-up.
    const token = await signUpTokenFromMail(h.mail, 'lena.new@example.org');
    expect(await count(h.db, 'practice')).toBe(practicesBefore);
    expect(await count(h.db, 'person')).toBe(peopleBefore);
    const [pending] = (await h.db.query(
      `SELECT email, password_hash, encode(token_hash, 'hex') AS token_hash,
              expires_at - created_at AS lifetime
         FROM pending_sign_up`,
    )) as { email: string; password_hash: string; token_hash: string; lifetime: unknown }[];
    expect(pending).toMatchObject({ email: 'lena.new@example.org' });
    expect(pending!.password_hash).toMatch(/^\$argon2id\$/);
    expect(pending!.token_hash).not.toContain(Buffer.from(token).toString('hex'));
    expect(await count(h.db, 'pending_sign_up')).toBe(1);
    // Neither email shows among any practice's undelivered mail.
    expect(await count(h.db, 'mail_outbox', `kind = 'sign_up' AND practice_id IS NOT NULL`)).toBe(
      0,
    );
    expect(await count(h.db, 'person', 'email = $1', [ownerEmail])).toBe(1);
  });

  it('creates the practice and its confirmed coordinator once, from the link, and signs them in', async () => {
    expect((await signUp('mira@example.org', 'Mira Practice')).status).toBe(202);
    const token = await signUpTokenFromMail(h.mail, 'mira@example.org');
    const first = await confirm(token);
    expect(first.status).toBe(201);
    expect(first.headers.get('set-cookie')).toMatch(/^hearth_refresh=/);
    expect(first.body.person).toMatchObject({ email: 'mira@example.org', roles: ['coordinator'] });
    const [person] = (await h.db.query(
      `SELECT p.email_verified_at IS NOT NULL AS verified, pr.name
         FROM person p JOIN practice pr ON pr.id = p.practice_id WHERE p.email = $1`,
      ['mira@example.org'],
    )) as { verified: boolean; name: string }[];
    expect(person).toEqual({ verified: true, name: 'Mira Practice' });
    expect(await count(h.db, 'pending_sign_up', 'email = $1', ['mira@example.org'])).toBe(0);
    // The confirmation email is now the person's own (erasure removes it with them).
    expect(
      await count(h.db, 'mail_outbox', `kind = 'sign_up' AND to_address = $1 AND person_id = $2`, [
        'mira@example.org',
        first.body.person.id,
      ]),
    ).toBe(1);
    // Single use.
    const second = await confirm(token);
    expect(second.status).toBe(404);
    expect(await count(h.db, 'practice', 'name = $1', ['Mira Practice'])).toBe(1);
    // The coordinator signs in with the password chosen at sign-up.
    const login = await api(
      h.t.baseUrl,
      'POST',
      '/api/auth/login',
      { email: 'mira@example.org', password: 'orchid lantern velvet harbour' },
      undefined,
      { 'x-forwarded-for': nextAddress() },
    );
    expect(login.status).toBe(200);
  });

  it('refuses an expired link, and the sweep deletes expired sign-ups', async () => {
    await signUp('late@example.org');
    const token = await signUpTokenFromMail(h.mail, 'late@example.org');
    await h.db.query(
      `UPDATE pending_sign_up SET expires_at = now() - interval '1 minute' WHERE email = $1`,
      ['late@example.org'],
    );
    const late = await confirm(token);
    expect(late.status).toBe(404);
    expect(late.body.error.message).toBe('This link is not valid or has expired; sign up again');
    expect(await count(h.db, 'person', 'email = $1', ['late@example.org'])).toBe(0);
    expect(await count(h.db, 'pending_sign_up', 'email = $1', ['late@example.org'])).toBe(0);

    await signUp('later@example.org');
    await h.db.query(
      `UPDATE pending_sign_up SET expires_at = now() - interval '1 minute' WHERE email = $1`,
      ['later@example.org'],
    );
    // The emails of sign-ups nobody confirmed go once their link could no longer work.
    await signUpTokenFromMail(h.mail, 'later@example.org');
    await h.db.query(
      `UPDATE mail_outbox SET created_at = now() - interval '25 hours' WHERE to_address = $1`,
      ['late@example.org'],
    );
    expect(await h.t.app.get(SignUpService).deleteExpired()).toBe(1);
    expect(await count(h.db, 'pending_sign_up', 'email = $1', ['later@example.org'])).toBe(0);
    expect(await count(h.db, 'mail_outbox', 'to_address = $1', ['late@example.org'])).toBe(0);
    expect(await count(h.db, 'mail_outbox', 'to_address = $1', ['later@example.org'])).toBe(1);
  });

  it('keeps one sign-up per address: a newer one replaces the older, whose link stops working', async () => {
    await signUp('twice@example.org', 'First Name IPT');
    const older = await signUpTokenFromMail(h.mail, 'twice@example.org');
    await signUp('twice@example.org', 'Second Name IPT');
    for (let i = 0; h.mail.to('twice@example.org').length < 2 && i < 200; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const newer = await signUpTokenFromMail(h.mail, 'twice@example.org');
    expect(newer).not.toBe(older);
    expect(await count(h.db, 'pending_sign_up', 'email = $1', ['twice@example.org'])).toBe(1);
    expect((await confirm(older)).status).toBe(404);
    const created = await confirm(newer);
    expect(created.status).toBe(201);
    expect(await count(h.db, 'practice', 'name = $1', ['Second Name IPT'])).toBe(1);
    expect(await count(h.db, 'practice', 'name = $1', ['First Name IPT'])).toBe(0);
  });

  it('deletes a waiting sign-up when the person who has that address is erased', async () => {
    // Signed up, then invited into a practice before opening the link.
    await signUp('eve@example.org');
    const practice = await h.practice('Erasure Practice');
    const { acceptPath } = await practice.coordinator.call(identityRoutes.invite, {
      body: { email: 'eve@example.org', displayName: 'Eve Client', roles: ['client'] },
    });
    const accepted = await api(
      h.t.baseUrl,
      'POST',
      `/api${acceptPath}/accept`,
      { password: 'orchid lantern velvet harbour', timeZone: 'UTC' },
      undefined,
      { 'x-forwarded-for': nextAddress() },
    );
    expect(accepted.status).toBe(201);
    expect(await count(h.db, 'pending_sign_up', 'email = $1', ['eve@example.org'])).toBe(1);
    await practice.coordinator.call(privacyRoutes.erasePerson, {
      params: { personId: accepted.body.person.id },
      body: { reason: 'She asked to be forgotten' },
    });
    expect(await count(h.db, 'pending_sign_up', 'email = $1', ['eve@example.org'])).toBe(0);
  });
});
