import { calendarRoutes, schedulingRoutes } from '@hearth/contracts';
import {
  type Actor,
  courseBody,
  type Practice,
  type SchedulingHarness,
  startSchedulingApp,
} from '../testing/scheduling-harness';

describe('calendar feed (ICS)', () => {
  let h: SchedulingHarness;
  let practice: Practice;
  let therapist: Actor;
  let partnerA: Actor;
  let partnerB: Actor;
  let outsider: Actor;

  const fetchFeed = (path: string) => fetch(`${h.t.baseUrl}${path}`);
  const events = (ics: string) => ics.split('BEGIN:VEVENT').slice(1);

  beforeAll(async () => {
    h = await startSchedulingApp();
    practice = await h.practice();
    therapist = await practice.person('Theo Therapist', ['therapist']);
    partnerA = await practice.person('Partner A', ['client']);
    partnerB = await practice.person('Partner B', ['client']);
    outsider = await practice.person('Other Client', ['client']);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("lists a person's sessions in UTC, follows a reschedule and a cancellation, and nobody else's", async () => {
    const course = await practice.coordinator.call(schedulingRoutes.createCourse, {
      body: courseBody({
        therapistId: therapist.personId,
        title: 'Tuesday couple',
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
    const feed = await partnerA.call(calendarRoutes.createFeed);
    expect(feed.path).toMatch(/^\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);

    const res = await fetchFeed(feed.path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(res.headers.get('cache-control')).toContain('no-store');
    const ics = await res.text();
    expect(events(ics)).toHaveLength(8);
    // 18:00 in London is 18:00Z before the clocks change on 28 March 2027 and 17:00Z after.
    expect(ics).toContain('DTSTART:20270316T180000Z');
    expect(ics).toContain('DTSTART:20270330T170000Z');
    expect(ics).toContain('SUMMARY:Therapy session 1 of 8');
    expect(ics).not.toContain('Tuesday couple');
    expect(ics).toContain('X-WR-TIMEZONE:Europe/London');

    const [first, second] = course.sessions;
    await practice.coordinator.call(schedulingRoutes.rescheduleSession, {
      params: { sessionId: first!.id },
      body: { startsAt: '2027-03-17T18:00:00Z' },
    });
    await practice.coordinator.call(schedulingRoutes.cancelSession, {
      params: { sessionId: second!.id },
      body: {},
    });
    const after = await (await fetchFeed(feed.path)).text();
    const moved = events(after).find((e) => e.includes(`UID:${first!.id}@hearth`))!;
    expect(moved).toContain('DTSTART:20270317T180000Z');
    expect(moved).toContain('SEQUENCE:1');
    const cancelled = events(after).find((e) => e.includes(`UID:${second!.id}@hearth`))!;
    expect(cancelled).toContain('STATUS:CANCELLED');

    const outsiderFeed = await outsider.call(calendarRoutes.createFeed);
    expect(events(await (await fetchFeed(outsiderFeed.path)).text())).toHaveLength(0);
  });

  it('stops working when replaced or revoked, and unknown addresses are 404', async () => {
    const first = await partnerB.call(calendarRoutes.createFeed);
    const second = await partnerB.call(calendarRoutes.createFeed);
    expect((await fetchFeed(first.path)).status).toBe(404);
    expect((await fetchFeed(second.path)).status).toBe(200);
    expect(await partnerB.call(calendarRoutes.revokeFeed)).toEqual({ revoked: true });
    expect((await fetchFeed(second.path)).status).toBe(404);
    expect(await partnerB.call(calendarRoutes.revokeFeed)).toEqual({ revoked: false });
    expect((await fetchFeed(`/api/calendar/${'A'.repeat(43)}.ics`)).status).toBe(404);
    expect((await fetchFeed('/api/calendar/not-a-feed.ics')).status).toBe(400);
  });

  it('audits feed reads without personal data', async () => {
    const feed = await therapist.call(calendarRoutes.createFeed);
    await fetchFeed(feed.path);
    const rows = await h.db.query(
      `SELECT action FROM audit_event WHERE actor_id = $1 AND action LIKE 'calendar_feed.%' ORDER BY id`,
      [therapist.personId],
    );
    expect(rows.map((r: { action: string }) => r.action)).toEqual([
      'calendar_feed.created',
      'calendar_feed.read',
    ]);
  });
});
