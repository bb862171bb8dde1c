import { createApiClient, identityRoutes, type Role, type SessionTokens } from '@hearth/contracts';
import { signUpCoordinator, startSmtpServer, type TestSmtpServer } from '@hearth/testing';
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../testing/test-app';

const password = 'a long enough passphrase';

describe('invitations: a coordinator lists, revokes and resends what they sent', () => {
  let t: TestApp;
  let db: DataSource;
  let smtp: TestSmtpServer;
  const api = () => createApiClient({ baseUrl: t.baseUrl });
  const authed = (token: string) =>
    createApiClient({ baseUrl: t.baseUrl, headers: () => ({ authorization: `Bearer ${token}` }) });
  const tokenOf = (acceptPath: string) => acceptPath.split('/').pop()!;

  async function signUp(email: string, practiceName: string): Promise<SessionTokens> {
    return signUpCoordinator(t.baseUrl, smtp, {
      practiceName,
      displayName: 'Cora Ordinator',
      email,
      password,
      timeZone: 'UTC',
    });
  }

  async function invite(coordinator: SessionTokens, email: string, roles: Role[] = ['client']) {
    return authed(coordinator.accessToken).call(identityRoutes.invite, {
      body: { email, displayName: `Name of ${email.split('@')[0]}`, roles },
    });
  }

  const accept = (acceptPath: string) =>
    api().call(identityRoutes.acceptInvitation, {
      params: { token: tokenOf(acceptPath) },
      body: { password, timeZone: 'UTC' },
    });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ env: { SMTP_URL: smtp.url } });
    db = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.stop();
  });

  it('lists the practice’s invitations newest first, each with its status, and filters by one', async () => {
    const coordinator = await signUp('list-coord@example.org', 'Listing Practice');
    const other = await signUp('list-other@example.org', 'Someone Else');
    await invite(other, 'not-mine@example.org');
    const accepted = await invite(coordinator, 'accepted@example.org');
    const revoked = await invite(coordinator, 'revoked@example.org');
    const expired = await invite(coordinator, 'expired@example.org', ['therapist']);
    const pending = await invite(coordinator, 'pending@example.org');
    await accept(accepted.acceptPath);
    const as = authed(coordinator.accessToken);
    await as.call(identityRoutes.revokeInvitation, {
      params: { invitationId: revoked.invitation.id },
    });
    await db.query(`UPDATE invitation SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
      expired.invitation.id,
    ]);
    // Sent at distinct moments, so "newest first" has one right answer.
    for (const [i, created] of [accepted, revoked, expired, pending].entries()) {
      await db.query(
        `UPDATE invitation SET created_at = now() - make_interval(mins => $2) WHERE id = $1`,
        [created.invitation.id, 10 - i],
      );
    }

    const res = await fetch(`${t.baseUrl}/api/invitations`, {
      headers: { authorization: `Bearer ${coordinator.accessToken}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const { invitations } = await as.call(identityRoutes.invitations);
    expect(invitations.map((i) => [i.email, i.status])).toEqual([
      ['pending@example.org', 'pending'],
      ['expired@example.org', 'expired'],
      ['revoked@example.org', 'revoked'],
      ['accepted@example.org', 'accepted'],
    ]);
    expect(invitations[1]).toMatchObject({
      id: expired.invitation.id,
      displayName: 'Name of expired',
      roles: ['therapist'],
      expiresAt: expect.any(String),
      createdAt: expect.any(String),
    });

    for (const status of ['pending', 'expired', 'revoked', 'accepted'] as const) {
      const only = await as.call(identityRoutes.invitations, { query: { status } });
      expect(only.invitations.map((i) => i.status)).toEqual([status]);
    }
    const bad = await fetch(`${t.baseUrl}/api/invitations?status=lost`, {
      headers: { authorization: `Bearer ${coordinator.accessToken}` },
    });
    expect(bad.status).toBe(400);
  });

  it('revokes a pending invitation: its link stops working at once', async () => {
    const coordinator = await signUp('revoke-coord@example.org', 'Revoking Practice');
    const created = await invite(coordinator, 'changed-mind@example.org');
    const token = tokenOf(created.acceptPath);
    await api().call(identityRoutes.previewInvitation, { params: { token } });

    const revoked = await authed(coordinator.accessToken).call(identityRoutes.revokeInvitation, {
      params: { invitationId: created.invitation.id },
    });
    expect(revoked.invitation).toMatchObject({ id: created.invitation.id, status: 'revoked' });

    await expect(
      api().call(identityRoutes.previewInvitation, { params: { token } }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(accept(created.acceptPath)).rejects.toMatchObject({ status: 404 });
    expect(
      await db.query(
        `SELECT count(*)::int AS n FROM person WHERE email = 'changed-mind@example.org'`,
      ),
    ).toEqual([{ n: 0 }]);
    // Revoking twice is a conflict, not a silent success.
    await expect(
      authed(coordinator.accessToken).call(identityRoutes.revokeInvitation, {
        params: { invitationId: created.invitation.id },
      }),
    ).rejects.toMatchObject({ status: 409, code: 'conflict' });
  });

  it('refuses with 409 to revoke an accepted invitation, and leaves the account alone', async () => {
    const coordinator = await signUp('accepted-coord@example.org', 'Accepting Practice');
    const created = await invite(coordinator, 'joined@example.org');
    const joined = await accept(created.acceptPath);
    await expect(
      authed(coordinator.accessToken).call(identityRoutes.revokeInvitation, {
        params: { invitationId: created.invitation.id },
      }),
    ).rejects.toMatchObject({ status: 409, code: 'conflict', details: { status: 'accepted' } });
    await expect(
      authed(coordinator.accessToken).call(identityRoutes.resendInvitation, {
        params: { invitationId: created.invitation.id },
      }),
    ).rejects.toMatchObject({ status: 409, code: 'conflict' });
    const me = await authed(joined.accessToken).call(identityRoutes.me);
    expect(me.email).toBe('joined@example.org');
  });

  it('resends: the old link dies, the new one has a fresh expiry and works once', async () => {
    const coordinator = await signUp('resend-coord@example.org', 'Resending Practice');
    const first = await invite(coordinator, 'slow@example.org', ['therapist']);
    await db.query(`UPDATE invitation SET expires_at = now() + interval '1 minute' WHERE id = $1`, [
      first.invitation.id,
    ]);

    const res = await fetch(`${t.baseUrl}/api/invitations/${first.invitation.id}/resend`, {
      method: 'POST',
      headers: { authorization: `Bearer ${coordinator.accessToken}` },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const second = (await res.json()) as typeof first;
    expect(second.acceptPath).toMatch(/^\/invitations\/[A-Za-z0-9_-]{43}$/);
    expect(second.acceptPath).not.toBe(first.acceptPath);
    expect(second.invitation).toMatchObject({
      email: 'slow@example.org',
      displayName: 'Name of slow',
      roles: ['therapist'],
      status: 'pending',
    });
    expect(second.invitation.id).not.toBe(first.invitation.id);
    expect(Date.parse(second.invitation.expiresAt) - Date.now()).toBeGreaterThan(3_600_000);

    await expect(accept(first.acceptPath)).rejects.toMatchObject({ status: 404 });
    const listed = await authed(coordinator.accessToken).call(identityRoutes.invitations);
    expect(listed.invitations.map((i) => [i.id, i.status])).toEqual([
      [second.invitation.id, 'pending'],
      [first.invitation.id, 'revoked'],
    ]);
    // The old one cannot be sent a second time; the new one can.
    await expect(
      authed(coordinator.accessToken).call(identityRoutes.resendInvitation, {
        params: { invitationId: first.invitation.id },
      }),
    ).rejects.toMatchObject({ status: 409 });

    const joined = await accept(second.acceptPath);
    expect(joined.person).toMatchObject({ email: 'slow@example.org', roles: ['therapist'] });
    await expect(accept(second.acceptPath)).rejects.toMatchObject({ status: 404 });
  });

  it('resends an expired invitation', async () => {
    const coordinator = await signUp('expired-coord@example.org', 'Late Practice');
    const first = await invite(coordinator, 'away@example.org');
    await db.query(`UPDATE invitation SET expires_at = now() - interval '1 day' WHERE id = $1`, [
      first.invitation.id,
    ]);
    const second = await authed(coordinator.accessToken).call(identityRoutes.resendInvitation, {
      params: { invitationId: first.invitation.id },
    });
    expect((await accept(second.acceptPath)).person.email).toBe('away@example.org');
  });

  it('answers 404 for another practice’s invitation and changes nothing', async () => {
    const a = await signUp('a-inv@example.org', 'Practice A');
    const b = await signUp('b-inv@example.org', 'Practice B');
    const ofA = await invite(a, 'belongs-to-a@example.org');
    const asB = authed(b.accessToken);
    for (const route of [identityRoutes.revokeInvitation, identityRoutes.resendInvitation]) {
      await expect(
        asB.call(route, { params: { invitationId: ofA.invitation.id } }),
      ).rejects.toMatchObject({ status: 404, code: 'not_found' });
    }
    // An id that exists nowhere gets the very same answer.
    await expect(
      asB.call(identityRoutes.revokeInvitation, {
        params: { invitationId: '00000000-0000-4000-8000-000000000000' },
      }),
    ).rejects.toMatchObject({ status: 404, code: 'not_found' });
    expect((await asB.call(identityRoutes.invitations)).invitations).toEqual([]);
    const [row] = await db.query(`SELECT revoked_at FROM invitation WHERE id = $1`, [
      ofA.invitation.id,
    ]);
    expect(row.revoked_at).toBeNull();
    expect((await accept(ofA.acceptPath)).person.email).toBe('belongs-to-a@example.org');
  });

  it('lets only coordinators list, revoke or resend invitations', async () => {
    const coordinator = await signUp('roles-coord@example.org', 'Roles Practice');
    const target = await invite(coordinator, 'target-of-roles@example.org');
    const therapist = await accept(
      (await invite(coordinator, 'th@example.org', ['therapist'])).acceptPath,
    );
    const client = await accept((await invite(coordinator, 'cl@example.org')).acceptPath);
    for (const person of [therapist, client]) {
      const as = authed(person.accessToken);
      await expect(as.call(identityRoutes.invitations)).rejects.toMatchObject({
        status: 403,
        code: 'forbidden',
      });
      for (const route of [identityRoutes.revokeInvitation, identityRoutes.resendInvitation]) {
        await expect(
          as.call(route, { params: { invitationId: target.invitation.id } }),
        ).rejects.toMatchObject({ status: 403, code: 'forbidden' });
      }
    }
    const unsigned = await fetch(`${t.baseUrl}/api/invitations`);
    expect(unsigned.status).toBe(401);
    const listed = await authed(coordinator.accessToken).call(identityRoutes.invitations, {
      query: { status: 'pending' },
    });
    expect(listed.invitations.map((i) => i.id)).toEqual([target.invitation.id]);
  });

  it('audits every change and each listing, without personal data', async () => {
    const coordinator = await signUp('audit-coord@example.org', 'Audited Practice');
    const as = authed(coordinator.accessToken);
    const one = await invite(coordinator, 'audit-one@example.org');
    const two = await invite(coordinator, 'audit-two@example.org');
    await as.call(identityRoutes.invitations);
    await as.call(identityRoutes.revokeInvitation, { params: { invitationId: one.invitation.id } });
    const resent = await as.call(identityRoutes.resendInvitation, {
      params: { invitationId: two.invitation.id },
    });
    const audit = await db.query(
      `SELECT action, entity, entity_id, actor_id FROM audit_event
        WHERE practice_id = $1 AND action NOT IN ('practice.created', 'person.email_verified')
        ORDER BY id`,
      [coordinator.person.practiceId],
    );
    const actor_id = coordinator.person.id;
    expect(audit).toEqual([
      {
        action: 'invitation.created',
        entity: 'invitation',
        entity_id: one.invitation.id,
        actor_id,
      },
      {
        action: 'invitation.created',
        entity: 'invitation',
        entity_id: two.invitation.id,
        actor_id,
      },
      { action: 'invitation.listed', entity: 'invitation', entity_id: null, actor_id },
      {
        action: 'invitation.revoked',
        entity: 'invitation',
        entity_id: one.invitation.id,
        actor_id,
      },
      {
        action: 'invitation.revoked',
        entity: 'invitation',
        entity_id: two.invitation.id,
        actor_id,
      },
      {
        action: 'invitation.resent',
        entity: 'invitation',
        entity_id: resent.invitation.id,
        actor_id,
      },
    ]);
    expect(JSON.stringify(await db.query('SELECT * FROM audit_event'))).not.toMatch(
      /@example\.org|Name of/,
    );
    expect(t.logLines.join('\n')).not.toMatch(/@example\.org|\/invitations\/[A-Za-z0-9_-]{43}/);
  });
});
