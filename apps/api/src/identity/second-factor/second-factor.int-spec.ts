import { Secret, TOTP } from 'otpauth';
import { api, type Json, nextAddress, password, type Person } from '@hearth/testing';
import { type SchedulingHarness, startSchedulingApp } from '../../testing/scheduling-harness';

// Second factors through the real routes on PostgreSQL: enrolling an authenticator app, signing
// in with a code or a recovery code (once), wrong codes throttled like passwords, a practice
// requiring a factor of its staff, and step-up before sensitive acts.

/** The code an app with this secret shows `steps` time steps from now. */
const codeOf = (secret: string, steps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + steps * 30_000,
  });

describe('second factors for staff', () => {
  let h: SchedulingHarness;
  const base = () => h.t.baseUrl;
  const asAddress = () => ({ 'x-forwarded-for': nextAddress() });
  const login = (email: string) =>
    api(base(), 'POST', '/api/auth/login', { email, password }, undefined, asAddress());
  const secondStep = (challenge: string, step: Record<string, unknown>) =>
    api(base(), 'POST', '/api/auth/second-factor', { challenge, ...step }, undefined, asAddress());
  const audited = async (personId: string, action: string) =>
    Number(
      (
        await h.db.query(
          `SELECT count(*) AS n FROM audit_event WHERE actor_id = $1 AND action = $2`,
          [personId, action],
        )
      )[0].n,
    );

  /** Sets up an authenticator app for `person`; answers its secret and recovery codes. */
  const enrolTotp = async (person: Person, token = person.token) => {
    const setup = await api(base(), 'POST', '/api/account/totp', undefined, token);
    expect(setup.status).toBe(200);
    return { secret: setup.body.secret as string, setup: setup.body as Json, token };
  };

  beforeAll(async () => {
    h = await startSchedulingApp();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('enrols an authenticator app: QR code and key, confirmed by a code, recovery codes once', async () => {
    const practice = await h.practice();
    const therapist = await practice.person('Tess Therapist', ['therapist']);
    const { secret, setup } = await enrolTotp(therapist);
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Hearth:.*secret=/);
    expect(setup.qrSvg).toContain('<svg');
    // The secret is stored sealed with the notes keys, never as it is.
    const [row] = await h.db.query(
      `SELECT ciphertext, key_id FROM totp_factor WHERE person_id = $1`,
      [therapist.personId],
    );
    expect(Buffer.from(row.ciphertext).toString('latin1')).not.toContain(secret);
    expect(row.key_id).toMatch(/^local-/);

    const wrong = await therapist.request('POST', '/api/account/totp/confirm', { code: '000000' });
    expect(wrong.status).toBe(400);
    let status = await therapist.request('GET', '/api/account/second-factors');
    expect(status.body).toMatchObject({ totp: false, recoveryCodesLeft: 0 });

    const confirmed = await therapist.request('POST', '/api/account/totp/confirm', {
      code: codeOf(secret),
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    const stored = await h.db.query(`SELECT code_hash FROM recovery_code WHERE person_id = $1`, [
      therapist.personId,
    ]);
    expect(stored).toHaveLength(10);
    const raw = (confirmed.body.recoveryCodes as string[]).join();
    for (const { code_hash } of stored)
      expect(raw).not.toContain(Buffer.from(code_hash).toString());
    status = await therapist.request('GET', '/api/account/second-factors');
    expect(status.body).toMatchObject({ totp: true, recoveryCodesLeft: 10, passkeys: [] });
    expect(await audited(therapist.personId, 'person.totp_enrolled')).toBe(1);
    // A second app cannot replace the first without removing it.
    expect((await therapist.request('POST', '/api/account/totp')).status).toBe(409);
  });

  it('signs in with a code only after the password, and a code works once', async () => {
    const practice = await h.practice();
    const therapist = await practice.person('Theo Therapist', ['therapist']);
    const { secret } = await enrolTotp(therapist);
    await therapist.request('POST', '/api/account/totp/confirm', { code: codeOf(secret, -1) });

    const first = await login(therapist.email);
    expect(first.status).toBe(200);
    expect(first.body.accessToken).toBeUndefined();
    expect(first.headers.get('set-cookie')).toBeNull();
    expect(first.body.secondFactor.methods).toEqual(['totp', 'recovery_code']);

    const code = codeOf(secret);
    const signedIn = await secondStep(first.body.secondFactor.challenge, { code });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.person.id).toBe(therapist.personId);
    expect(signedIn.headers.get('set-cookie')).toContain('hearth_refresh=');
    // The challenge is spent, and the same code does not open another sign-in.
    expect((await secondStep(first.body.secondFactor.challenge, { code })).status).toBe(401);
    const second = await login(therapist.email);
    const replay = await secondStep(second.body.secondFactor.challenge, { code });
    expect(replay.status).toBe(400);
    expect(replay.body.error.details.issues[0].message).toMatch(/used already/);
  });

  it('takes each recovery code once, and audits its use', async () => {
    const practice = await h.practice();
    const coordinator = practice.coordinator;
    const { secret } = await enrolTotp(coordinator);
    const confirmed = await coordinator.request('POST', '/api/account/totp/confirm', {
      code: codeOf(secret),
    });
    const [recovery] = confirmed.body.recoveryCodes as string[];

    const first = await login(coordinator.email);
    const typedLoosely = recovery!.toLowerCase().replace(/-/g, ' ');
    const used = await secondStep(first.body.secondFactor.challenge, {
      recoveryCode: typedLoosely,
    });
    expect(used.status).toBe(200);
    const again = await login(coordinator.email);
    const reused = await secondStep(again.body.secondFactor.challenge, { recoveryCode: recovery });
    expect(reused.status).toBe(400);
    expect(await audited(coordinator.personId, 'person.recovery_code_used')).toBe(1);
    const status = await api(
      base(),
      'GET',
      '/api/account/second-factors',
      undefined,
      used.body.accessToken,
    );
    expect(status.body.recoveryCodesLeft).toBe(9);
  });

  it('throttles wrong codes like passwords: five quick tries, then 429', async () => {
    const practice = await h.practice();
    const therapist = await practice.person('Tam Therapist', ['therapist']);
    const { secret } = await enrolTotp(therapist);
    await therapist.request('POST', '/api/account/totp/confirm', { code: codeOf(secret) });
    const pending = await login(therapist.email);
    const wrongCode = codeOf(secret, 10);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      statuses.push(
        (await secondStep(pending.body.secondFactor.challenge, { code: wrongCode })).status,
      );
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    // Even the right code waits now: the limit is the account's, whichever address asks.
    const right = await secondStep(pending.body.secondFactor.challenge, {
      code: codeOf(secret, 1),
    });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('makes staff of a practice that requires a factor enrol before anything else', async () => {
    const practice = await h.practice();
    const coordinator = practice.coordinator;
    const therapist = await practice.person('Tia Therapist', ['therapist']);
    const client = await practice.person('Cal Client', ['client']);
    const policy = { sessionMaxHours: 720, sessionIdleMinutes: 10080 };

    // Only a coordinator who has a factor may require one.
    const refused = await coordinator.request('PUT', '/api/practice/sign-in-policy', {
      ...policy,
      requireStaffSecondFactor: true,
    });
    expect(refused.status).toBe(409);
    const { secret } = await enrolTotp(coordinator);
    await coordinator.request('POST', '/api/account/totp/confirm', { code: codeOf(secret) });
    const required = await coordinator.request('PUT', '/api/practice/sign-in-policy', {
      ...policy,
      requireStaffSecondFactor: true,
    });
    expect(required.body).toEqual({ ...policy, requireStaffSecondFactor: true });
    expect(await audited(coordinator.personId, 'practice.second_factor_required')).toBe(1);

    const signedIn = await login(therapist.email);
    expect(signedIn.body.mustEnrolSecondFactor).toBe(true);
    const token = signedIn.body.accessToken as string;
    const cookie = /hearth_refresh=[^;]*/.exec(signedIn.headers.get('set-cookie')!)![0];
    const blocked = await api(base(), 'GET', '/api/courses', undefined, token);
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('second_factor_enrolment_required');
    expect((await api(base(), 'GET', '/api/account', undefined, token)).status).toBe(200);
    const status = await api(base(), 'GET', '/api/account/second-factors', undefined, token);
    expect(status.body).toMatchObject({ required: true, totp: false });

    // Enrolling lifts it: the next token is a full one.
    const own = await api(base(), 'POST', '/api/account/totp', undefined, token);
    const confirm = await api(
      base(),
      'POST',
      '/api/account/totp/confirm',
      { code: codeOf(own.body.secret) },
      token,
    );
    expect(confirm.status).toBe(200);
    const renewed = await api(base(), 'POST', '/api/auth/refresh', undefined, undefined, {
      cookie,
      'sec-fetch-site': 'same-origin',
    });
    expect(renewed.body.mustEnrolSecondFactor).toBeUndefined();
    expect(
      (await api(base(), 'GET', '/api/courses', undefined, renewed.body.accessToken)).status,
    ).toBe(200);
    // The rule is for staff: a client signs in as before.
    const clientIn = await login(client.email);
    expect(clientIn.body.accessToken).toBeDefined();
    expect(clientIn.body.mustEnrolSecondFactor).toBeUndefined();
    // And staff may not drop their last factor while it holds.
    const confirmedNow = await api(
      base(),
      'DELETE',
      '/api/account/totp',
      undefined,
      renewed.body.accessToken,
    );
    expect(confirmedNow.status).toBe(409);
  });

  it('refuses export, erasure and role changes without a recent confirmation, then allows them', async () => {
    const practice = await h.practice();
    const coordinator = practice.coordinator;
    const client = await practice.person('Cora Client', ['client']);
    const therapist = await practice.person('Tobi Therapist', ['therapist']);
    const age = () =>
      h.db.query(
        `UPDATE sign_in_session SET confirmed_at = now() - interval '6 minutes' WHERE person_id = $1`,
        [coordinator.personId],
      );
    // A sign-in is itself a confirmation, for five minutes.
    expect((await coordinator.request('GET', `/api/people/${client.personId}/export`)).status).toBe(
      200,
    );
    await age();

    const exported = await coordinator.request('GET', `/api/people/${client.personId}/export`);
    expect(exported.status).toBe(403);
    expect(exported.body.error).toMatchObject({
      code: 'step_up_required',
      details: { methods: ['password'] },
    });
    const roles = await coordinator.request('PUT', `/api/people/${therapist.personId}/roles`, {
      roles: ['therapist', 'coordinator'],
    });
    expect(roles.body.error.code).toBe('step_up_required');
    const erased = await coordinator.request('POST', `/api/people/${client.personId}/erasure`, {
      reason: 'Asked to be forgotten',
    });
    expect(erased.body.error.code).toBe('step_up_required');

    // Without a factor, the password confirms.
    expect(
      (await coordinator.request('POST', '/api/account/step-up', { password: 'not it at all' }))
        .status,
    ).toBe(400);
    const stepped = await coordinator.request('POST', '/api/account/step-up', { password });
    expect(stepped.status).toBe(200);
    expect(Date.parse(stepped.body.confirmedUntil)).toBeGreaterThan(Date.now() + 4 * 60_000);
    expect((await coordinator.request('GET', `/api/people/${client.personId}/export`)).status).toBe(
      200,
    );

    // With a factor, the password is not enough; a code is.
    const { secret } = await enrolTotp(coordinator);
    await coordinator.request('POST', '/api/account/totp/confirm', { code: codeOf(secret) });
    await age();
    const withPassword = await coordinator.request('POST', '/api/account/step-up', { password });
    expect(withPassword.status).toBe(400);
    const denied = await coordinator.request('PUT', `/api/people/${therapist.personId}/roles`, {
      roles: ['therapist', 'coordinator'],
    });
    expect(denied.body.error.details.methods).toEqual(['totp', 'recovery_code']);
    const withCode = await coordinator.request('POST', '/api/account/step-up', {
      code: codeOf(secret, 1),
    });
    expect(withCode.status).toBe(200);
    const changed = await coordinator.request('PUT', `/api/people/${therapist.personId}/roles`, {
      roles: ['therapist', 'coordinator'],
    });
    expect(changed.status).toBe(200);
    // Each confirmation is audited (the refused ones are not confirmations).
    expect(await audited(coordinator.personId, 'person.step_up_confirmed')).toBe(2);
  });

  it('removes a factor only after a recent confirmation, and audits it', async () => {
    const practice = await h.practice();
    const therapist = await practice.person('Rae Therapist', ['therapist']);
    const { secret } = await enrolTotp(therapist);
    await therapist.request('POST', '/api/account/totp/confirm', { code: codeOf(secret) });
    await h.db.query(
      `UPDATE sign_in_session SET confirmed_at = now() - interval '1 hour' WHERE person_id = $1`,
      [therapist.personId],
    );
    const refused = await therapist.request('DELETE', '/api/account/totp');
    expect(refused.body.error.code).toBe('step_up_required');
    await therapist.request('POST', '/api/account/step-up', { code: codeOf(secret, 1) });
    const removed = await therapist.request('DELETE', '/api/account/totp');
    expect(removed.body).toMatchObject({ totp: false, recoveryCodesLeft: 0 });
    expect(await audited(therapist.personId, 'person.totp_removed')).toBe(1);
    // Without a factor the password alone signs in again.
    expect((await login(therapist.email)).body.accessToken).toBeDefined();
  });

  it('offers passkey ceremonies with a challenge that is kept for one use', async () => {
    const practice = await h.practice();
    const therapist = await practice.person('Pia Therapist', ['therapist']);
    const options = await therapist.request('POST', '/api/account/passkeys/options');
    expect(options.status).toBe(200);
    expect(options.body.options).toMatchObject({
      rp: { name: 'Hearth', id: '127.0.0.1' },
      authenticatorSelection: { userVerification: 'required' },
    });
    const forged = await therapist.request('POST', '/api/account/passkeys', {
      attemptId: options.body.attemptId,
      name: 'Laptop',
      response: {
        id: 'AAAA',
        rawId: 'AAAA',
        type: 'public-key',
        response: { clientDataJSON: 'e30' },
      },
    });
    expect(forged.status).toBe(400);
    const signIn = await api(
      base(),
      'POST',
      '/api/auth/passkey/options',
      undefined,
      undefined,
      asAddress(),
    );
    const unknown = await api(base(), 'POST', '/api/auth/passkey', {
      attemptId: signIn.body.attemptId,
      response: {
        id: 'AAAA',
        rawId: 'AAAA',
        type: 'public-key',
        response: { clientDataJSON: 'e30' },
      },
    });
    expect(unknown.status).toBe(401);
  });
});
