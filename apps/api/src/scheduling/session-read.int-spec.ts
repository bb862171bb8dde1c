import { schedulingRoutes, type CourseDetail, type SessionDetail } from '@hearth/contracts';
import {
  type Actor,
  type SchedulingHarness,
  count,
  courseBody,
  startSchedulingApp,
} from '../testing/scheduling-harness';

// Reading one session (its course, roster and history) is one audited statement: what each
// viewer sees, and that every successful read — and only a successful read — leaves exactly one
// audit row, also under concurrent reads.
describe('reading a session', () => {
  let h: SchedulingHarness;
  let coordinator: Actor;
  let therapist: Actor;
  let alice: Actor;
  let carol: Actor;
  let stranger: Actor;
  let course: CourseDetail;
  let sessionId: string;
  let rescheduled: SessionDetail;

  const reads = (actor: Actor, id: string) =>
    count(h.db, 'audit_event', `action = 'session.read' AND actor_id = $1 AND entity_id = $2`, [
      actor.personId,
      id,
    ]);

  beforeAll(async () => {
    h = await startSchedulingApp();
    const practice = await h.practice('Hillside');
    coordinator = practice.coordinator;
    therapist = await practice.person('Tara Therapist', ['therapist']);
    alice = await practice.person('Alice Client', ['client']);
    carol = await practice.person('Carol Client', ['client']);
    stranger = await practice.person('Sam Stranger', ['client']);
    course = await coordinator.call(schedulingRoutes.createCourse, {
      body: courseBody({
        title: 'Hillside couple',
        therapistId: therapist.personId,
        members: [
          { personId: alice.personId, relation: 'partner', status: 'active' },
          { personId: carol.personId, relation: 'partner', status: 'invited' },
        ],
      }),
    });
    sessionId = course.sessions[2]!.id;
    rescheduled = await coordinator.call(schedulingRoutes.rescheduleSession, {
      params: { sessionId },
      body: { startsAt: '2027-01-19T15:00:00Z', reason: 'room unavailable' },
    });
    // Carol leaves: staff still see her on the roster, clients no longer do.
    await coordinator.call(schedulingRoutes.updateMember, {
      params: { courseId: course.id, memberId: course.members[1]!.id },
      body: { status: 'withdrawn' },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows staff the whole roster and the history, exactly as the change returned it', async () => {
    const read = await coordinator.call(schedulingRoutes.getSession, { params: { sessionId } });
    expect(read).toEqual({
      ...rescheduled,
      members: [
        expect.objectContaining({ personId: alice.personId, status: 'active' }),
        expect.objectContaining({ personId: carol.personId, status: 'withdrawn' }),
      ],
    });
    expect(read.history).toEqual([
      {
        kind: 'rescheduled',
        fromStartsAt: '2027-01-18T10:00:00.000Z',
        fromEndsAt: '2027-01-18T10:50:00.000Z',
        toStartsAt: '2027-01-19T15:00:00.000Z',
        toEndsAt: '2027-01-19T15:50:00.000Z',
        reason: 'room unavailable',
        changedBy: coordinator.personId,
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      },
    ]);
    const asTherapist = await therapist.call(schedulingRoutes.getSession, {
      params: { sessionId },
    });
    expect(asTherapist).toMatchObject({ viewerRole: 'therapist', history: read.history });
    expect(asTherapist.members).toEqual(read.members);
  });

  it('shows a client only the people taking part, and no history', async () => {
    const read = await alice.call(schedulingRoutes.getSession, { params: { sessionId } });
    expect(read).toMatchObject({
      id: sessionId,
      viewerRole: 'client',
      startsAt: '2027-01-19T15:00:00.000Z',
      durationMinutes: 50,
      history: [],
    });
    expect(read.members.map((m) => m.personId)).toEqual([alice.personId]);
  });

  it('audits each read with exactly one row, and a refused read with none', async () => {
    const before = await reads(therapist, sessionId);
    await therapist.call(schedulingRoutes.getSession, { params: { sessionId } });
    expect(await reads(therapist, sessionId)).toBe(before + 1);

    const refused = await stranger.request('GET', `/api/sessions/${sessionId}`);
    expect(refused.status).toBe(404);
    const missing = await coordinator.request(
      'GET',
      '/api/sessions/00000000-0000-4000-8000-000000000000',
    );
    expect(missing.status).toBe(404);
    expect(await reads(stranger, sessionId)).toBe(0);
    expect(
      await count(h.db, 'audit_event', `action = 'session.read' AND entity_id = $1`, [
        '00000000-0000-4000-8000-000000000000',
      ]),
    ).toBe(0);
  });

  it('leaves one audit row per read when many arrive at once', async () => {
    const before = await reads(alice, sessionId);
    const replies = await Promise.all(
      Array.from({ length: 40 }, () => alice.request('GET', `/api/sessions/${sessionId}`)),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(40).fill(200));
    expect(await reads(alice, sessionId)).toBe(before + 40);
  });
});
