import {
  startSchedulingApp,
  type Actor,
  type SchedulingHarness,
} from '../testing/scheduling-harness';
import {
  acceptConsent,
  courseStartingNow,
  data,
  LiveSockets,
  next,
  request,
} from './testing/live-sockets';

// What the server sends over the live socket is what the wire contract says: a session walked
// through by real socket.io clients against the real API, PostgreSQL and mediasoup, every event
// they receive parsed against its schema (the ones of the signalling spec, and those here).

let h: SchedulingHarness;
let therapist: Actor;
let ana: Actor;
let ben: Actor;
let sessionId: string;
const sockets = new LiveSockets(() => h.t.baseUrl);

beforeAll(async () => {
  h = await startSchedulingApp();
  const p = await h.practice();
  therapist = await p.person('Dr Okafor', ['therapist']);
  ana = await p.person('Ana', ['client']);
  ben = await p.person('Ben', ['client']);
  const course = await courseStartingNow(h, p.coordinator, {
    therapistId: therapist.personId,
    members: [
      { personId: ana.personId, relation: 'partner', status: 'active' },
      { personId: ben.personId, relation: 'partner', status: 'active' },
    ],
  });
  for (const client of [ana, ben]) await acceptConsent(client);
  sessionId = course.first;
}, 60_000);

afterAll(async () => {
  await h.close();
});

it('keeps to the contract through muting, breakouts, a second window and a denial', async () => {
  const doctor = await sockets.connect(therapist.token);
  await data(doctor, 'session:join', { sessionId });
  const anaSocket = await sockets.connect(ana.token);
  const benSocket = await sockets.connect(ben.token);
  await data(anaSocket, 'session:join', { sessionId });
  await data(benSocket, 'session:join', { sessionId });
  const anaAgenda = next(anaSocket, 'agenda:state');
  await data(doctor, 'lobby:admit-all');
  await anaAgenda;

  const muted = next(anaSocket, 'moderation:muted');
  await data(doctor, 'moderation:mute', { participantId: ana.personId, lock: true });
  expect(await muted).toEqual({ locked: true });

  // Breakouts of one minute are in their last minute at once: the warning comes with the tick.
  const warned = next(benSocket, 'breakout:warning');
  await data(doctor, 'breakout:start', { rooms: [[ana.personId], [ben.personId]], minutes: 1 });
  expect((await warned).secondsLeft).toBeGreaterThan(55);
  await data(doctor, 'breakout:end');

  // Ana opens the call in another window: that one takes the seat, this one is told.
  const replaced = next(anaSocket, 'session:replaced');
  const second = await sockets.connect(ana.token);
  await data(second, 'session:join', { sessionId });
  expect(await replaced).toEqual({});

  // Ben is sent back to the waiting room and turned away with a word from the therapist.
  await data(doctor, 'lobby:send-back', { participantId: ben.personId });
  const denied = next(benSocket, 'session:denied');
  await data(doctor, 'lobby:deny', { participantId: ben.personId, message: 'See you next week' });
  expect(await denied).toEqual({ message: 'See you next week' });
  expect(await request(second, 'session:leave')).toEqual({ data: {} });
  await data(doctor, 'session:leave');

  expect(sockets.closeAll()).toEqual([]);
  expect([...sockets.eventsSeen].sort()).toEqual([
    'agenda:state',
    'breakout:warning',
    'moderation:muted',
    'session:denied',
    'session:replaced',
    'session:view',
  ]);
});
