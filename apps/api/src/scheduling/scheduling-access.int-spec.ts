import { schedulingRoutes, type CourseDetail } from '@hearth/contracts';
import {
  type Actor,
  type SchedulingHarness,
  courseBody,
  startSchedulingApp,
} from '../testing/scheduling-harness';

// Who may see and change what: coordinators their whole practice, therapists the courses they
// run, clients the courses they are on and only their own sessions; anything else is a 404 that
// says nothing, and every read or write of rosters and sessions leaves an audit row.
describe('scheduling authorisation and audit', () => {
  let h: SchedulingHarness;
  let coordinator: Actor;
  let therapist: Actor;
  let otherTherapist: Actor;
  let alice: Actor;
  let bob: Actor;
  let carol: Actor;
  let courseA: CourseDetail;
  let courseB: CourseDetail;
  let outsider: { coordinator: Actor; therapist: Actor; client: Actor; course: CourseDetail };

  const week = { from: '2027-01-04T00:00:00Z', to: '2027-01-11T00:00:00Z' };

  beforeAll(async () => {
    h = await startSchedulingApp();
    const practice = await h.practice('Riverside');
    coordinator = practice.coordinator;
    therapist = await practice.person('Theo Therapist', ['therapist']);
    otherTherapist = await practice.person('Olga Other', ['therapist']);
    alice = await practice.person('Alice Client', ['client']);
    bob = await practice.person('Bob Client', ['client']);
    carol = await practice.person('Carol Client', ['client']);
    courseA = await coordinator.call(schedulingRoutes.createCourse, {
      body: courseBody({
        title: 'Course A',
        therapistId: therapist.personId,
        members: [
          { personId: alice.personId, relation: 'partner', status: 'active' },
          { personId: carol.personId, relation: 'partner', status: 'active' },
        ],
      }),
    });
    courseB = await coordinator.call(schedulingRoutes.createCourse, {
      body: courseBody({
        title: 'Course B',
        format: 'individual',
        therapistId: otherTherapist.personId,
        weekday: 2,
        members: [{ personId: bob.personId, relation: 'member' }],
      }),
    });
    const elsewhere = await h.practice('Elsewhere');
    const elsewhereTherapist = await elsewhere.person('Eve Elsewhere', ['therapist']);
    outsider = {
      coordinator: elsewhere.coordinator,
      therapist: elsewhereTherapist,
      client: await elsewhere.person('Zed Elsewhere', ['client']),
      course: await elsewhere.coordinator.call(schedulingRoutes.createCourse, {
        body: courseBody({ title: 'Elsewhere course', therapistId: elsewhereTherapist.personId }),
      }),
    };
  });
  afterAll(async () => {
    await h?.close();
  });

  const expectNotFound = (reply: { status: number; body: unknown }) => {
    expect(reply.status).toBe(404);
    // Nothing but the code and a generic message: no ids, names or times of the thing.
    expect(reply.body).toEqual({
      error: {
        code: 'not_found',
        message: expect.stringMatching(/^No such (course|session|member)$/),
      },
    });
  };

  it('shows a client only the courses they are on, and only their sessions', async () => {
    const listed = await alice.call(schedulingRoutes.listCourses);
    expect(listed.courses.map((c) => c.id)).toEqual([courseA.id]);
    const detail = await alice.call(schedulingRoutes.getCourse, {
      params: { courseId: courseA.id },
    });
    expect(detail.members.map((m) => m.displayName)).toEqual(['Alice Client', 'Carol Client']);
    expect(JSON.stringify(detail)).not.toMatch(/@|email/);
    expectNotFound(await alice.request('GET', `/api/courses/${courseB.id}`));
    expectNotFound(await alice.request('GET', `/api/sessions/${courseB.sessions[0]!.id}`));
    const sessions = await alice.call(schedulingRoutes.listSessions, { query: week });
    expect(sessions.sessions.map((s) => s.id)).toEqual([courseA.sessions[0]!.id]);
    expect(sessions.sessions[0]).toMatchObject({
      label: 'Session 1 of 12',
      viewerRole: 'client',
      course: { id: courseA.id, title: 'Course A' },
    });
    const session = await alice.call(schedulingRoutes.getSession, {
      params: { sessionId: courseA.sessions[0]!.id },
    });
    expect(session).toMatchObject({ phase: 'initial', label: 'Session 1 of 12', history: [] });
  });

  it('shows a therapist the courses they run and lets them change only those sessions', async () => {
    expect((await therapist.call(schedulingRoutes.listCourses)).courses.map((c) => c.id)).toEqual([
      courseA.id,
    ]);
    expectNotFound(await therapist.request('GET', `/api/courses/${courseB.id}`));
    expectNotFound(
      await therapist.request('POST', `/api/sessions/${courseB.sessions[1]!.id}/reschedule`, {
        startsAt: '2027-06-01T10:00:00Z',
      }),
    );
    expectNotFound(
      await therapist.request('POST', `/api/sessions/${courseB.sessions[1]!.id}/cancel`, {}),
    );
    const week1 = await therapist.call(schedulingRoutes.listSessions, { query: week });
    expect(week1.sessions.map((s) => [s.id, s.viewerRole])).toEqual([
      [courseA.sessions[0]!.id, 'therapist'],
    ]);
    const cancelled = await therapist.call(schedulingRoutes.cancelSession, {
      params: { sessionId: courseA.sessions[11]!.id },
    });
    expect(cancelled.status).toBe('cancelled');
  });

  it('shows the coordinator the whole practice in the week view, and nothing of another', async () => {
    const week1 = await coordinator.call(schedulingRoutes.listSessions, { query: week });
    expect(week1.sessions.map((s) => s.id)).toEqual([
      courseA.sessions[0]!.id,
      courseB.sessions[0]!.id,
    ]);
    expect(week1.sessions.map((s) => s.viewerRole)).toEqual(['coordinator', 'coordinator']);
    const theirs = await outsider.coordinator.call(schedulingRoutes.listSessions, { query: week });
    expect(theirs.sessions.map((s) => s.courseId)).toEqual([outsider.course.id]);
  });

  it('answers every id of another practice with a 404 and no data', async () => {
    const session = courseA.sessions[2]!;
    const member = courseA.members[0]!;
    for (const actor of [outsider.coordinator, outsider.therapist, outsider.client]) {
      expectNotFound(await actor.request('GET', `/api/courses/${courseA.id}`));
      expectNotFound(await actor.request('GET', `/api/sessions/${session.id}`));
    }
    const them = outsider.coordinator;
    expectNotFound(
      await them.request('POST', `/api/courses/${courseA.id}/members`, {
        personId: outsider.client.personId,
        relation: 'partner',
      }),
    );
    expectNotFound(
      await them.request('PATCH', `/api/courses/${courseA.id}/members/${member.id}`, {
        status: 'withdrawn',
      }),
    );
    expectNotFound(
      await them.request('POST', `/api/sessions/${session.id}/reschedule`, {
        startsAt: '2027-06-01T10:00:00Z',
      }),
    );
    expectNotFound(await them.request('POST', `/api/sessions/${session.id}/cancel`, {}));
    expect((await them.call(schedulingRoutes.listCourses)).courses.map((c) => c.id)).toEqual([
      outsider.course.id,
    ]);
    // And ours cannot reach theirs either, nor book their people.
    expectNotFound(await coordinator.request('GET', `/api/courses/${outsider.course.id}`));
    const borrowed = await coordinator.request(
      'POST',
      '/api/courses',
      courseBody({ title: 'Borrowed', therapistId: outsider.therapist.personId, weekday: 6 }),
    );
    expect(borrowed.status).toBe(400);
    expect(borrowed.body.error.details.issues).toEqual([
      { location: 'body', path: 'therapistId', message: 'must be a therapist of this practice' },
    ]);
  });

  it('refuses clients and therapists the coordinator’s routes by role (403)', async () => {
    const body = courseBody({ title: 'Mine', therapistId: therapist.personId, weekday: 7 });
    for (const actor of [alice, therapist]) {
      for (const path of ['/api/courses', '/api/courses/preview']) {
        const res = await actor.request('POST', path, body);
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
      }
      const add = await actor.request('POST', `/api/courses/${courseA.id}/members`, {
        personId: bob.personId,
        relation: 'partner',
      });
      expect(add.status).toBe(403);
    }
    const reschedule = await alice.request(
      'POST',
      `/api/sessions/${courseA.sessions[3]!.id}/reschedule`,
      { startsAt: '2027-06-01T10:00:00Z' },
    );
    expect(reschedule.status).toBe(403);
    const anonymous = await fetch(`${h.t.baseUrl}/api/courses`);
    expect(anonymous.status).toBe(401);
  });

  it('validates ids and windows and names the field', async () => {
    const badId = await coordinator.request('GET', '/api/courses/not-an-id');
    expect(badId.status).toBe(400);
    expect(badId.body.error.details.issues[0]).toMatchObject({
      location: 'params',
      path: 'courseId',
    });
    const backwards = await coordinator.request(
      'GET',
      '/api/sessions?from=2027-01-11T00:00:00Z&to=2027-01-04T00:00:00Z',
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details.issues).toEqual([
      { location: 'query', path: 'to', message: 'must be after from' },
    ]);
    const missing = await coordinator.request('GET', '/api/sessions?to=2027-01-04T00:00:00Z');
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.issues[0]).toMatchObject({ location: 'query', path: 'from' });
  });

  it('lets a client accept or leave their own place, and nobody else’s', async () => {
    const carolEntry = courseA.members.find((m) => m.personId === carol.personId)!;
    const aliceEntry = courseA.members.find((m) => m.personId === alice.personId)!;
    expectNotFound(
      await alice.request('PATCH', `/api/courses/${courseA.id}/members/${carolEntry.id}`, {
        status: 'withdrawn',
      }),
    );
    const bobEntry = (
      await coordinator.call(schedulingRoutes.getCourse, { params: { courseId: courseB.id } })
    ).members[0]!;
    const accepted = await bob.call(schedulingRoutes.updateMember, {
      params: { courseId: courseB.id, memberId: bobEntry.id },
      body: { status: 'active' },
    });
    expect(accepted.status).toBe('active');
    const left = await alice.call(schedulingRoutes.updateMember, {
      params: { courseId: courseA.id, memberId: aliceEntry.id },
      body: { status: 'withdrawn' },
    });
    expect(left.status).toBe('withdrawn');
    // Having left, the course and its sessions are no longer hers to see.
    expectNotFound(await alice.request('GET', `/api/courses/${courseA.id}`));
    expectNotFound(await alice.request('GET', `/api/sessions/${courseA.sessions[0]!.id}`));
    const comeBack = await alice.request(
      'PATCH',
      `/api/courses/${courseA.id}/members/${aliceEntry.id}`,
      { status: 'active' },
    );
    expect(comeBack.status).toBe(409);
    expect(comeBack.body.error.details.reason).toBe('invalid_status_change');
    // Other clients see only invited and active members; staff see everyone.
    const carolView = await carol.call(schedulingRoutes.getCourse, {
      params: { courseId: courseA.id },
    });
    expect(carolView.members.map((m) => m.displayName)).toEqual(['Carol Client']);
    const staffView = await therapist.call(schedulingRoutes.getCourse, {
      params: { courseId: courseA.id },
    });
    expect(staffView.members.map((m) => m.status)).toEqual(['withdrawn', 'active']);
  });

  it('writes an audit row for every read and write of rosters and sessions, with no personal data', async () => {
    // The audit log is append-only (even for tests): look only at what this test adds.
    const [{ last }] = await h.db.query(`SELECT coalesce(max(id), 0) AS last FROM audit_event`);
    const session = courseA.sessions[4]!;
    await coordinator.call(schedulingRoutes.getCourse, { params: { courseId: courseA.id } });
    await coordinator.call(schedulingRoutes.listCourses);
    await therapist.call(schedulingRoutes.getSession, { params: { sessionId: session.id } });
    await carol.call(schedulingRoutes.listSessions, { query: week });
    await coordinator.call(schedulingRoutes.rescheduleSession, {
      params: { sessionId: session.id },
      body: { startsAt: '2027-02-02T16:00:00Z', reason: 'Carol is in hospital' },
    });
    const created = await coordinator.call(schedulingRoutes.createCourse, {
      body: courseBody({
        title: 'Audited',
        format: 'group',
        therapistId: otherTherapist.personId,
        weekday: 5,
        members: [{ personId: bob.personId, relation: 'member' }],
      }),
    });
    const rows: { actor_id: string; action: string; entity: string; entity_id: string | null }[] =
      await h.db.query(
        `SELECT actor_id, action, entity, entity_id FROM audit_event WHERE id > $1 ORDER BY id`,
        [last],
      );
    expect(rows).toEqual([
      {
        actor_id: coordinator.personId,
        action: 'roster.read',
        entity: 'course',
        entity_id: courseA.id,
      },
      {
        actor_id: coordinator.personId,
        action: 'course.listed',
        entity: 'course',
        entity_id: null,
      },
      {
        actor_id: therapist.personId,
        action: 'session.read',
        entity: 'session',
        entity_id: session.id,
      },
      { actor_id: carol.personId, action: 'session.listed', entity: 'session', entity_id: null },
      {
        actor_id: coordinator.personId,
        action: 'session.rescheduled',
        entity: 'session',
        entity_id: session.id,
      },
      {
        actor_id: coordinator.personId,
        action: 'course.created',
        entity: 'course',
        entity_id: created.id,
      },
      {
        actor_id: coordinator.personId,
        action: 'roster.member_added',
        entity: 'roster_member',
        entity_id: created.members[0]!.id,
      },
    ]);
    // The audit row is all ids and verbs; nothing said in the request ends up in it or in the logs.
    const dump = JSON.stringify(
      await h.db.query('SELECT * FROM audit_event WHERE id > $1', [last]),
    );
    const logs = h.t.logLines.join('\n');
    for (const text of ['hospital', 'Carol', 'Course A', 'Theo', 'example.org']) {
      expect(dump).not.toContain(text);
      expect(logs).not.toContain(text);
    }
  });
});
