import { schedulingRoutes, type CourseDetail } from '@hearth/contracts';
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

describe('session reminders', () => {
  let h: SchedulingHarness;
  let practice: Practice;
  let therapist: Actor;
  let course: CourseDetail;
  let reminders: RemindersService;

  const startOf = (n: number) => new Date(course.sessions.find((s) => s.number === n)!.startsAt);
  const outbox = (sessionId: string) =>
    h.db.query(
      `SELECT kind, outcome, claimed_at IS NOT NULL AS claimed FROM reminder WHERE session_id = $1 ORDER BY kind, person_id`,
      [sessionId],
    );

  beforeAll(async () => {
    h = await startSchedulingApp();
    practice = await h.practice();
    therapist = await practice.person('Theo Therapist', ['therapist']);
    const a = await practice.person('Partner A', ['client']);
    const b = await practice.person('Partner B', ['client']);
    course = await practice.coordinator.call(schedulingRoutes.createCourse, {
      body: courseBody({
        therapistId: therapist.personId,
        weekday: 2,
        localTime: '18:00',
        startDate: '2027-03-16',
        sessionCount: 8,
        members: [
          { personId: a.personId, relation: 'partner' },
          { personId: b.personId, relation: 'partner' },
        ],
      }),
    });
    reminders = h.t.app.get(RemindersService);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('sends the day-before and hour-before reminders once to everyone booked, never twice', async () => {
    const first = course.sessions[0]!;
    const start = startOf(1);
    expect(await reminders.tick(new Date(start.getTime() - hours(25)))).toEqual({
      queued: 0,
      sent: 0,
    });
    expect(await reminders.tick(new Date(start.getTime() - hours(23)))).toEqual({
      queued: 3,
      sent: 3,
    });
    expect(await reminders.tick(new Date(start.getTime() - hours(22)))).toEqual({
      queued: 0,
      sent: 0,
    });

    // A restarted node (a fresh service over the same database) does not send them again.
    const restarted = new RemindersService(
      h.db,
      (reminders as unknown as { config: never }).config,
      (reminders as unknown as { outbox: never }).outbox,
      (reminders as unknown as { site: never }).site,
      (reminders as unknown as { logger: never }).logger,
    );
    expect(await restarted.tick(new Date(start.getTime() - hours(20)))).toEqual({
      queued: 0,
      sent: 0,
    });

    expect(await restarted.tick(new Date(start.getTime() - 30 * 60_000))).toEqual({
      queued: 3,
      sent: 3,
    });
    const rows = await outbox(first.id);
    expect(rows).toHaveLength(6);
    expect(rows.every((r: { outcome: string }) => r.outcome === 'queued')).toBe(true);
    // Each went through the mail outbox to the mail server; the log never names an address.
    await h.t.app.get(MailOutboxService).settled();
    expect(
      await h.db.query(
        `SELECT status, count(*)::int AS n FROM mail_outbox WHERE kind = 'reminder' GROUP BY status`,
      ),
    ).toEqual([{ status: 'sent', n: 6 }]);
    const log = h.t.logLines.join('\n');
    expect(log).not.toMatch(/@[a-z]+\.example/);
  });

  it('sends nothing for a cancelled session and fresh reminders for a rescheduled one', async () => {
    const [, second, third] = course.sessions;
    await practice.coordinator.call(schedulingRoutes.cancelSession, {
      params: { sessionId: second!.id },
      body: {},
    });
    expect(await reminders.tick(new Date(startOf(2).getTime() - hours(23)))).toEqual({
      queued: 0,
      sent: 0,
    });

    expect((await reminders.tick(new Date(startOf(3).getTime() - hours(23)))).sent).toBe(3);
    const moved = new Date(startOf(3).getTime() + hours(24));
    await practice.coordinator.call(schedulingRoutes.rescheduleSession, {
      params: { sessionId: third!.id },
      body: { startsAt: moved.toISOString() },
    });
    expect(await reminders.tick(new Date(moved.getTime() - hours(23)))).toEqual({
      queued: 3,
      sent: 3,
    });
    const kinds = (await outbox(third!.id)).map((r: { kind: string }) => r.kind);
    expect(kinds.filter((k: string) => k === 'day_before')).toHaveLength(6);
  });
});
