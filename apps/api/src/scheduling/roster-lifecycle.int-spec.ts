import {
  LIVE_SOCKET_PATH,
  clinicalRoutes,
  schedulingRoutes,
  type LiveAck,
  type RosterStatus,
  type SessionListItem,
} from '@hearth/contracts';
import { joinBlocks, joinRefusal } from '@hearth/domain';
import { io, type Socket } from 'socket.io-client';
import {
  type Actor,
  type Json,
  type Practice,
  type SchedulingHarness,
  count,
  courseBody,
  failure,
  startSchedulingApp,
} from '../testing/scheduling-harness';

// The roster lifecycle against the real API and PostgreSQL: places offered and answered from
// Home, coordinators' changes with a reason, and Home's Join rule checked against the live
// server's door for every roster status, with and without consent, in and out of the window.

let h: SchedulingHarness;
let practice: Practice;
let coordinator: Actor;
let therapist: Actor;
const sockets: Socket[] = [];

beforeAll(async () => {
  h = await startSchedulingApp();
  practice = await h.practice();
  coordinator = practice.coordinator;
  therapist = await practice.person('Theo Therapist', ['therapist']);
}, 60_000);

afterAll(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  await h?.close();
});

async function acceptConsent(client: Actor) {
  const { version } = await client.call(clinicalRoutes.getConsent);
  await client.call(clinicalRoutes.acceptConsent, { body: { version } });
}

const window = () => ({
  from: new Date(Date.now() - 3 * 3_600_000).toISOString(),
  to: new Date(Date.now() + 60 * 86_400_000).toISOString(),
});

async function listed(client: Actor): Promise<SessionListItem[]> {
  return (await client.call(schedulingRoutes.listSessions, { query: window() })).sessions;
}

describe('a place offered to a client with an account', () => {
  let client: Actor;
  let courseId: string;
  let memberId: string;

  beforeAll(async () => {
    client = await practice.person('Olive Offered', ['client']);
    const course = await coordinator.call(schedulingRoutes.createCourse, {
      body: courseBody({
        title: 'Tuesday group',
        format: 'group',
        therapistId: therapist.personId,
        startDate: '2031-01-06',
        members: [{ personId: client.personId, relation: 'member' }],
      }),
    });
    courseId = course.id;
    memberId = course.members[0]!.id;
    expect(course.members[0]!.status).toBe('invited');
  });

  it('is listed on their Home with the course, its therapist and the next session', async () => {
    const { offers } = await client.call(schedulingRoutes.listPlaceOffers);
    expect(offers).toEqual([
      {
        memberId,
        course: expect.objectContaining({ id: courseId, title: 'Tuesday group', format: 'group' }),
        therapist: { personId: therapist.personId, displayName: 'Theo Therapist' },
        relation: 'member',
        nextSessionStartsAt: expect.stringMatching(/^2031-01-/),
      },
    ]);
    const [first] = await listed(client);
    expect(first).toBeUndefined(); // 2031 lies outside the window Home reads
    // Nobody else sees it as theirs.
    expect((await coordinator.call(schedulingRoutes.listPlaceOffers)).offers).toEqual([]);
  });

  it('cannot be answered by anyone else, and a coordinator does not answer for the client', async () => {
    const other = await practice.person('Otto Other', ['client']);
    const notTheirs = await other.request('POST', `/api/me/place-offers/${memberId}`, {
      answer: 'accept',
    });
    expect(notTheirs.status).toBe(404);
    const coordinatorTry = await coordinator.request('POST', `/api/me/place-offers/${memberId}`, {
      answer: 'accept',
    });
    expect(coordinatorTry.status).toBe(403);
    const bad = await client.request('POST', `/api/me/place-offers/${memberId}`, {
      answer: 'maybe',
    });
    expect(bad.status).toBe(400);
    expect(await count(h.db, 'roster_member', `status = 'invited' AND id = $1`, [memberId])).toBe(
      1,
    );
  });

  it('is accepted from Home: the place becomes active, with its history and audit rows', async () => {
    const accepted = await client.call(schedulingRoutes.answerPlaceOffer, {
      params: { memberId },
      body: { answer: 'accept' },
    });
    expect(accepted).toMatchObject({ id: memberId, status: 'active' });
    expect((await client.call(schedulingRoutes.listPlaceOffers)).offers).toEqual([]);
    expect(
      await count(
        h.db,
        'roster_change',
        `member_id = $1 AND from_status = 'invited' AND to_status = 'active' AND changed_by = $2`,
        [memberId, client.personId],
      ),
    ).toBe(1);
    expect(
      await count(h.db, 'audit_event', `action = 'roster.place_accepted' AND entity_id = $1`, [
        memberId,
      ]),
    ).toBe(1);
    const again = await failure(
      client.call(schedulingRoutes.answerPlaceOffer, {
        params: { memberId },
        body: { answer: 'decline' },
      }),
    );
    expect(again.status).toBe(409);
    expect(again.details).toMatchObject({ reason: 'not_offered', status: 'active' });
  });

  it('declining gives the place up and frees the bookings', async () => {
    const decliner = await practice.person('Dana Decliner', ['client']);
    const added = await coordinator.call(schedulingRoutes.addMember, {
      params: { courseId },
      body: { personId: decliner.personId, relation: 'member' },
    });
    expect(
      await count(h.db, 'booking', 'person_id = $1 AND NOT cancelled', [decliner.personId]),
    ).toBe(12);
    const declined = await decliner.call(schedulingRoutes.answerPlaceOffer, {
      params: { memberId: added.id },
      body: { answer: 'decline' },
    });
    expect(declined.status).toBe('withdrawn');
    expect(
      await count(h.db, 'booking', 'person_id = $1 AND NOT cancelled', [decliner.personId]),
    ).toBe(0);
    expect(await count(h.db, 'audit_event', `action = 'roster.place_declined'`)).toBe(1);
  });
});

describe('a coordinator marking a place active', () => {
  it('needs a reason, changes nothing without one, and keeps it in the place’s history', async () => {
    const client = await practice.person('Paula Phoned', ['client']);
    const course = await coordinator.call(schedulingRoutes.createCourse, {
      body: courseBody({
        title: 'Phone agreement',
        format: 'individual',
        therapistId: therapist.personId,
        startDate: '2032-02-02',
        members: [{ personId: client.personId, relation: 'member' }],
      }),
    });
    const member = course.members[0]!;
    const path = `/api/courses/${course.id}/members/${member.id}`;
    const missing = await coordinator.request('PATCH', path, { status: 'active', reason: '  ' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.issues).toEqual([
      expect.objectContaining({ location: 'body', path: 'reason' }),
    ]);
    expect(await count(h.db, 'roster_change', 'member_id = $1', [member.id])).toBe(0);
    const made = await coordinator.call(schedulingRoutes.updateMember, {
      params: { courseId: course.id, memberId: member.id },
      body: { status: 'active', reason: 'Agreed by phone on Monday' },
    });
    expect(made.status).toBe('active');
    const [change] = await h.db.query(
      `SELECT from_status, to_status, reason, changed_by FROM roster_change WHERE member_id = $1`,
      [member.id],
    );
    expect(change).toEqual({
      from_status: 'invited',
      to_status: 'active',
      reason: 'Agreed by phone on Monday',
      changed_by: coordinator.personId,
    });
    expect(
      await count(h.db, 'audit_event', `action = 'roster.member_updated' AND entity_id = $1`, [
        member.id,
      ]),
    ).toBe(1);
  });
});

describe('Home’s Join and the live server’s door', () => {
  function connect(token: string): Promise<Socket> {
    const socket = io(h.t.baseUrl, {
      path: LIVE_SOCKET_PATH,
      transports: ['websocket'],
      auth: { token },
      reconnection: false,
      forceNew: true,
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => reject(error));
    });
  }

  function ask(socket: Socket, event: string, payload: unknown): Promise<Json> {
    return new Promise((resolve) => {
      socket.emit(event, payload, (answer: LiveAck<unknown>) => resolve(answer));
    });
  }

  const places: (RosterStatus | 'none')[] = [
    'invited',
    'active',
    'withdrawn',
    'waitlisted',
    'none',
  ];

  it('agree for every roster status, with and without consent, in and out of the window', async () => {
    const p = await h.practice('Door Street');
    const doctor = await p.person('Dr Door', ['therapist']);
    const people: { place: RosterStatus | 'none'; consent: boolean; actor: Actor }[] = [];
    for (const place of places) {
      for (const consent of [true, false]) {
        const actor = await p.person(`${place} ${consent ? 'consented' : 'not consented'}`, [
          'client',
        ]);
        if (consent) await acceptConsent(actor);
        people.push({ place, consent, actor });
      }
    }
    const onRoster = people.filter((x) => x.place !== 'none');
    const course = await p.coordinator.call(schedulingRoutes.createCourse, {
      body: courseBody({
        title: 'The door',
        format: 'group',
        maxMembers: 12,
        therapistId: doctor.personId,
        startDate: '2031-01-06',
        members: onRoster.map((x) => ({ personId: x.actor.personId, relation: 'member' })),
      }),
    });
    const [first, second] = course.sessions;
    // Session 1 is on now, session 2 next week; everyone stays booked so Home lists both.
    await h.db.query(
      `UPDATE session SET starts_at = now() - interval '5 minutes', ends_at = now() + interval '45 minutes'
        WHERE id = $1`,
      [first!.id],
    );
    await h.db.query(
      `UPDATE session SET starts_at = now() + interval '7 days', ends_at = now() + interval '7 days 50 minutes'
        WHERE id = $1`,
      [second!.id],
    );
    await h.db.query(
      `UPDATE booking b SET during = tstzrange(s.starts_at, s.ends_at, '[)')
         FROM session s WHERE s.id = b.session_id AND s.course_id = $1`,
      [course.id],
    );
    for (const x of onRoster) {
      await h.db.query(
        `UPDATE roster_member SET status = $3 WHERE course_id = $1 AND person_id = $2`,
        [course.id, x.actor.personId, x.place],
      );
    }

    let joined = 0;
    for (const x of people) {
      const items = await listed(x.actor);
      for (const sessionId of [first!.id, second!.id]) {
        const item = items.find((s) => s.id === sessionId);
        const blocks = item
          ? joinBlocks(
              {
                isTherapist: false,
                rosterStatus: item.viewerPlace,
                consentAccepted: item.viewerConsented,
                session: {
                  startsAt: new Date(item.startsAt),
                  endsAt: new Date(item.endsAt),
                  cancelled: item.status === 'cancelled',
                },
              },
              new Date(),
            )
          : null;
        const homeShowsJoin = blocks !== null && blocks.length === 0;
        const socket = await connect(x.actor.token);
        const answer = await ask(socket, 'session:join', { sessionId });
        const label = `${x.place}, consent ${x.consent}, session ${sessionId === first!.id ? 'now' : 'next week'}`;
        expect({ label, admitted: 'data' in answer }).toEqual({ label, admitted: homeShowsJoin });
        if ('data' in answer) {
          joined += 1;
          await ask(socket, 'session:leave', {});
        } else if (blocks && blocks.length > 0) {
          // Home's explanation is the server's reason.
          expect(answer.error.code).toBe(joinRefusal(blocks[0]!).code);
          expect(answer.error.message).toBe(joinRefusal(blocks[0]!).message);
        }
        socket.disconnect();
        if (item) {
          expect(item.viewerPlace).toBe(x.place === 'none' ? null : x.place);
          expect(item.viewerConsented).toBe(x.consent);
        }
      }
    }
    // Exactly one person may enter: active, consented, during the session.
    expect(joined).toBe(1);
  }, 120_000);
});
