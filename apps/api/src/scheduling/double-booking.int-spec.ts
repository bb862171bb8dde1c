import { schedulingRoutes, type CourseDetail } from '@hearth/contracts';
import {
  type Actor,
  type Practice,
  type Reply,
  type SchedulingHarness,
  count,
  courseBody,
  failure,
  startSchedulingApp,
} from '../testing/scheduling-harness';

describe('no double-booking: the database is the final judge', () => {
  let h: SchedulingHarness;
  let practice: Practice;
  let coordinator: Actor;

  beforeAll(async () => {
    h = await startSchedulingApp();
    practice = await h.practice();
    coordinator = practice.coordinator;
  });
  afterAll(async () => {
    await h?.close();
  });

  const create = (body: Parameters<typeof courseBody>[0]) =>
    coordinator.call(schedulingRoutes.createCourse, { body: courseBody(body) });

  it('lets exactly one of 24 concurrent overlapping courses for one therapist win', async () => {
    const therapist = await practice.person('Busy Therapist', ['therapist']);
    // 24 plans for the same Tuesdays at times 5 minutes apart: every pair overlaps.
    const bodies = Array.from({ length: 24 }, (_, i) =>
      courseBody({
        title: `Race ${i}`,
        format: 'individual',
        therapistId: therapist.personId,
        weekday: 2,
        localTime: `09:${String(i * 2).padStart(2, '0')}`,
        startDate: '2027-01-04',
      }),
    );
    const replies: Reply[] = await Promise.all(
      bodies.map((body) => coordinator.request('POST', '/api/courses', body)),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(23);
    const winner = replies.find((r) => r.status === 201)!.body as CourseDetail;
    const winnerSessions = new Set(winner.sessions.map((s) => s.id));
    for (const reply of replies.filter((r) => r.status === 409)) {
      expect(reply.body.error.code).toBe('conflict');
      expect(reply.body.error.details.reason).toBe('double_booked');
      const conflicts = reply.body.error.details.conflicts as {
        existingSessionId: string;
        personId: string;
        role: string;
      }[];
      expect(conflicts.length).toBeGreaterThan(0);
      for (const conflict of conflicts) {
        expect(winnerSessions.has(conflict.existingSessionId)).toBe(true);
        expect(conflict).toMatchObject({ personId: therapist.personId, role: 'therapist' });
      }
    }
    expect(await count(h.db, 'course', 'therapist_id = $1', [therapist.personId])).toBe(1);
    expect(await count(h.db, 'booking', 'person_id = $1', [therapist.personId])).toBe(12);
  });

  it('refuses to double-book a client across two courses, at creation and when adding', async () => {
    const [first, second] = [
      await practice.person('First Therapist', ['therapist']),
      await practice.person('Second Therapist', ['therapist']),
    ];
    const client = await practice.person('Double Client', ['client']);
    const a = await create({
      title: 'A',
      format: 'individual',
      therapistId: first.personId,
      weekday: 4,
      localTime: '10:00',
      members: [{ personId: client.personId, relation: 'member', status: 'active' }],
    });
    const before = await count(h.db, 'course');
    const error = await failure(
      create({
        title: 'B',
        format: 'individual',
        therapistId: second.personId,
        weekday: 4,
        localTime: '10:30',
        members: [{ personId: client.personId, relation: 'member' }],
      }),
    );
    expect(error.status).toBe(409);
    const conflicts = error.details?.['conflicts'] as {
      personId: string;
      role: string;
      existingSessionId: string;
    }[];
    expect(conflicts).toHaveLength(12);
    expect(conflicts[0]).toMatchObject({
      sessionNumber: 1,
      personId: client.personId,
      role: 'client',
      existingSessionId: a.sessions[0]!.id,
      existingStartsAt: a.sessions[0]!.startsAt,
    });
    expect(await count(h.db, 'course')).toBe(before);

    const b = await create({
      title: 'B without members',
      format: 'individual',
      therapistId: second.personId,
      weekday: 4,
      localTime: '10:30',
    });
    const add = await coordinator.request('POST', `/api/courses/${b.id}/members`, {
      personId: client.personId,
      relation: 'member',
    });
    expect(add.status).toBe(409);
    expect(add.body.error.details.conflicts[0]).toMatchObject({
      personId: client.personId,
      existingSessionId: a.sessions[0]!.id,
    });
    expect(await count(h.db, 'roster_member', 'course_id = $1', [b.id])).toBe(0);
    expect(await count(h.db, 'booking', 'person_id = $1', [client.personId])).toBe(12);
  });

  it('lets the exclusion constraint itself refuse an overlapping booking', async () => {
    const [session] = await h.db.query(
      `SELECT b.session_id, b.person_id, b.during FROM booking b WHERE NOT b.cancelled LIMIT 1`,
    );
    const other = await h.db.query(
      `SELECT s.id FROM session s
        WHERE NOT EXISTS (SELECT 1 FROM booking b WHERE b.session_id = s.id AND b.person_id = $1)
        LIMIT 1`,
      [session.person_id],
    );
    await expect(
      h.db.query(
        `INSERT INTO booking (session_id, person_id, role, during) VALUES ($1, $2, 'client', $3)`,
        [other[0].id, session.person_id, session.during],
      ),
    ).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '23P01' }) });
  });

  describe('reschedule and cancel', () => {
    let therapist: Actor;
    let mondays: CourseDetail;
    let fridays: CourseDetail;

    beforeAll(async () => {
      therapist = await practice.person('Moving Therapist', ['therapist']);
      const client = await practice.person('Moving Client', ['client']);
      mondays = await create({
        title: 'Mondays',
        format: 'individual',
        therapistId: therapist.personId,
        weekday: 1,
        localTime: '14:00',
        members: [{ personId: client.personId, relation: 'member', status: 'active' }],
      });
      fridays = await create({
        title: 'Fridays',
        format: 'individual',
        therapistId: therapist.personId,
        weekday: 5,
        localTime: '14:00',
      });
    });

    it('refuses a move onto another of the therapist’s sessions, naming it', async () => {
      const session = fridays.sessions[2]!;
      const target = mondays.sessions[3]!;
      const res = await coordinator.request('POST', `/api/sessions/${session.id}/reschedule`, {
        startsAt: target.startsAt.replace('14:00:00.000Z', '14:20:00.000Z'),
        reason: 'clash',
      });
      expect(res.status).toBe(409);
      expect(res.body.error.details.conflicts).toEqual([
        expect.objectContaining({
          personId: therapist.personId,
          existingSessionId: target.id,
          existingStartsAt: target.startsAt,
        }),
      ]);
      const [row] = await h.db.query(`SELECT starts_at FROM session WHERE id = $1`, [session.id]);
      expect(row.starts_at.toISOString()).toBe(session.startsAt);
      expect(await count(h.db, 'session_change', 'session_id = $1', [session.id])).toBe(0);
    });

    it('moves a session with its bookings and keeps the history', async () => {
      const session = mondays.sessions[4]!;
      const startsAt = '2027-02-03T09:00:00+01:00'; // a Wednesday, given with an offset
      const moved = await therapist.call(schedulingRoutes.rescheduleSession, {
        params: { sessionId: session.id },
        body: { startsAt, durationMinutes: 60, reason: 'Bank holiday' },
      });
      expect(moved).toMatchObject({
        id: session.id,
        number: 5,
        label: 'Session 5 of 12',
        startsAt: '2027-02-03T08:00:00.000Z',
        endsAt: '2027-02-03T09:00:00.000Z',
        durationMinutes: 60,
        status: 'scheduled',
        viewerRole: 'therapist',
      });
      expect(moved.history).toEqual([
        expect.objectContaining({
          kind: 'rescheduled',
          fromStartsAt: session.startsAt,
          fromEndsAt: session.endsAt,
          toStartsAt: '2027-02-03T08:00:00.000Z',
          toEndsAt: '2027-02-03T09:00:00.000Z',
          reason: 'Bank holiday',
          changedBy: therapist.personId,
        }),
      ]);
      const bookings = await h.db.query(
        `SELECT lower(during) AS s, upper(during) AS e FROM booking WHERE session_id = $1`,
        [session.id],
      );
      expect(bookings).toHaveLength(2);
      for (const b of bookings) {
        expect([b.s.toISOString(), b.e.toISOString()]).toEqual([
          '2027-02-03T08:00:00.000Z',
          '2027-02-03T09:00:00.000Z',
        ]);
      }
      // The old slot is free again: another session can move into it.
      const into = await coordinator.request(
        'POST',
        `/api/sessions/${fridays.sessions[5]!.id}/reschedule`,
        { startsAt: session.startsAt },
      );
      expect(into.status).toBe(200);
    });

    it('frees a cancelled session’s slot for another course, and keeps it in the history', async () => {
      const cancelled = mondays.sessions[6]!;
      const mover = fridays.sessions[7]!;
      const blocked = await coordinator.request('POST', `/api/sessions/${mover.id}/reschedule`, {
        startsAt: cancelled.startsAt,
      });
      expect(blocked.status).toBe(409);
      const result = await coordinator.call(schedulingRoutes.cancelSession, {
        params: { sessionId: cancelled.id },
        body: { reason: 'Therapist unwell' },
      });
      expect(result.status).toBe('cancelled');
      expect(result.history).toEqual([
        expect.objectContaining({
          kind: 'cancelled',
          toStartsAt: null,
          reason: 'Therapist unwell',
        }),
      ]);
      expect(
        await count(h.db, 'booking', 'session_id = $1 AND NOT cancelled', [cancelled.id]),
      ).toBe(0);
      const moved = await coordinator.request('POST', `/api/sessions/${mover.id}/reschedule`, {
        startsAt: cancelled.startsAt,
      });
      expect(moved.status).toBe(200);
      // A cancelled session stays listed (as cancelled) and cannot be changed again.
      const again = await coordinator.request('POST', `/api/sessions/${cancelled.id}/cancel`, {});
      expect(again.status).toBe(409);
      expect(again.body.error.details.reason).toBe('already_cancelled');
      const move = await coordinator.request('POST', `/api/sessions/${cancelled.id}/reschedule`, {
        startsAt: '2027-06-01T10:00:00Z',
      });
      expect(move.status).toBe(409);
      expect(move.body.error.details.reason).toBe('session_cancelled');
    });

    it('lets only one of two concurrent moves into the same free slot win', async () => {
      const slot = '2027-05-05T07:00:00.000Z';
      const replies = await Promise.all(
        [mondays.sessions[9]!, fridays.sessions[9]!].map((s) =>
          coordinator.request('POST', `/api/sessions/${s.id}/reschedule`, { startsAt: slot }),
        ),
      );
      expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
      const loser = replies.find((r) => r.status === 409)!;
      const winner = replies.find((r) => r.status === 200)!;
      expect(loser.body.error.details.conflicts[0].existingSessionId).toBe(winner.body.id);
    });

    it('refuses to move a session that has already taken place, and bad times by field', async () => {
      const past = await create({
        title: 'Past',
        format: 'individual',
        therapistId: therapist.personId,
        sessionCount: 8,
        weekday: 3,
        startDate: '2026-01-05',
      });
      const res = await coordinator.request(
        'POST',
        `/api/sessions/${past.sessions[0]!.id}/reschedule`,
        { startsAt: '2027-08-01T10:00:00Z' },
      );
      expect(res.status).toBe(409);
      expect(res.body.error.details.reason).toBe('session_started');
      const bad = await coordinator.request(
        'POST',
        `/api/sessions/${fridays.sessions[10]!.id}/reschedule`,
        { startsAt: '2027-08-01 10:00', durationMinutes: 47 },
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual([
        'durationMinutes',
        'startsAt',
      ]);
      const noOffset = await coordinator.request(
        'POST',
        `/api/sessions/${fridays.sessions[10]!.id}/reschedule`,
        { startsAt: fridays.sessions[10]!.startsAt },
      );
      expect(noOffset.status).toBe(400);
      expect(noOffset.body.error.details.issues[0]).toMatchObject({
        location: 'body',
        path: 'startsAt',
        message: 'is already the time of this session',
      });
    });
  });
});
