import { schedulingRoutes, type CourseDetail } from '@hearth/contracts';
import {
  type Actor,
  type Practice,
  type SchedulingHarness,
  count,
  courseBody,
  failure,
  startSchedulingApp,
} from '../testing/scheduling-harness';

describe('courses and rosters against the real database', () => {
  let h: SchedulingHarness;
  let practice: Practice;
  let coordinator: Actor;
  let therapist: Actor;
  let coTherapist: Actor;
  let clients: Actor[];

  beforeAll(async () => {
    h = await startSchedulingApp();
    practice = await h.practice();
    coordinator = practice.coordinator;
    therapist = await practice.person('Theo Therapist', ['therapist']);
    coTherapist = await practice.person('Cleo Cotherapist', ['therapist']);
    clients = [];
    for (let i = 1; i <= 7; i += 1) clients.push(await practice.person(`Client ${i}`, ['client']));
  });
  afterAll(async () => {
    await h?.close();
  });

  const create = (body: Parameters<typeof courseBody>[0]) =>
    coordinator.call(schedulingRoutes.createCourse, { body: courseBody(body) });

  describe('a couple course', () => {
    let couple: CourseDetail;

    it('is created with both partners, its whole series and everyone’s bookings', async () => {
      couple = await create({
        title: 'Couple course',
        therapistId: therapist.personId,
        members: [
          { personId: clients[0]!.personId, relation: 'partner', status: 'active' },
          { personId: clients[1]!.personId, relation: 'partner' },
        ],
      });
      expect(couple).toMatchObject({
        format: 'couple',
        focusAreas: ['disputes'],
        therapist: { personId: therapist.personId, displayName: 'Theo Therapist' },
        coTherapist: null,
        sessionCount: 12,
        durationMinutes: 50,
        capacity: { min: 2, max: 2 },
        heldPlaces: 2,
        readiness: { ready: false, reason: 'too_few_members', activeMembers: 1, needed: 1 },
      });
      expect(
        couple.members.map(({ personId, displayName, relation, status }) => ({
          personId,
          displayName,
          relation,
          status,
        })),
      ).toEqual([
        {
          personId: clients[0]!.personId,
          displayName: 'Client 1',
          relation: 'partner',
          status: 'active',
        },
        {
          personId: clients[1]!.personId,
          displayName: 'Client 2',
          relation: 'partner',
          status: 'invited',
        },
      ]);
      expect(couple.sessions).toHaveLength(12);
      expect(couple.sessions[0]).toMatchObject({
        number: 1,
        label: 'Session 1 of 12',
        phase: 'initial',
        startsAt: '2027-01-04T10:00:00.000Z',
        endsAt: '2027-01-04T10:50:00.000Z',
        status: 'scheduled',
      });
      expect(couple.sessions.map((s) => s.phase)).toEqual([
        ...Array(3).fill('initial'),
        ...Array(7).fill('middle'),
        ...Array(2).fill('termination'),
      ]);
      expect(await count(h.db, 'session', 'course_id = $1', [couple.id])).toBe(12);
      const bookings = await h.db.query(
        `SELECT b.person_id, b.role, count(*)::int AS n, bool_or(b.cancelled) AS any_cancelled
           FROM booking b JOIN session s ON s.id = b.session_id
          WHERE s.course_id = $1 GROUP BY 1, 2 ORDER BY 2 DESC, 1`,
        [couple.id],
      );
      expect(bookings).toEqual(
        expect.arrayContaining([
          { person_id: therapist.personId, role: 'therapist', n: 12, any_cancelled: false },
          { person_id: clients[0]!.personId, role: 'client', n: 12, any_cancelled: false },
          { person_id: clients[1]!.personId, role: 'client', n: 12, any_cancelled: false },
        ]),
      );
      expect(bookings).toHaveLength(3);
    });

    it('reads back the same course with its roster and sessions, and no emails', async () => {
      const read = await coordinator.call(schedulingRoutes.getCourse, {
        params: { courseId: couple.id },
      });
      expect(read).toEqual(couple);
      expect(JSON.stringify(read)).not.toContain('@');
      const listed = await coordinator.call(schedulingRoutes.listCourses);
      expect(listed.courses.map((c) => c.id)).toContain(couple.id);
    });

    it('refuses a third partner with 409 capacity_exceeded and changes nothing', async () => {
      const rosterBefore = await count(h.db, 'roster_member', 'course_id = $1', [couple.id]);
      const bookingsBefore = await count(h.db, 'booking');
      for (const waitlist of [false, true]) {
        const res = await coordinator.request('POST', `/api/courses/${couple.id}/members`, {
          personId: clients[2]!.personId,
          relation: 'partner',
          waitlist,
        });
        expect(res.status).toBe(409);
        expect(res.body.error).toMatchObject({
          code: 'conflict',
          details: { reason: 'capacity_exceeded', format: 'couple', capacity: 2 },
        });
      }
      expect(await count(h.db, 'roster_member', 'course_id = $1', [couple.id])).toBe(rosterBefore);
      expect(await count(h.db, 'booking')).toBe(bookingsBefore);
    });

    it('refuses a couple created with three clients, creating nothing', async () => {
      const before = await count(h.db, 'course');
      const error = await failure(
        create({
          title: 'Too many',
          therapistId: coTherapist.personId,
          weekday: 5,
          members: [2, 3, 4].map((i) => ({
            personId: clients[i]!.personId,
            relation: 'partner' as const,
          })),
        }),
      );
      expect(error.status).toBe(409);
      expect(error.details).toMatchObject({ reason: 'capacity_exceeded' });
      expect(await count(h.db, 'course')).toBe(before);
    });

    it('frees a withdrawn partner’s future bookings, so they can be booked elsewhere', async () => {
      const member = couple.members[1]!;
      const withdrawn = await coordinator.call(schedulingRoutes.updateMember, {
        params: { courseId: couple.id, memberId: member.id },
        body: { status: 'withdrawn' },
      });
      expect(withdrawn).toMatchObject({ id: member.id, status: 'withdrawn' });
      const live = await count(
        h.db,
        'booking b JOIN session s ON s.id = b.session_id',
        's.course_id = $1 AND b.person_id = $2 AND NOT b.cancelled',
        [couple.id, member.personId],
      );
      expect(live).toBe(0);
      // The same Monday 10:00 slot, now free for this client, with another therapist.
      const other = await create({
        title: 'Individual',
        format: 'individual',
        therapistId: coTherapist.personId,
        members: [{ personId: member.personId, relation: 'member' }],
      });
      expect(other.members).toHaveLength(1);
      // And the place is free again: another partner can join the couple.
      const added = await coordinator.call(schedulingRoutes.addMember, {
        params: { courseId: couple.id },
        body: { personId: clients[5]!.personId, relation: 'partner' },
      });
      expect(added).toMatchObject({ personId: clients[5]!.personId, status: 'invited' });
      const detail = await coordinator.call(schedulingRoutes.getCourse, {
        params: { courseId: couple.id },
      });
      expect(detail.heldPlaces).toBe(2);
    });
  });

  describe('a group course', () => {
    let group: CourseDetail;

    it('gets 90-minute sessions, IPT phases for 16 sessions and both therapists booked', async () => {
      group = await create({
        title: 'Wednesday group',
        format: 'group',
        focusAreas: ['grief', 'role_transitions'],
        therapistId: therapist.personId,
        coTherapistId: coTherapist.personId,
        maxMembers: 3,
        sessionCount: 16,
        weekday: 3,
        localTime: '18:00',
        startDate: '2027-01-04',
      });
      expect(group).toMatchObject({
        format: 'group',
        durationMinutes: 90,
        capacity: { min: 3, max: 3 },
        coTherapist: { personId: coTherapist.personId, displayName: 'Cleo Cotherapist' },
        members: [],
      });
      expect(group.sessions[0]).toMatchObject({
        label: 'Session 1 of 16',
        startsAt: '2027-01-06T18:00:00.000Z',
        endsAt: '2027-01-06T19:30:00.000Z',
      });
      const phases = group.sessions.map((s) => s.phase);
      expect(phases.lastIndexOf('initial')).toBe(3);
      expect(phases.lastIndexOf('middle')).toBe(12);
      expect(phases.filter((p) => p === 'termination')).toHaveLength(3);
      expect(
        await count(h.db, 'booking b JOIN session s ON s.id = b.session_id', 's.course_id = $1', [
          group.id,
        ]),
      ).toBe(32);
    });

    it('fills to capacity, then refuses or waitlists as asked', async () => {
      for (const i of [2, 3, 4]) {
        await coordinator.call(schedulingRoutes.addMember, {
          params: { courseId: group.id },
          body: { personId: clients[i]!.personId, relation: 'member', status: 'active' },
        });
      }
      const full = await coordinator.request('POST', `/api/courses/${group.id}/members`, {
        personId: clients[6]!.personId,
        relation: 'member',
      });
      expect(full.status).toBe(409);
      expect(full.body.error.details.reason).toBe('capacity_exceeded');
      const waitlisted = await coordinator.call(schedulingRoutes.addMember, {
        params: { courseId: group.id },
        body: { personId: clients[6]!.personId, relation: 'member', waitlist: true },
      });
      expect(waitlisted.status).toBe('waitlisted');
      expect(
        await count(h.db, 'booking', 'person_id = $1 AND NOT cancelled', [clients[6]!.personId]),
      ).toBe(0);
      const detail = await coordinator.call(schedulingRoutes.getCourse, {
        params: { courseId: group.id },
      });
      expect(detail.heldPlaces).toBe(3);
      expect(detail.readiness).toMatchObject({ ready: true, activeMembers: 3 });
      expect(detail.members.map((m) => m.status)).toEqual([
        'active',
        'active',
        'active',
        'waitlisted',
      ]);
    });

    it('moves a waitlisted member onto the roster only when a place is free', async () => {
      const detail = await coordinator.call(schedulingRoutes.getCourse, {
        params: { courseId: group.id },
      });
      const waiting = detail.members.find((m) => m.status === 'waitlisted')!;
      const tooSoon = await coordinator.request(
        'PATCH',
        `/api/courses/${group.id}/members/${waiting.id}`,
        { status: 'active', reason: 'Asked to join' },
      );
      expect(tooSoon.status).toBe(409);
      expect(tooSoon.body.error.details.reason).toBe('capacity_exceeded');
      await coordinator.call(schedulingRoutes.updateMember, {
        params: { courseId: group.id, memberId: detail.members[0]!.id },
        body: { status: 'withdrawn' },
      });
      const promoted = await coordinator.call(schedulingRoutes.updateMember, {
        params: { courseId: group.id, memberId: waiting.id },
        body: { status: 'active', reason: 'A place freed up' },
      });
      expect(promoted.status).toBe('active');
      expect(
        await count(h.db, 'booking', 'person_id = $1 AND NOT cancelled', [waiting.personId]),
      ).toBe(16);
    });

    it('refuses status changes the roster rules do not allow', async () => {
      const detail = await coordinator.call(schedulingRoutes.getCourse, {
        params: { courseId: group.id },
      });
      const active = detail.members.find((m) => m.status === 'active')!;
      const same = await coordinator.request(
        'PATCH',
        `/api/courses/${group.id}/members/${active.id}`,
        { status: 'active' },
      );
      expect(same.status).toBe(400);
      expect(same.body.error.details.issues).toEqual([
        { location: 'body', path: 'status', message: 'is already active' },
      ]);
      const back = await coordinator.request(
        'PATCH',
        `/api/courses/${group.id}/members/${active.id}`,
        { status: 'invited' },
      );
      expect(back.status).toBe(409);
      expect(back.body.error.details.reason).toBe('invalid_status_change');
    });
  });

  describe('series in a time zone', () => {
    it('keeps 18:00 Europe/London across the March 2026 change (stored UTC moves an hour)', async () => {
      const course = await create({
        title: 'Spring',
        format: 'individual',
        therapistId: coTherapist.personId,
        sessionCount: 8,
        weekday: 1,
        localTime: '18:00',
        startDate: '2026-03-16',
      });
      const rows: { starts_at: Date; local: string }[] = await h.db.query(
        `SELECT starts_at, to_char(starts_at AT TIME ZONE 'Europe/London', 'YYYY-MM-DD HH24:MI') AS local
           FROM session WHERE course_id = $1 ORDER BY number`,
        [course.id],
      );
      expect(rows.slice(0, 3).map((r) => r.starts_at.toISOString())).toEqual([
        '2026-03-16T18:00:00.000Z',
        '2026-03-23T18:00:00.000Z',
        '2026-03-30T17:00:00.000Z',
      ]);
      expect(rows.map((r) => r.local.slice(11))).toEqual(Array(8).fill('18:00'));
      expect(rows.map((r) => r.local.slice(0, 10))).toEqual([
        '2026-03-16',
        '2026-03-23',
        '2026-03-30',
        '2026-04-06',
        '2026-04-13',
        '2026-04-20',
        '2026-04-27',
        '2026-05-04',
      ]);
    });

    it('keeps the wall time across the October 2027 change too', async () => {
      const course = await create({
        title: 'Autumn',
        format: 'individual',
        therapistId: coTherapist.personId,
        sessionCount: 8,
        weekday: 2,
        localTime: '18:00',
        startDate: '2027-10-18',
      });
      expect(course.sessions.slice(0, 3).map((s) => s.startsAt)).toEqual([
        '2027-10-19T17:00:00.000Z',
        '2027-10-26T17:00:00.000Z',
        '2027-11-02T18:00:00.000Z',
      ]);
    });
  });

  describe('preview', () => {
    it('shows the series with each session’s conflicts and writes nothing', async () => {
      const busy = await create({
        title: 'Busy Thursdays',
        format: 'individual',
        therapistId: therapist.personId,
        weekday: 4,
        localTime: '10:00',
        startDate: '2027-01-04',
      });
      const tables = ['course', 'session', 'booking', 'roster_member'];
      const before = await Promise.all(tables.map((table) => count(h.db, table)));
      const preview = await coordinator.call(schedulingRoutes.previewCourse, {
        body: courseBody({
          title: 'Overlapping',
          format: 'individual',
          therapistId: therapist.personId,
          sessionCount: 8,
          weekday: 4,
          localTime: '10:30',
          startDate: '2027-03-08',
        }),
      });
      expect(preview.hasConflicts).toBe(true);
      expect(preview.sessions).toHaveLength(8);
      // The busy course's last sessions (10, 11, 12) are on 11, 18 and 25 March.
      expect(preview.sessions.map((s) => s.conflicts.length)).toEqual([1, 1, 1, 0, 0, 0, 0, 0]);
      expect(preview.sessions[0]).toMatchObject({
        number: 1,
        label: 'Session 1 of 8',
        phase: 'initial',
        startsAt: '2027-03-11T10:30:00.000Z',
        localDate: '2027-03-11',
        conflicts: [
          {
            sessionNumber: 1,
            personId: therapist.personId,
            role: 'therapist',
            existingSessionId: busy.sessions[9]!.id,
            existingStartsAt: '2027-03-11T10:00:00.000Z',
            existingEndsAt: '2027-03-11T10:50:00.000Z',
          },
        ],
      });
      expect(await Promise.all(tables.map((table) => count(h.db, table)))).toEqual(before);
      // Creating that plan is refused with the same conflicts.
      const refused = await coordinator.request(
        'POST',
        '/api/courses',
        courseBody({
          title: 'Overlapping',
          format: 'individual',
          therapistId: therapist.personId,
          sessionCount: 8,
          weekday: 4,
          localTime: '10:30',
          startDate: '2027-03-08',
        }),
      );
      expect(refused.status).toBe(409);
      expect(refused.body.error.details.conflicts).toEqual(
        preview.sessions.flatMap((s) => s.conflicts),
      );
      expect(await Promise.all(tables.map((table) => count(h.db, table)))).toEqual(before);
    });
  });

  describe('validation', () => {
    const fieldsOf = (body: {
      error: { details: { issues: { path: string; location: string }[] } };
    }) => body.error.details.issues.map((i) => `${i.location}.${i.path}`).sort();

    it('names every bad field of the body', async () => {
      const res = await coordinator.request('POST', '/api/courses', {
        title: '',
        format: 'trio',
        focusAreas: ['anger'],
        therapistId: 'someone',
        timeZone: 'Mars/Olympus',
        weekday: 8,
        localTime: '25:00',
        startDate: 'soon',
        sessionCount: 30,
        durationMinutes: 47,
      });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual([
        'body.durationMinutes',
        'body.focusAreas.0',
        'body.format',
        'body.localTime',
        'body.sessionCount',
        'body.startDate',
        'body.therapistId',
        'body.timeZone',
        'body.title',
        'body.weekday',
      ]);
    });

    it('applies the domain’s plan rules and names the field', async () => {
      const res = await coordinator.request(
        'POST',
        '/api/courses',
        courseBody({
          therapistId: therapist.personId,
          coTherapistId: therapist.personId,
          maxMembers: 4,
          format: 'individual',
          focusAreas: ['grief', 'disputes', 'deficits'],
        }),
      );
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual([
        'body.coTherapistId',
        'body.focusAreas',
        'body.maxMembers',
      ]);
    });

    it('requires therapists and members to be people of the practice in the right role', async () => {
      const elsewhere = await h.practice('Elsewhere');
      const outsider = await elsewhere.person('Outside Therapist', ['therapist']);
      const res = await coordinator.request(
        'POST',
        '/api/courses',
        courseBody({
          format: 'family',
          therapistId: clients[0]!.personId,
          coTherapistId: outsider.personId,
          members: [
            { personId: therapist.personId, relation: 'parent' },
            { personId: clients[3]!.personId, relation: 'child' },
            { personId: clients[3]!.personId, relation: 'child' },
          ],
        }),
      );
      expect(res.status).toBe(400);
      expect(res.body.error.details.issues).toEqual([
        { location: 'body', path: 'therapistId', message: 'must be a therapist of this practice' },
        {
          location: 'body',
          path: 'coTherapistId',
          message: 'must be a therapist of this practice',
        },
        {
          location: 'body',
          path: 'members.0.personId',
          message: 'must be a client of this practice',
        },
        {
          location: 'body',
          path: 'members.2.personId',
          message: 'must not name the same client twice',
        },
      ]);
      const member = await coordinator.request(
        'POST',
        `/api/courses/${(await coordinator.call(schedulingRoutes.listCourses)).courses[0]!.id}/members`,
        { personId: outsider.personId, relation: 'member' },
      );
      expect(member.status).toBe(400);
      expect(member.body.error.details.issues[0]).toMatchObject({ path: 'personId' });
    });
  });

  describe('idempotency', () => {
    const body = () =>
      courseBody({
        title: 'Idempotent',
        format: 'individual',
        therapistId: coTherapist.personId,
        weekday: 6,
        localTime: '09:00',
        startDate: '2027-02-01',
      });

    it('replays the first response for the same key and body, and refuses another body with 422', async () => {
      const before = await count(h.db, 'course');
      const first = await coordinator.request('POST', '/api/courses', body(), {
        'idempotency-key': 'course-key-1',
      });
      expect(first.status).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      // The same content with keys in another order is the same request.
      const reordered = Object.fromEntries(Object.entries(body()).reverse());
      const replay = await coordinator.request('POST', '/api/courses', reordered, {
        'idempotency-key': 'course-key-1',
      });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body).toEqual(first.body);
      expect(await count(h.db, 'course')).toBe(before + 1);
      const different = await coordinator.request(
        'POST',
        '/api/courses',
        { ...body(), title: 'Something else' },
        { 'idempotency-key': 'course-key-1' },
      );
      expect(different.status).toBe(422);
      expect(different.body.error.code).toBe('idempotency_key_reused');
      expect(await count(h.db, 'course')).toBe(before + 1);
    });

    it('serves concurrent requests with one key from one creation', async () => {
      const before = await count(h.db, 'course');
      const replies = await Promise.all(
        Array.from({ length: 6 }, () =>
          coordinator.request(
            'POST',
            '/api/courses',
            { ...body(), weekday: 7 },
            { 'idempotency-key': 'course-key-concurrent' },
          ),
        ),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(6).fill(201));
      expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
      expect(await count(h.db, 'course')).toBe(before + 1);
    });

    it('keeps keys per person and per route, and validates the header', async () => {
      const second = await practice.person('Second Coordinator', ['coordinator']);
      const theirs = await second.request(
        'POST',
        '/api/courses',
        { ...body(), title: 'Theirs', localTime: '11:00' },
        { 'idempotency-key': 'course-key-1' },
      );
      expect(theirs.status).toBe(201);
      const group = (await coordinator.call(schedulingRoutes.listCourses)).courses.find(
        (c) => c.title === 'Wednesday group',
      )!;
      const sameKeyOtherRoute = await coordinator.request(
        'POST',
        `/api/courses/${group.id}/members`,
        { personId: clients[5]!.personId, relation: 'member', waitlist: true },
        { 'idempotency-key': 'course-key-1' },
      );
      expect(sameKeyOtherRoute.status).toBe(201);
      const memberReplay = await coordinator.request(
        'POST',
        `/api/courses/${group.id}/members`,
        { personId: clients[5]!.personId, relation: 'member', waitlist: true },
        { 'idempotency-key': 'course-key-1' },
      );
      expect(memberReplay.status).toBe(201);
      expect(memberReplay.body).toEqual(sameKeyOtherRoute.body);
      const bad = await coordinator.request('POST', '/api/courses', body(), {
        'idempotency-key': 'not a valid key!',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.issues[0]).toMatchObject({
        location: 'header',
        path: 'Idempotency-Key',
      });
      const [stored] = await h.db.query(
        `SELECT route, status, request_hash FROM idempotency_key
          WHERE person_id = $1 AND key = 'course-key-1' AND route LIKE '%members'`,
        [coordinator.personId],
      );
      expect(stored).toMatchObject({ route: 'POST /api/courses/:courseId/members', status: 201 });
      expect(stored.request_hash).toMatch(/^[0-9a-f]{64}$/);
    });
  });
});
