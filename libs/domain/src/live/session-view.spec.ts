import type { Entrant, Presence } from './live-types';
import { newSeat, type Seat } from './seats';
import { buildView, type ViewSource } from './session-view';

const t0 = new Date('2026-03-02T18:00:00Z');

function seat(id: string, role: Entrant['role'], presence: Presence): Seat {
  const s = newSeat({ id, displayName: id.toUpperCase(), role, knownMember: true }, 'admitted', t0);
  s.presence = presence;
  return s;
}

const therapist = seat('t', 'therapist', 'admitted');
const ana = seat('a', 'client', 'admitted');
const ben = seat('b', 'client', 'reconnecting');
const wen = seat('w', 'client', 'waiting');
const xia = seat('x', 'client', 'waiting');

function source(overrides: Partial<ViewSource> = {}): ViewSource {
  return {
    sessionId: 's-1',
    locked: false,
    seats: [therapist, ana, ben, wen, xia],
    handQueue: [],
    breakouts: null,
    activeSpeakerId: null,
    ...overrides,
  };
}

const ids = (viewer: Seat) => buildView(source(), viewer).participants.map((p) => p.id);

describe('buildView — who sees whom', () => {
  it('shows therapists everyone, waiting room included', () => {
    expect(ids(therapist)).toEqual(['t', 'a', 'b', 'w', 'x']);
  });

  it('shows clients in the call everyone past the waiting room, dropped seats included', () => {
    expect(ids(ana)).toEqual(['t', 'a', 'b']);
    expect(ids(ben)).toEqual(['t', 'a', 'b']);
  });

  it('shows a waiting client only themselves and the therapists', () => {
    expect(ids(wen)).toEqual(['t', 'w']);
  });
});

describe('buildView — what each participant shows', () => {
  it('numbers raised hands by their place in the queue', () => {
    const up = [seat('a', 'client', 'admitted'), seat('b', 'client', 'admitted')];
    up[0]!.handRaisedAt = 7;
    up[1]!.handRaisedAt = 2;
    const view = buildView(source({ seats: [therapist, ...up], handQueue: ['b', 'a'] }), therapist);
    expect(view.participants.map((p) => [p.id, p.handPosition])).toEqual([
      ['t', null],
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('carries the seat’s state and the session’s lock, rooms and speaker', () => {
    const view = buildView(
      source({
        locked: true,
        breakouts: { rooms: [['a'], ['b']], endsAt: null },
        activeSpeakerId: 'a',
      }),
      ana,
    );
    expect(view).toMatchObject({
      sessionId: 's-1',
      selfId: 'a',
      locked: true,
      breakouts: { rooms: [['a'], ['b']], endsAt: null },
      activeSpeakerId: 'a',
    });
    expect(view.participants[1]).toEqual({
      id: 'a',
      displayName: 'A',
      role: 'client',
      presence: 'admitted',
      since: t0.toISOString(),
      microphoneOn: false,
      cameraOn: false,
      screenSharing: false,
      unmuteLocked: false,
      handPosition: null,
      breakoutRoom: null,
    });
  });
});
