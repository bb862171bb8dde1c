import { identityRoutes } from '@hearth/contracts';
import { startSmtpServer, type TestSmtpServer } from '@hearth/testing';
import { startSchedulingApp, type SchedulingHarness } from '../testing/scheduling-harness';

// Inviting an email answers the same whether or not that email has an account in another
// practice: a coordinator learns nothing about other practices' people from the invitation form.
// The owner of the account is told by email instead (through a real SMTP server).

describe('no account enumeration through invitations', () => {
  let h: SchedulingHarness;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    h = await startSchedulingApp({ SMTP_URL: smtp.url }, smtp);
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.stop();
  });

  it('invites another practice’s member exactly like a new email, naming nothing', async () => {
    const elsewhere = await h.practice('Hidden Valley Clinic');
    const member = await elsewhere.person('Tom Elsewhere', ['therapist']);
    const memberEmail = (await member.call(identityRoutes.me)).email;
    const mine = await h.practice('Northside IPT');

    const send = (email: string) =>
      mine.coordinator.request('POST', '/api/invitations', {
        email,
        displayName: 'Someone',
        roles: ['therapist'],
        sendEmail: true,
      });
    const known = await send(memberEmail);
    const unknown = await send('nobody-yet@example.org');
    expect(known.status).toBe(unknown.status);
    expect(known.status).toBe(201);
    const shape = (body: Record<string, unknown>) => JSON.stringify(Object.keys(body).sort());
    expect(shape(known.body)).toBe(shape(unknown.body));
    expect(shape(known.body.invitation)).toBe(shape(unknown.body.invitation));
    expect(known.body.invitation.status).toBe('pending');
    expect(known.body.email).toBe(unknown.body.email);
    expect(JSON.stringify(known.body)).not.toContain('Hidden Valley');

    // The newcomer gets a link to accept; the owner of the account is told they were invited and
    // how to sign in, under the same subject (coordinators see the subjects of undelivered mail).
    const toOwner = await smtp.waitFor((m) => m.to.includes(memberEmail.toLowerCase()));
    const toNewcomer = await smtp.waitFor((m) => m.to.includes('nobody-yet@example.org'));
    expect(toOwner.subject).toBe(toNewcomer.subject);
    expect(toOwner.subject).toBe('Northside IPT invited you to Hearth');
    expect(toNewcomer.links.some((l) => l.includes('/invitations/'))).toBe(true);
    expect(toOwner.text).toContain('This address already has a Hearth account');
    expect([...toOwner.links].sort()).toEqual([
      `${h.t.baseUrl}/forgot-password`,
      `${h.t.baseUrl}/sign-in`,
    ]);
    expect(toOwner.text).not.toContain('Hidden Valley');
    const outbox = (await h.db.query(
      `SELECT kind, subject, practice_id FROM mail_outbox WHERE to_address IN ($1, $2)`,
      [memberEmail, 'nobody-yet@example.org'],
    )) as { kind: string; subject: string; practice_id: string }[];
    expect(outbox).toHaveLength(2);
    expect(new Set(outbox.map((row) => JSON.stringify(row))).size).toBe(1);

    // The owner is not sent this link; whoever holds it (the coordinator) and tries to accept it
    // is told it cannot be, naming no practice (judged in the README: "Where an address with an
    // account can still be told").
    const token = (known.body.acceptPath as string).split('/').pop();
    const accept = await fetch(`${h.t.baseUrl}/api/invitations/${token}/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.66.0.1' },
      body: JSON.stringify({ password: 'orchid lantern velvet harbour', timeZone: 'UTC' }),
    });
    expect(accept.status).toBe(409);
    expect(await accept.text()).not.toContain('Hidden Valley');
  });

  it('says plainly when the person is already in the coordinator’s own practice', async () => {
    const mine = await h.practice('Own Practice');
    const colleague = await mine.person('Cleo Colleague', ['therapist']);
    const email = (await colleague.call(identityRoutes.me)).email;
    const again = await mine.coordinator.request('POST', '/api/invitations', {
      email,
      displayName: 'Cleo',
      roles: ['client'],
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('Someone with this email is already in your practice');
  });
});
