import { mailRoutes, schedulingRoutes, type CourseDetail } from '@hearth/contracts';
import { startSmtpServer, type TestSmtpServer } from '@hearth/testing';
import {
  type Actor,
  courseBody,
  type Practice,
  type SchedulingHarness,
  startSchedulingApp,
} from '../testing/scheduling-harness';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { RemindersService } from './reminders.service';

const hours = (n: number) => n * 3_600_000;

// Reminders leave through the mail outbox like every other email: here through a real SMTP
// server, read back as the recipient's mail program would get them.
describe('session reminders by email', () => {
  let smtp: TestSmtpServer;
  let h: SchedulingHarness;
  let practice: Practice;
  let partnerA: Actor;
  let partnerB: Actor;
  let course: CourseDetail;
  let reminders: RemindersService;
  let outbox: MailOutboxService;

  const startOf = (n: number) => new Date(course.sessions.find((s) => s.number === n)!.startsAt);

  beforeAll(async () => {
    smtp = await startSmtpServer();
    h = await startSchedulingApp({ MAIL_FROM: 'Hearth <hearth@example.org>' }, smtp);
    practice = await h.practice('Riverside IPT');
    const therapist = await practice.person('Theo Therapist', ['therapist']);
    partnerA = await practice.person('Alex Partner', ['client']);
    partnerB = await practice.person('Blair Partner', ['client']);
    course = await practice.coordinator.call(schedulingRoutes.createCourse, {
      body: courseBody({
        therapistId: therapist.personId,
        title: 'Separation after the move',
        focusAreas: ['disputes', 'role_transitions'],
        weekday: 2,
        localTime: '18:00',
        startDate: '2027-03-16',
        sessionCount: 8,
        members: [
          { personId: partnerA.personId, relation: 'partner' },
          { personId: partnerB.personId, relation: 'partner' },
        ],
      }),
    });
    reminders = h.t.app.get(RemindersService);
    outbox = h.t.app.get(MailOutboxService);
  });
  afterAll(async () => {
    await h?.close();
    await smtp?.stop();
  });

  it('emails each person booked a reminder in plain text and HTML with a working join link and nothing clinical', async () => {
    const first = course.sessions[0]!;
    expect((await reminders.tick(new Date(startOf(1).getTime() - hours(23)))).sent).toBe(3);
    const mail = await smtp.waitFor((m) => m.to.includes(partnerA.email));
    expect(mail.to).toEqual([partnerA.email]);
    expect(mail.from).toContain('hearth@example.org');
    expect(mail.subject).toBe('Reminder: therapy session tomorrow');
    expect(mail.text).toContain('Hello Alex Partner,');
    expect(mail.text).toContain('session 1 of 8');
    // 18:00 London on Tuesday 16 March 2027 (GMT), in the reader's zone (the practice's).
    expect(mail.text).toContain('Tuesday 16 March');
    expect(mail.text).toContain('18:00');
    expect(mail.html).toContain('session 1 of 8');
    expect(mail.html.length).toBeGreaterThan(mail.text.length);

    const link = `${h.t.baseUrl}/sessions/${first.id}/join`;
    expect(mail.links).toEqual([link]);
    expect(mail.html).toContain(`href="${link}"`);
    // The link is the web app's join page of that very session, at the site's address (the
    // journeys in test/e2e open it in a browser).
    expect(new URL(link).origin).toBe(new URL(h.t.baseUrl).origin);

    // Mail crosses servers nobody here controls: no course title, focus or other member.
    for (const part of [mail.subject, mail.text, mail.html]) {
      expect(part).not.toContain('Separation');
      expect(part).not.toMatch(/dispute|transition|grief|deficit/i);
      expect(part).not.toContain('Blair');
      expect(part).not.toContain(partnerB.email);
    }
    await smtp.waitFor((m) => m.to.includes(partnerB.email));
    await outbox.settled();
    expect(
      await h.db.query(
        `SELECT status, count(*)::int AS n, bool_and(text_body IS NULL) AS cleared
           FROM mail_outbox WHERE kind = 'reminder' GROUP BY status`,
      ),
    ).toEqual([{ status: 'sent', n: 3, cleared: true }]);
  });

  it('retries a reminder the mail server refuses, and shows coordinators while it does', async () => {
    smtp.clear();
    smtp.refuseNext(3);
    expect((await reminders.tick(new Date(startOf(1).getTime() - 30 * 60_000))).sent).toBe(3);
    await outbox.settled();
    expect(smtp.refused).toBe(3);
    const delivery = await practice.coordinator.call(mailRoutes.mailDelivery);
    expect(delivery.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          to: partnerA.email,
          kind: 'reminder',
          status: 'retrying',
          attempts: 1,
          lastError: 'SMTP 451',
        }),
      ]),
    );
    expect(delivery.problems.filter((p) => p.kind === 'reminder')).toHaveLength(3);

    // The next attempt (a minute later) goes through.
    expect((await outbox.deliverDue(new Date(Date.now() + 2 * 60_000))).sent).toBe(3);
    const mail = await smtp.waitFor((m) => m.to.includes(partnerA.email));
    expect(mail.subject).toBe('Reminder: therapy session in about an hour');
    expect(mail.links).toEqual([`${h.t.baseUrl}/sessions/${course.sessions[0]!.id}/join`]);
    expect((await practice.coordinator.call(mailRoutes.mailDelivery)).problems).toEqual([]);
  });
});
