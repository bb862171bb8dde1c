import { identityRoutes, mailRoutes } from '@hearth/contracts';
import { startSmtpServer, type TestSmtpServer } from '@hearth/testing';
import {
  type Practice,
  type SchedulingHarness,
  startSchedulingApp,
} from '../testing/scheduling-harness';
import { MailOutboxService } from './mail-outbox.service';

const minutes = (n: number) => n * 60_000;

describe('email through the outbox and a real SMTP server', () => {
  let smtp: TestSmtpServer;
  let h: SchedulingHarness;
  let practice: Practice;
  let outbox: MailOutboxService;
  let invited = 0;

  const invite = (sendEmail: boolean) => {
    invited += 1;
    return practice.coordinator.call(identityRoutes.invite, {
      body: {
        email: `Invitee${invited}@Example.org`,
        displayName: `Invitee <b>${invited}</b>`,
        roles: ['client'],
        sendEmail,
      },
    });
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    h = await startSchedulingApp(
      { SMTP_URL: smtp.url, MAIL_FROM: 'Hearth <hearth@example.org>' },
      smtp,
    );
    practice = await h.practice('Riverside & Co');
    outbox = h.t.app.get(MailOutboxService);
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.stop();
  });

  it('emails an invitation in plain text and HTML with a link that opens it', async () => {
    const created = await invite(true);
    expect(created.email).toBe('queued');
    const mail = await smtp.waitFor((m) => m.to.includes(created.invitation.email));
    expect(mail.subject).toBe('Riverside & Co invited you to Hearth');
    expect(mail.from).toContain('hearth@example.org');
    expect(mail.text).toContain('Hello Invitee <b>1</b>,');
    // Names are people's input: the HTML part escapes them.
    expect(mail.html).toContain('Invitee &lt;b&gt;1&lt;/b&gt;');
    expect(mail.html).toContain('Riverside &amp; Co');
    const link = `${h.t.baseUrl}${created.acceptPath}`;
    expect(mail.links).toEqual([link]);
    expect(mail.html).toContain(`href="${link}"`);
    const preview = await fetch(link.replace('/invitations/', '/api/invitations/'));
    expect(preview.status).toBe(200);

    // The row keeps who and how it went, never the working link.
    await outbox.settled();
    const [row] = await h.db.query(
      `SELECT status, attempts, text_body, html_body FROM mail_outbox WHERE to_address = $1`,
      [created.invitation.email],
    );
    expect(row).toEqual({ status: 'sent', attempts: 1, text_body: null, html_body: null });
  });

  it('sends nothing when the coordinator only wants the link', async () => {
    const created = await invite(false);
    expect(created.email).toBe('not_requested');
    await outbox.settled();
    expect(smtp.to(created.invitation.email)).toHaveLength(0);
    expect(
      await h.db.query(`SELECT 1 FROM mail_outbox WHERE to_address = $1`, [
        created.invitation.email,
      ]),
    ).toHaveLength(0);
  });

  it('retries what the mail server refuses, shows coordinators what is stuck, and gives up in the end', async () => {
    smtp.refuseNext(1);
    const retried = await invite(true);
    await outbox.settled();
    expect(smtp.refused).toBe(1);
    let delivery = await practice.coordinator.call(mailRoutes.mailDelivery);
    expect(delivery.delivers).toBe(true);
    expect(delivery.problems).toEqual([
      expect.objectContaining({
        to: retried.invitation.email,
        kind: 'invitation',
        status: 'retrying',
        attempts: 1,
        lastError: 'SMTP 451',
      }),
    ]);
    // Not before its time; then delivered.
    expect(await outbox.deliverDue(new Date(Date.now() + 30_000))).toEqual({
      sent: 0,
      failed: 0,
      retrying: 0,
    });
    expect((await outbox.deliverDue(new Date(Date.now() + minutes(2)))).sent).toBe(1);
    await smtp.waitFor((m) => m.to.includes(retried.invitation.email));
    delivery = await practice.coordinator.call(mailRoutes.mailDelivery);
    expect(delivery.problems).toEqual([]);

    // A server that keeps refusing: six attempts over hours, then given up.
    smtp.refuseNext(100);
    const lost = await invite(true);
    await outbox.settled();
    let clock = Date.now();
    for (let attempt = 2; attempt <= 6; attempt += 1) {
      clock += minutes(300);
      await outbox.deliverDue(new Date(clock));
    }
    smtp.refuseNext(0);
    delivery = await practice.coordinator.call(mailRoutes.mailDelivery);
    expect(delivery.problems).toEqual([
      expect.objectContaining({
        to: lost.invitation.email,
        status: 'failed',
        attempts: 6,
        nextAttemptAt: null,
      }),
    ]);
    const [row] = await h.db.query(
      `SELECT text_body, html_body FROM mail_outbox WHERE to_address = $1`,
      [lost.invitation.email],
    );
    expect(row).toEqual({ text_body: null, html_body: null });
    expect(smtp.to(lost.invitation.email)).toHaveLength(0);

    // Another practice sees none of it; clients are refused.
    const other = await h.practice('Elsewhere');
    expect((await other.coordinator.call(mailRoutes.mailDelivery)).problems).toEqual([]);
    const client = await practice.person('Cleo Client', ['client']);
    expect((await client.request('GET', '/api/mail/delivery')).status).toBe(403);
  });

  it('mentions no address or content of a message in the log', () => {
    const log = h.t.logLines.join('\n');
    expect(log).toContain('mail not delivered; will retry');
    expect(log).not.toMatch(/invitee\d+@example\.org/i);
    expect(log).not.toMatch(/invitations\/[A-Za-z0-9_-]{43}/);
  });
});
