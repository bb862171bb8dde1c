import { identityRoutes } from '@hearth/contracts';
import {
  count,
  type Json,
  startSchedulingApp,
  type SchedulingHarness,
} from '../testing/scheduling-harness';

// Weak passwords are refused where people choose one (sign-up, invitation acceptance), with the
// reason on the password field and nothing stored; a strong one of the same length goes through.

describe('password strength', () => {
  let h: SchedulingHarness;
  let address = 0;

  beforeAll(async () => {
    h = await startSchedulingApp();
  });
  afterAll(async () => {
    await h?.close();
  });

  const post = async (path: string, body: unknown) => {
    address += 1;
    const res = await fetch(`${h.t.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.77.0.${address}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };

  const signUp = (password: string, email = 'maria.kowalska@example.org') =>
    post('/api/auth/sign-up', {
      practiceName: 'Riverside Therapy',
      displayName: 'Maria Kowalska',
      email,
      password,
      timeZone: 'Europe/London',
    });

  it.each([
    ['passwordpassword'],
    ['123456789012'],
    ['            '],
    ['qwertyuiopasdf'],
    ['maria.kowalska@example.org'],
    ['kowalska2026!!'],
    ['riverside therapy 1'],
  ])('refuses %j on sign-up with the reason, storing nothing', async (password) => {
    const before = await count(h.db, 'person');
    const reply = await signUp(password);
    expect(reply.status).toBe(400);
    const issues = reply.body.error.details.issues as { path: string; message: string }[];
    expect(issues.map((issue) => issue.path)).toEqual(['password']);
    expect(issues[0]!.message.length).toBeGreaterThan(10);
    expect(await count(h.db, 'person')).toBe(before);
    expect(await count(h.db, 'pending_sign_up')).toBe(0);
  });

  it('says when the password holds the person’s own name or email', async () => {
    const reply = await signUp('Kowalska-orchid-lantern-42');
    expect(reply.status).toBe(400);
    expect(reply.body.error.details.issues[0].message).toContain('your own name or email');
  });

  it('accepts a strong password', async () => {
    expect((await signUp('orchid lantern velvet harbour', 'strong@example.org')).status).toBe(202);
    expect(await count(h.db, 'pending_sign_up', 'email = $1', ['strong@example.org'])).toBe(1);
  });

  it('applies the same rule when an invitation is accepted', async () => {
    const practice = await h.practice();
    const { acceptPath } = await practice.coordinator.call(identityRoutes.invite, {
      body: { email: 'jan.nowak@example.org', displayName: 'Jan Nowak', roles: ['client'] },
    });
    const token = acceptPath.split('/').pop()!;
    for (const password of ['passwordpassword', 'jan.nowak@example.org', 'nowak nowak nowak']) {
      const reply = await post(`/api/invitations/${token}/accept`, {
        password,
        timeZone: 'Europe/London',
      });
      expect({ password, status: reply.status }).toEqual({ password, status: 400 });
    }
    const ok = await post(`/api/invitations/${token}/accept`, {
      password: 'orchid lantern velvet harbour',
      timeZone: 'Europe/London',
    });
    expect(ok.status).toBe(201);
  });
});
