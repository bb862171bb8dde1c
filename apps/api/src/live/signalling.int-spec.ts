import { liveRoutes, type SessionView } from '@hearth/contracts';
import {
  count,
  startSchedulingApp,
  type Actor,
  type Json,
  type SchedulingHarness,
} from '../testing/scheduling-harness';
import { TokenService } from '../identity/token-service';
import { AttendanceService } from './attendance.service';
import { LiveGuard } from './live-guard';
import { LiveRegistry } from './live-registry';
import { SfuService } from './sfu.service';
import {
  acceptConsent,
  courseStartingNow as courseIn,
  data,
  LiveSockets,
  next,
  request,
} from './testing/live-sockets';

// The signalling socket against the real API, PostgreSQL and mediasoup: every refusal leaves
// nothing changed, and the server keeps serving the other rooms.

let h: SchedulingHarness;
let therapist: Actor;
let ana: Actor;
let ben: Actor;
let outsider: Actor;
let stranger: Actor;
let foreignTherapist: Actor;
/** Session 1 of the couple course, moved to start now. */
let liveSessionId: string;
/** Session 2 of the same course, next week. */
let laterSessionId: string;
/** A session of another practice, also starting now. */
let foreignSessionId: string;
const sockets = new LiveSockets(() => h.t.baseUrl);
const connect = (token: string | undefined, origin?: string) => sockets.connect(token, origin);

const courseStartingNow = (coordinator: Actor, body: Parameters<typeof courseIn>[2]) =>
  courseIn(h, coordinator, body);

beforeAll(async () => {
  h = await startSchedulingApp();
  const p = await h.practice();
  therapist = await p.person('Dr Okafor', ['therapist']);
  ana = await p.person('Ana', ['client']);
  ben = await p.person('Ben', ['client']);
  outsider = await p.person('Olu', ['client']);
  const course = await courseStartingNow(p.coordinator, {
    therapistId: therapist.personId,
    members: [
      { personId: ana.personId, relation: 'partner', status: 'active' },
      { personId: ben.personId, relation: 'partner', status: 'active' },
    ],
  });
  for (const client of [ana, ben, outsider]) await acceptConsent(client);
  liveSessionId = course.first;
  laterSessionId = course.second;
  const other = await h.practice('Elsewhere');
  const otherTherapist = await other.person('Dr Lee', ['therapist']);
  foreignTherapist = otherTherapist;
  stranger = await other.person('Stranger', ['client']);
  const foreign = await courseStartingNow(other.coordinator, {
    therapistId: otherTherapist.personId,
    format: 'individual',
    members: [{ personId: stranger.personId, relation: 'member', status: 'active' }],
  });
  foreignSessionId = foreign.first;
  await acceptConsent(stranger);
}, 60_000);

afterEach(() => {
  // Every event the server sent during the test matched its schema in the wire contract.
  expect(sockets.closeAll()).toEqual([]);
});

afterAll(async () => {
  await h.close();
});

const presenceIn = (view: SessionView, id: string) =>
  view.participants.find((p) => p.id === id)?.presence;

describe('connecting', () => {
  it('refuses a socket without a token, with a bad token, or from a foreign origin', async () => {
    await expect(connect(undefined)).rejects.toMatchObject({ message: 'unauthenticated' });
    await expect(connect('not-a-token')).rejects.toMatchObject({ message: 'unauthenticated' });
    await expect(connect(ana.token, 'https://evil.example')).rejects.toMatchObject({
      message: 'forbidden',
    });
    // A therapist whose practice requires a second factor they have not set up yet.
    const tokens = h.t.app.get(TokenService);
    const mustEnrol = await tokens.issueAccessToken({
      ...(await tokens.verifyAccessToken(therapist.token)),
      mustEnrol: true,
    });
    await expect(connect(mustEnrol)).rejects.toMatchObject({
      message: 'second_factor_enrolment_required',
    });
    const fine = await connect(ana.token, new URL(h.t.baseUrl).origin);
    expect(fine.connected).toBe(true);
    // The pre-join network check: a round trip before joining anything.
    const pong = await data(fine, 'session:ping');
    expect(Math.abs(Date.parse(pong.serverTime) - Date.now())).toBeLessThan(5_000);
  });
});

describe('joining', () => {
  it('refuses the wrong session, a foreign one, one outside its window and malformed input', async () => {
    const socket = await connect(outsider.token);
    expect(await request(socket, 'session:join', { sessionId: liveSessionId })).toEqual({
      error: { code: 'forbidden', message: expect.stringContaining('members can join') },
    });
    const anaSocket = await connect(ana.token);
    expect(await request(anaSocket, 'session:join', { sessionId: foreignSessionId })).toEqual({
      error: { code: 'not_found', message: 'No such session' },
    });
    expect(await request(anaSocket, 'session:join', { sessionId: laterSessionId })).toMatchObject({
      error: { code: 'conflict', message: expect.stringContaining('opens 10 minutes before') },
    });
    expect(await request(anaSocket, 'session:join', { sessionId: 'nope' })).toMatchObject({
      error: { code: 'validation_failed', message: expect.stringContaining('sessionId') },
    });
    expect(
      await request(anaSocket, 'session:join', { sessionId: liveSessionId, extra: 1 }),
    ).toMatchObject({ error: { code: 'validation_failed' } });
    expect(await request(anaSocket, 'lobby:admit', { participantId: ben.personId })).toMatchObject({
      error: { code: 'conflict', message: 'Join a session first' },
    });
    expect(await count(h.db, 'attendance_event')).toBe(0);
  });
});

describe('consent', () => {
  it('keeps a client out until they accept the practice’s current consent', async () => {
    const p = await h.practice('Consent Street');
    const doctor = await p.person('Dr Amini', ['therapist']);
    const newcomer = await p.person('Nia', ['client']);
    const course = await courseStartingNow(p.coordinator, {
      therapistId: doctor.personId,
      format: 'individual',
      members: [{ personId: newcomer.personId, relation: 'member', status: 'active' }],
    });
    const socket = await connect(newcomer.token);
    expect(await request(socket, 'session:join', { sessionId: course.first })).toEqual({
      error: {
        code: 'forbidden',
        message: expect.stringContaining('accept the practice’s consent'),
      },
    });
    // Therapists do not accept the clients' consent text.
    const therapistSocket = await connect(doctor.token);
    await data(therapistSocket, 'session:join', { sessionId: course.first });
    await acceptConsent(newcomer);
    const joined = await data(socket, 'session:join', { sessionId: course.first });
    expect(joined.view.selfId).toBe(newcomer.personId);
    await data(socket, 'session:leave');
    await data(therapistSocket, 'session:leave');
  });
});

describe('the waiting room and the call', () => {
  it('lets the therapist in, holds clients until admitted, and records attendance', async () => {
    const doctor = await connect(therapist.token);
    const joined = await data(doctor, 'session:join', { sessionId: liveSessionId });
    expect(presenceIn(joined.view, therapist.personId)).toBe('admitted');
    expect(joined.view.session).toMatchObject({
      courseTitle: 'Course',
      format: 'couple',
      number: 1,
      count: 12,
      phase: 'initial',
    });

    const anaSocket = await connect(ana.token);
    const seesAnaWaiting = next(
      doctor,
      'session:view',
      (v) => presenceIn(v, ana.personId) === 'waiting',
    );
    const anaJoin = await data(anaSocket, 'session:join', { sessionId: liveSessionId });
    expect(presenceIn(anaJoin.view, ana.personId)).toBe('waiting');
    expect(anaJoin.chat).toEqual([]);
    const waitingView: SessionView = await seesAnaWaiting;
    expect(waitingView.participants.find((p) => p.id === ana.personId)).toMatchObject({
      displayName: 'Ana',
      role: 'client',
    });

    // Waiting clients get no media and cannot moderate.
    expect(await request(anaSocket, 'media:capabilities')).toMatchObject({
      error: { code: 'forbidden' },
    });
    expect(await request(anaSocket, 'lobby:admit', { participantId: ana.personId })).toMatchObject({
      error: { code: 'forbidden' },
    });

    const admitted = next(
      anaSocket,
      'session:view',
      (v) => presenceIn(v, ana.personId) === 'admitted',
    );
    expect(await data(doctor, 'lobby:admit', { participantId: ana.personId })).toEqual({});
    await admitted;
    const caps = await data(anaSocket, 'media:capabilities');
    expect(caps.rtpCapabilities.codecs.map((c: Json) => c.mimeType)).toEqual(
      expect.arrayContaining(['audio/opus', 'video/VP8']),
    );
    const transport = await data(anaSocket, 'media:transport:create', { direction: 'send' });
    expect(transport).toMatchObject({ id: expect.any(String), iceCandidates: expect.any(Array) });
    expect(
      await request(anaSocket, 'media:transport:connect', {
        transportId: transport.id,
        dtlsParameters: { role: 'sideways' },
      }),
    ).toMatchObject({ error: { code: 'validation_failed' } });

    // Chat reaches everyone in the call and is never stored.
    const heard = next(doctor, 'chat:message');
    await data(anaSocket, 'chat:send', { text: '  Hello  ' });
    expect(await heard).toMatchObject({ fromId: ana.personId, fromName: 'Ana', text: 'Hello' });

    await data(anaSocket, 'session:leave');
    const rooms = h.t.app.get(SfuService).rooms;
    expect(rooms.get(liveSessionId)?.hasPeer(ana.personId) ?? false).toBe(false);

    const attendance = await therapist.call(liveRoutes.getAttendance, {
      params: { sessionId: liveSessionId },
    });
    const anaRow = attendance.people.find((p) => p.personId === ana.personId);
    expect(anaRow?.events.map((e) => e.kind)).toEqual(['joined', 'admitted', 'left']);
    expect(anaRow?.firstAdmittedAt).not.toBeNull();
    const asClient = await ana.request('GET', `/api/sessions/${liveSessionId}/attendance`);
    expect(asClient.status).toBe(403);
    await data(doctor, 'session:leave');
  });

  it('removes a client: they are told, cut off, and cannot rejoin', async () => {
    const doctor = await connect(therapist.token);
    await data(doctor, 'session:join', { sessionId: liveSessionId });
    const benSocket = await connect(ben.token);
    await data(benSocket, 'session:join', { sessionId: liveSessionId });
    await data(doctor, 'lobby:admit', { participantId: ben.personId });
    await data(benSocket, 'media:capabilities');
    await data(benSocket, 'media:transport:create', { direction: 'recv' });
    const room = h.t.app.get(SfuService).rooms.require(liveSessionId);
    expect(room.hasPeer(ben.personId)).toBe(true);

    const told = next(benSocket, 'session:removed');
    const cut = new Promise((resolve) => benSocket.once('disconnect', resolve));
    const started = Date.now();
    await data(doctor, 'moderation:remove', { participantId: ben.personId });
    expect(room.hasPeer(ben.personId)).toBe(false);
    await told;
    await cut;
    expect(Date.now() - started).toBeLessThan(2_000);

    const again = await connect(ben.token);
    expect(await request(again, 'session:join', { sessionId: liveSessionId })).toMatchObject({
      error: { code: 'forbidden', message: 'You were removed from this session' },
    });
    await data(doctor, 'session:leave');
  });

  it('refuses a flood without harming the call or other rooms, and closes a hostile socket', async () => {
    const doctor = await connect(therapist.token);
    await data(doctor, 'session:join', { sessionId: liveSessionId });
    const foreign = await connect(stranger.token);
    await data(foreign, 'session:join', { sessionId: foreignSessionId });

    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => request(doctor, 'chat:send', { text: `line ${i}` })),
    );
    const limited = answers.filter((a) => a.error?.code === 'rate_limited').length;
    expect(limited).toBeGreaterThanOrEqual(50);
    expect(answers.filter((a) => 'data' in a).length).toBeLessThanOrEqual(6);

    // Another session's participant is unaffected.
    expect(await request(foreign, 'hand:raise')).toMatchObject({ error: { code: 'forbidden' } });
    expect(await data(foreign, 'session:leave')).toEqual({});

    const closed = new Promise((resolve) => doctor.once('disconnect', resolve));
    for (let i = 0; i < 200; i += 1) doctor.emit('hand:raise', {}, () => undefined);
    await closed;
    const fresh = await connect(therapist.token);
    const back = await data(fresh, 'session:join', { sessionId: liveSessionId });
    expect(presenceIn(back.view, therapist.personId)).toBe('admitted');
    await data(fresh, 'session:leave');
  });

  it('answers wrong types, prototype keys and unknown events without changing anything', async () => {
    const socket = await connect(ana.token);
    // Earlier tests' attendance rows are written in the background; let them land first.
    await h.t.app.get(AttendanceService).flush();
    const eventsBefore = await count(h.db, 'attendance_event');
    for (const payload of [
      null,
      'session',
      42,
      [liveSessionId],
      { sessionId: 42 },
      JSON.parse(`{"__proto__": {"admin": true}, "sessionId": "${liveSessionId}"}`),
    ]) {
      expect(await request(socket, 'session:join', payload)).toMatchObject({
        error: { code: 'validation_failed' },
      });
    }
    expect(({} as Record<string, unknown>)['admin']).toBeUndefined();
    const unanswered = new Promise((resolve) => {
      socket.emit('admin:everything' as never, {}, resolve);
      setTimeout(() => resolve('no answer'), 300);
    });
    expect(await unanswered).toBe('no answer');
    expect(socket.connected).toBe(true);
    // Without an ack nothing is carried out; with only an ack it is a request with no payload.
    socket.emit('session:join', { sessionId: liveSessionId });
    const onlyAck = await new Promise<Json>((resolve) => socket.emit('session:leave', resolve));
    expect(onlyAck).toEqual({ data: {} });
    await h.t.app.get(AttendanceService).flush();
    expect(await count(h.db, 'attendance_event')).toBe(eventsBefore);
  });

  it('closes a socket that sends an oversized message; the server keeps serving', async () => {
    const socket = await connect(ana.token);
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    socket.emit('chat:send', { text: 'x'.repeat(100_000) }, () => undefined);
    await closed;
    const other = await connect(ana.token);
    expect(await request(other, 'session:join', { sessionId: 'bad' })).toMatchObject({
      error: { code: 'validation_failed' },
    });
  });
});

describe('the live agenda', () => {
  it('the therapist leads it, everyone follows, and it resumes from storage', async () => {
    const doctor = await connect(therapist.token);
    const joined = await data(doctor, 'session:join', { sessionId: liveSessionId });
    expect(joined.agenda.progress.startedAt).toBeNull();
    const firstItem = joined.agenda.items[0];

    const anaSocket = await connect(ana.token);
    const waiting = await data(anaSocket, 'session:join', { sessionId: liveSessionId });
    expect(waiting.agenda).toBeNull();
    // The waiting room counts down on the server's clock, which the join tells.
    const serverNow = Date.parse(waiting.serverNow ?? '');
    expect(Math.abs(serverNow - Date.now())).toBeLessThan(5_000);
    const handedAgenda = next(anaSocket, 'agenda:state');
    await data(doctor, 'lobby:admit', { participantId: ana.personId });
    expect((await handedAgenda).items[0]).toEqual(firstItem);

    const started = next(anaSocket, 'agenda:progress', (a) => a.progress.startedAt !== null);
    await data(doctor, 'agenda:start');
    const afterStart = await started;
    expect(afterStart.progress).toMatchObject({
      currentItemId: firstItem.id,
      turnOrder: [ana.personId],
      turn: 0,
    });
    expect(Math.abs(Date.parse(afterStart.serverNow) - Date.now())).toBeLessThan(5_000);
    // Moving on sends the progress alone; the items came with the agenda on admission.
    expect(Object.keys(afterStart).sort()).toEqual(['progress', 'serverNow', 'sessionId']);

    expect(await request(anaSocket, 'agenda:next')).toMatchObject({ error: { code: 'forbidden' } });
    expect(await request(doctor, 'agenda:start')).toMatchObject({ error: { code: 'conflict' } });
    expect(await request(doctor, 'agenda:extend', { minutes: 99 })).toMatchObject({
      error: { code: 'validation_failed' },
    });

    const extended = next(anaSocket, 'agenda:progress', (a) => a.progress.extensions[firstItem.id]);
    await data(doctor, 'agenda:extend', { minutes: 5 });
    expect((await extended).progress.extensions).toEqual({ [firstItem.id]: 5 });
    const moved = next(
      anaSocket,
      'agenda:progress',
      (a) => a.progress.currentItemId !== firstItem.id,
    );
    await data(doctor, 'agenda:next');
    const secondItemId = (await moved).progress.currentItemId;

    // Everyone leaves; the room's state is gone, the stored progress is not.
    await data(anaSocket, 'session:leave');
    await data(doctor, 'session:leave');
    const [row] = await h.db.query(`SELECT progress FROM session_agenda WHERE session_id = $1`, [
      liveSessionId,
    ]);
    expect(row.progress.currentItemId).toBe(secondItemId);
    const again = await connect(therapist.token);
    const resumed = await data(again, 'session:join', { sessionId: liveSessionId });
    expect(resumed.agenda.progress).toMatchObject({
      currentItemId: secondItemId,
      extensions: { [firstItem.id]: 5 },
    });
    await data(again, 'session:leave');
  });
});

describe('recovery', () => {
  it('holds a dropped seat and gives it back on reconnect', async () => {
    const doctor = await connect(therapist.token);
    await data(doctor, 'session:join', { sessionId: liveSessionId });
    const first = await connect(ana.token);
    await data(first, 'session:join', { sessionId: liveSessionId });
    await data(doctor, 'lobby:admit', { participantId: ana.personId });
    await data(first, 'hand:raise');

    const seesDrop = next(
      doctor,
      'session:view',
      (v) => presenceIn(v, ana.personId) === 'reconnecting',
    );
    first.disconnect();
    await seesDrop;
    const second = await connect(ana.token);
    const back = await data(second, 'session:join', { sessionId: liveSessionId });
    const self = back.view.participants.find((p: Json) => p.id === ana.personId);
    expect(self).toMatchObject({ presence: 'admitted', handPosition: 1 });
    await data(second, 'session:leave');
    await data(doctor, 'session:leave');
  });

  it('rebuilds a room whose media worker died, and clients set their media up again', async () => {
    const doctor = await connect(therapist.token);
    await data(doctor, 'session:join', { sessionId: liveSessionId });
    await data(doctor, 'media:capabilities');
    const sfu = h.t.app.get(SfuService);
    const before = sfu.rooms.require(liveSessionId);
    const pid = sfu.pool.workers.find((w) => w.index === before.workerIndex)!.pid;

    const reset = next(doctor, 'media:reset');
    process.kill(pid, 'SIGKILL');
    expect(await reset).toEqual({ reason: 'worker_restarted' });
    // The pool replaces the worker; asking again builds a new room on a live one.
    const caps = await data(doctor, 'media:capabilities');
    expect(caps.rtpCapabilities.codecs.length).toBeGreaterThan(0);
    const after = sfu.rooms.require(liveSessionId);
    expect(after).not.toBe(before);
    expect(after.hasPeer(therapist.personId)).toBe(true);
    await data(doctor, 'session:leave');
  });
});

describe('faults of one session', () => {
  const hostedOf = (sessionId: string) => h.t.app.get(LiveRegistry).sessions.get(sessionId)!;

  it('lets a reconnecting person restart ICE, and nobody in the waiting room', async () => {
    const doctor = await connect(therapist.token);
    await data(doctor, 'session:join', { sessionId: liveSessionId });
    const anaSocket = await connect(ana.token);
    await data(anaSocket, 'session:join', { sessionId: liveSessionId });
    expect(
      await request(anaSocket, 'media:transport:restart-ice', { transportId: 'x' }),
    ).toMatchObject({ error: { code: 'forbidden' } });
    await data(doctor, 'lobby:admit', { participantId: ana.personId });
    await data(anaSocket, 'media:capabilities');
    const transport = await data(anaSocket, 'media:transport:create', { direction: 'send' });
    // What the server does when the client's media path goes quiet (ICE disconnected).
    hostedOf(liveSessionId).live.drop(ana.personId, new Date());
    const restarted = await data(anaSocket, 'media:transport:restart-ice', {
      transportId: transport.id,
    });
    expect(restarted.iceParameters).toMatchObject({ usernameFragment: expect.any(String) });
    await data(anaSocket, 'session:leave');
    await data(doctor, 'session:leave');
  });

  it('survives a handler and a timer that throw in one session; the other session never notices', async () => {
    const guard = h.t.app.get(LiveGuard);
    const doctor = await connect(therapist.token);
    await data(doctor, 'session:join', { sessionId: liveSessionId });
    const lee = await connect(foreignTherapist.token);
    await data(lee, 'session:join', { sessionId: foreignSessionId });
    const broken = hostedOf(liveSessionId);

    // A request handler throws something nobody expected: a plain error for that request only.
    const faultsBefore = guard.faults;
    broken.live.raiseHand = () => {
      throw new Error('a bug in the rules');
    };
    expect(await request(doctor, 'hand:raise')).toEqual({
      error: { code: 'unavailable', message: 'Something went wrong; please try again' },
    });
    expect(guard.faults).toBe(faultsBefore + 1);
    const leeHand = next(lee, 'session:view', (v) => v.participants[0]?.handPosition === 1);
    await data(lee, 'hand:raise');
    await leeHand;

    // The session's one-second timer throws every time: the session is closed and its people
    // told to join again, while the other session carries on.
    broken.live.tick = () => {
      throw new TypeError('a bug in the timer');
    };
    const released = next(doctor, 'seat:released');
    const cut = new Promise((resolve) => doctor.once('disconnect', resolve));
    expect(await released).toEqual({ reason: 'reset' });
    await cut;
    expect(h.t.app.get(LiveRegistry).sessions.has(liveSessionId)).toBe(false);
    const leeLowered = next(lee, 'session:view', (v) => v.participants[0]?.handPosition === null);
    await data(lee, 'hand:lower');
    await leeLowered;
    const ready = await fetch(`${h.t.baseUrl}/health/ready`);
    expect(ready.status).toBe(200);

    // Joining again sets the session up afresh.
    const again = await connect(therapist.token);
    const back = await data(again, 'session:join', { sessionId: liveSessionId });
    expect(presenceIn(back.view, therapist.personId)).toBe('admitted');
    await data(again, 'session:leave');
    await data(lee, 'session:leave');
  });
});

describe('connection quality', () => {
  it('grades a reported downlink into the therapist’s view and keeps audio only across a reconnect', async () => {
    const doctor = await connect(therapist.token);
    await data(doctor, 'session:join', { sessionId: liveSessionId });
    const anaSocket = await connect(ana.token);
    await data(anaSocket, 'session:join', { sessionId: liveSessionId });
    expect(await request(anaSocket, 'media:downlink', { kbps: 100 })).toMatchObject({
      error: { code: 'forbidden' },
    });
    await data(doctor, 'lobby:admit', { participantId: ana.personId });
    const anaOf = (v: SessionView) => v.participants.find((p) => p.id === ana.personId);

    const poor = next(doctor, 'session:view', (v) => anaOf(v)?.connection === 'poor');
    expect(await data(anaSocket, 'media:downlink', { kbps: 100 })).toEqual({});
    await poor;
    expect(await request(anaSocket, 'media:downlink', { kbps: -1 })).toMatchObject({
      error: { code: 'validation_failed' },
    });

    const audioOnly = next(doctor, 'session:view', (v) => anaOf(v)?.audioOnly === true);
    expect(await data(anaSocket, 'media:audio-only', { enabled: true })).toEqual({
      audioOnly: true,
    });
    await audioOnly;

    const blurred = next(doctor, 'session:view', (v) => anaOf(v)?.backgroundProcessed === true);
    expect(await data(anaSocket, 'media:background', { effect: 'strong' })).toEqual({});
    await blurred;
    for (const payload of [{ effect: 'heavy' }, { effect: 'light', extra: 1 }, {}]) {
      expect(await request(anaSocket, 'media:background', payload as never)).toMatchObject({
        error: { code: 'validation_failed' },
      });
    }
    anaSocket.disconnect();
    const again = await connect(ana.token);
    const back = await data(again, 'session:join', { sessionId: liveSessionId });
    // Audio only stays; the background is told again by the new page.
    expect(anaOf(back.view)).toMatchObject({
      presence: 'admitted',
      audioOnly: true,
      backgroundProcessed: false,
    });
    await data(again, 'session:leave');
    await data(doctor, 'session:leave');
  });
});

describe('the wire contract', () => {
  it('held for every kind of event the flows above made the server send', () => {
    // Each test's events were parsed against their schemas as they came (see afterEach).
    expect([...sockets.eventsSeen].sort()).toEqual([
      'agenda:progress',
      'agenda:state',
      'chat:message',
      'media:reset',
      'seat:released',
      'session:removed',
      'session:view',
    ]);
  });
});
