import { isDomainError, type DomainError } from '../errors/domain-error';
import { SEAT_HOLD_MS } from './admission';
import { LiveSession } from './live-session';
import type { Entrant } from './live-types';

const t0 = new Date('2026-03-02T18:00:00Z');
const after = (ms: number) => new Date(t0.getTime() + ms);

const therapist: Entrant = {
  id: 't',
  displayName: 'Dr Okafor',
  role: 'therapist',
  knownMember: false,
};
const coTherapist: Entrant = {
  id: 't2',
  displayName: 'Sam',
  role: 'therapist',
  knownMember: false,
};
const ana: Entrant = { id: 'a', displayName: 'Ana', role: 'client', knownMember: true };
const ben: Entrant = { id: 'b', displayName: 'Ben', role: 'client', knownMember: true };
const cara: Entrant = { id: 'c', displayName: 'Cara', role: 'client', knownMember: true };
const dev: Entrant = { id: 'd', displayName: 'Dev', role: 'client', knownMember: true };

function session(autoAdmitMembers = false): LiveSession {
  return new LiveSession('s-1', { autoAdmitMembers });
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  return 'ok';
}

/** A session with the therapist and the given clients all admitted. */
function inCall(...clients: Entrant[]): LiveSession {
  const live = session();
  live.join(therapist, t0);
  for (const client of clients) {
    live.join(client, t0);
    live.admit('t', client.id, t0);
  }
  return live;
}

describe('LiveSession — entering', () => {
  it('lets therapists straight in and puts clients in the waiting room', () => {
    const live = session();
    expect(live.join(therapist, t0)).toEqual({ presence: 'admitted', returning: false });
    expect(live.join(ana, after(1000))).toEqual({ presence: 'waiting', returning: false });
    expect(live.presenceOf('a')).toBe('waiting');
  });

  it('auto-admits known members when the course allows it, but not unknown clients', () => {
    const live = session(true);
    expect(live.join(ana, t0).presence).toBe('admitted');
    expect(live.join({ ...ben, knownMember: false }, t0).presence).toBe('waiting');
  });

  it('gives a returning person their seat back as it was', () => {
    const live = inCall(ana);
    live.raiseHand('a');
    expect(live.join(ana, after(5000))).toEqual({ presence: 'admitted', returning: true });
    expect(live.viewFor('a').participants.find((p) => p.id === 'a')?.handPosition).toBe(1);
  });

  it('refuses new clients while locked, but not therapists or returning seats', () => {
    const live = inCall(ana);
    live.setLocked('t', true);
    expect(codeOf(() => live.join(ben, t0))).toBe('conflict');
    expect(live.has('b')).toBe(false);
    expect(live.join(coTherapist, t0).presence).toBe('admitted');
    live.drop('a', t0);
    expect(live.join(ana, after(1000)).presence).toBe('admitted');
    live.setLocked('t', false);
    expect(live.join(ben, t0).presence).toBe('waiting');
  });
});

describe('LiveSession — waiting room', () => {
  it('admits one, admits all, denies and sends back; only therapists may', () => {
    const live = session();
    live.join(therapist, t0);
    for (const client of [ana, ben, cara]) live.join(client, t0);
    expect(codeOf(() => live.admit('a', 'b', t0))).toBe('forbidden');
    live.admit('t', 'a', after(1000));
    expect(live.presenceOf('a')).toBe('admitted');
    expect(codeOf(() => live.admit('t', 'a', t0))).toBe('conflict');
    live.deny('t', 'c');
    expect(live.has('c')).toBe(false);
    expect(live.wasRemoved('c')).toBe(false);
    expect(live.admitAll('t', after(2000))).toEqual(['b']);
    live.sendBack('t', 'b', after(3000));
    expect(live.presenceOf('b')).toBe('waiting');
    expect(codeOf(() => live.sendBack('t', 't', t0))).toBe('conflict');
  });

  it('shows therapists the waiting room with since-times, and clients only the call', () => {
    const live = session();
    live.join(therapist, t0);
    live.join(ana, after(60_000));
    live.join(ben, after(120_000));
    live.admit('t', 'b', after(180_000));
    const forTherapist = live.viewFor('t').participants;
    expect(forTherapist.map((p) => [p.id, p.presence, p.since])).toEqual([
      ['t', 'admitted', t0.toISOString()],
      ['a', 'waiting', after(60_000).toISOString()],
      ['b', 'admitted', after(180_000).toISOString()],
    ]);
    expect(live.viewFor('b').participants.map((p) => p.id)).toEqual(['t', 'b']);
    expect(live.viewFor('a').participants.map((p) => p.id)).toEqual(['t', 'a']);
  });

  it('keeps waiting clients out of the call: no hands, chat or media', () => {
    const live = session();
    live.join(therapist, t0);
    live.join(ana, t0);
    expect(codeOf(() => live.raiseHand('a'))).toBe('forbidden');
    expect(codeOf(() => live.chat('a', 'hello', t0))).toBe('forbidden');
    expect(codeOf(() => live.setMedia('a', 'camera', true))).toBe('forbidden');
    expect(live.canReceive('t', 'a')).toBe(false);
    expect(live.canReceive('a', 't')).toBe(false);
  });
});

describe('LiveSession — dropped connections', () => {
  it('holds the seat for 60 seconds, then frees it', () => {
    const live = inCall(ana);
    live.drop('a', t0);
    expect(live.presenceOf('a')).toBe('reconnecting');
    expect(live.tick(after(SEAT_HOLD_MS - 1)).seatsFreed).toEqual([]);
    expect(live.tick(after(SEAT_HOLD_MS)).seatsFreed).toEqual(['a']);
    expect(live.has('a')).toBe(false);
  });

  it('gives the seat back when the media path recovers by itself', () => {
    const live = inCall(ana);
    expect(live.recover('a')).toBe(false);
    live.drop('a', t0);
    expect(live.recover('a')).toBe(true);
    expect(live.presenceOf('a')).toBe('admitted');
    expect(live.tick(after(SEAT_HOLD_MS)).seatsFreed).toEqual([]);
  });

  it('returns a client who was waiting to the waiting room', () => {
    const live = session();
    live.join(therapist, t0);
    live.join(ana, t0);
    live.drop('a', t0);
    expect(live.join(ana, after(10_000)).presence).toBe('waiting');
  });
});

describe('LiveSession — hands, chat and media state', () => {
  it('queues raised hands in order and lowers one or all', () => {
    const live = inCall(ana, ben, cara);
    live.raiseHand('b');
    live.raiseHand('a');
    live.raiseHand('b');
    live.raiseHand('c');
    const positions = () =>
      Object.fromEntries(live.viewFor('t').participants.map((p) => [p.id, p.handPosition]));
    expect(positions()).toEqual({ t: null, a: 2, b: 1, c: 3 });
    live.lowerHand('b');
    expect(positions()).toEqual({ t: null, a: 1, b: null, c: 2 });
    expect(codeOf(() => live.lowerHand('a', 'c'))).toBe('forbidden');
    live.lowerHand('t', 'c');
    expect(positions()['c']).toBeNull();
    live.raiseHand('c');
    live.lowerAllHands('t');
    expect(Object.values(positions()).every((p) => p === null)).toBe(true);
  });

  it('keeps the last chat lines in memory with the sender’s name', () => {
    const live = inCall(ana);
    const message = live.chat('a', 'Can everyone hear me?', after(1000));
    expect(message).toEqual({
      id: 'm1',
      fromId: 'a',
      fromName: 'Ana',
      text: 'Can everyone hear me?',
      sentAt: after(1000).toISOString(),
    });
    for (let i = 0; i < 250; i += 1) live.chat('t', `line ${i}`, t0);
    expect(live.chatHistory).toHaveLength(200);
    expect(live.chatHistory.at(-1)?.text).toBe('line 249');
  });
});

describe('LiveSession — moderation', () => {
  it('mutes with or without a lock, and a locked client cannot unmute until allowed', () => {
    const live = inCall(ana, ben);
    live.setMedia('a', 'microphone', true);
    live.setMedia('b', 'microphone', true);
    live.mute('t', 'a', false);
    live.setMedia('a', 'microphone', true);
    live.mute('t', 'a', true);
    expect(codeOf(() => live.setMedia('a', 'microphone', true))).toBe('forbidden');
    expect(live.viewFor('a').participants.find((p) => p.id === 'a')).toMatchObject({
      microphoneOn: false,
      unmuteLocked: true,
    });
    live.unlockMute('t', 'a');
    live.setMedia('a', 'microphone', true);
    expect(live.muteAll('t', true)).toEqual(['a', 'b']);
    expect(live.mayUnmute('b')).toBe(false);
    live.unlockMute('t');
    expect(live.mayUnmute('b')).toBe(true);
    expect(codeOf(() => live.mute('a', 'b', false))).toBe('forbidden');
    expect(codeOf(() => live.mute('t', 't', false))).toBe('conflict');
  });

  it('removes a client for good: they cannot come back, even after a reconnect', () => {
    const live = inCall(ana);
    live.remove('t', 'a');
    expect(live.has('a')).toBe(false);
    const refusal = (() => {
      try {
        live.join(ana, after(1000));
      } catch (error) {
        return error as DomainError;
      }
      return null;
    })();
    expect(refusal?.code).toBe('forbidden');
    expect(refusal?.details).toEqual({ reason: 'removed' });
    expect(codeOf(() => live.remove('t', 't'))).toBe('conflict');
  });
});

describe('LiveSession — moving to another server', () => {
  it('carries who was in, who was removed and the lock', () => {
    const live = inCall(ana, ben);
    live.join(cara, t0);
    live.remove('t', 'b');
    live.drop('a', t0);
    live.setLocked('t', true);
    const snapshot = live.snapshot();
    expect(snapshot).toEqual({
      admitted: ['t', 'a'],
      removed: ['b'],
      locked: true,
      hands: [],
      unmuteLocked: [],
      breakouts: null,
    });

    const moved = session();
    moved.restore(snapshot);
    expect(moved.locked).toBe(true);
    expect(moved.join(therapist, t0).presence).toBe('admitted');
    expect(moved.join(ana, t0).presence).toBe('admitted');
    expect(codeOf(() => moved.join(ben, t0))).toBe('forbidden');
    // Someone who was only waiting is new here, and the session is locked.
    expect(codeOf(() => moved.join(cara, t0))).toBe('conflict');
    expect(moved.snapshot().admitted).toEqual(['t', 'a']);
  });

  it('gives back raised hands in their order, mute locks and breakout rooms as people return', () => {
    const live = inCall(ana, ben, cara, dev);
    live.join(coTherapist, t0);
    live.raiseHand('c');
    live.raiseHand('a');
    live.mute('t', 'b', true);
    live.startBreakouts(
      't',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      10,
      t0,
    );
    live.visit('t2', 1);
    const snapshot = JSON.parse(JSON.stringify(live.snapshot())) as ReturnType<
      LiveSession['snapshot']
    >;
    expect(snapshot.hands).toEqual(['c', 'a']);
    expect(snapshot.unmuteLocked).toEqual(['b']);

    const moved = session();
    moved.restore(snapshot);
    moved.join(therapist, t0);
    moved.join(ana, t0);
    moved.join(ben, t0);
    // Cara is not back yet: a second move still carries her hand and her room.
    expect(moved.snapshot()).toMatchObject({
      hands: ['c', 'a'],
      unmuteLocked: ['b'],
      breakouts: {
        rooms: [
          ['a', 'b'],
          ['c', 'd'],
        ],
        visits: [{ id: 't2', room: 1 }],
      },
    });
    moved.join(cara, t0);
    moved.join(coTherapist, t0);
    const view = moved.viewFor('t');
    const seen = (id: string) => view.participants.find((p) => p.id === id)!;
    expect(seen('c').handPosition).toBe(1);
    expect(seen('a').handPosition).toBe(2);
    expect(seen('b').unmuteLocked).toBe(true);
    expect(codeOf(() => moved.setMedia('b', 'microphone', true))).toBe('forbidden');
    expect([seen('a').breakoutRoom, seen('c').breakoutRoom, seen('t2').breakoutRoom]).toEqual([
      0, 1, 1,
    ]);
    expect(moved.canReceive('a', 'b')).toBe(true);
    expect(moved.canReceive('a', 'c')).toBe(false);
    // A hand raised here queues after the carried ones; the countdown carries on.
    moved.raiseHand('b');
    expect(moved.viewFor('t').participants.find((p) => p.id === 'b')?.handPosition).toBe(3);
    expect(moved.tick(after(10 * 60_000)).breakoutsEnded).toBe(true);
  });
});

describe('LiveSession — breakouts', () => {
  it('splits clients into rooms; media flows only within a room; the therapist visits', () => {
    const live = inCall(ana, ben, cara, dev);
    live.join(coTherapist, t0);
    live.startBreakouts(
      't',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      null,
      t0,
    );
    expect(live.canReceive('a', 'b')).toBe(true);
    expect(live.canReceive('a', 'c')).toBe(false);
    expect(live.canReceive('t', 'a')).toBe(false);
    expect(live.canReceive('t', 't2')).toBe(true);
    live.visit('t', 1);
    expect(live.canReceive('t', 'c')).toBe(true);
    expect(live.canReceive('d', 't')).toBe(true);
    expect(live.canReceive('t', 'a')).toBe(false);
    expect(live.canReceive('t', 't2')).toBe(false);
    live.endBreakouts('t');
    for (const [x, y] of [
      ['a', 'c'],
      ['t', 'a'],
      ['t', 't2'],
      ['b', 'd'],
    ] as const) {
      expect(live.canReceive(x, y)).toBe(true);
    }
  });

  it('refuses bad splits and changes nothing', () => {
    const live = inCall(ana, ben, cara);
    live.join(dev, t0);
    const bad: string[][][] = [
      [['a', 'b']],
      [['a'], ['b'], ['c'], ['a'], ['b']],
      [['a'], []],
      [
        ['a', 'b'],
        ['b', 'c'],
      ],
      [['a'], ['d']],
      [['a'], ['t']],
      [['a'], ['nobody']],
    ];
    for (const rooms of bad) {
      expect(codeOf(() => live.startBreakouts('t', rooms, null, t0))).toBe('validation_failed');
    }
    expect(live.breakoutsRunning).toBe(false);
    expect(codeOf(() => live.startBreakouts('a', [['a'], ['b']], null, t0))).toBe('forbidden');
  });

  it('warns one minute before a countdown ends, once, then brings everyone back', () => {
    const live = inCall(ana, ben);
    live.startBreakouts('t', [['a'], ['b']], 5, t0);
    expect(live.viewFor('a').breakouts).toEqual({
      rooms: [['a'], ['b']],
      endsAt: after(300_000).toISOString(),
    });
    expect(live.tick(after(239_000)).breakoutWarning).toBeNull();
    expect(live.tick(after(240_000)).breakoutWarning).toBe(60);
    expect(live.tick(after(250_000)).breakoutWarning).toBeNull();
    expect(live.tick(after(300_000))).toMatchObject({ breakoutsEnded: true });
    expect(live.breakoutsRunning).toBe(false);
    expect(live.canReceive('a', 'b')).toBe(true);
  });

  it('takes a client who leaves or is sent back out of their room', () => {
    const live = inCall(ana, ben, cara);
    live.startBreakouts('t', [['a', 'c'], ['b']], null, t0);
    live.sendBack('t', 'c', t0);
    live.leave('b');
    expect(live.viewFor('t').breakouts?.rooms).toEqual([['a'], []]);
    expect(live.viewFor('t').participants.find((p) => p.id === 'c')?.breakoutRoom).toBeNull();
  });
});

describe('LiveSession — rules the live service asks for', () => {
  it('refuses turning a locked microphone on, whichever way the client tries', () => {
    const live = inCall(ana);
    live.mute('t', 'a', true);
    expect(codeOf(() => live.assertMayTurnOn('a', 'microphone', true))).toBe('forbidden');
    // Publishing it paused, or the camera, is fine.
    expect(codeOf(() => live.assertMayTurnOn('a', 'microphone', false))).toBe('ok');
    expect(codeOf(() => live.assertMayTurnOn('a', 'camera', true))).toBe('ok');
    live.unlockMute('t', 'a');
    expect(codeOf(() => live.assertMayTurnOn('a', 'microphone', true))).toBe('ok');
  });

  it('lets only therapists in the call lead the agenda', () => {
    const live = inCall(ana);
    expect(codeOf(() => live.assertAgendaLeader('t'))).toBe('ok');
    expect(codeOf(() => live.assertAgendaLeader('a'))).toBe('forbidden');
    expect(codeOf(() => live.assertAgendaLeader('nobody'))).toBe('forbidden');
    live.drop('t', t0);
    expect(codeOf(() => live.assertAgendaLeader('t'))).toBe('forbidden');
  });

  it('orders a go-round by the roster, keeping dropped seats and leaving out the waiting room', () => {
    const live = inCall(ana, ben);
    live.join(cara, t0);
    live.drop('b', t0);
    expect(live.goRoundOrder(['d', 'c', 'b', 'a'])).toEqual(['b', 'a']);
  });
});
