import { isDomainError } from '../errors/domain-error';
import { Floor } from './floor';
import type { Entrant } from './live-types';
import { newSeat, SeatTable } from './seats';

const t0 = new Date('2026-03-02T18:00:00Z');
const people: Entrant[] = [
  { id: 't', displayName: 'Dr Okafor', role: 'therapist', knownMember: false },
  { id: 'a', displayName: 'Ana', role: 'client', knownMember: true },
  { id: 'b', displayName: 'Ben', role: 'client', knownMember: true },
];

/** 'ok', or the refusal's code with its reason (e.g. 'forbidden:unmute_locked'). */
function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const reason = error.details?.['reason'];
    return typeof reason === 'string' ? `${error.code}:${reason}` : error.code;
  }
  return 'ok';
}

/** A floor with the therapist and both clients admitted, and 'w' waiting. */
function floor(): { seats: SeatTable; floor: Floor } {
  const seats = new SeatTable();
  for (const person of people) seats.add(newSeat(person, 'admitted', t0));
  seats.add(
    newSeat({ id: 'w', displayName: 'Wen', role: 'client', knownMember: true }, 'waiting', t0),
  );
  return { seats, floor: new Floor(seats) };
}

describe('Floor — own media', () => {
  it('records each source on its own, for admitted participants only', () => {
    const { seats, floor: f } = floor();
    f.setMedia('a', 'camera', true);
    f.setMedia('a', 'screen', true);
    expect(seats.of('a')).toMatchObject({
      cameraOn: true,
      screenSharing: true,
      microphoneOn: false,
    });
    f.setMedia('a', 'screen', false);
    expect(seats.of('a').screenSharing).toBe(false);
    expect(codeOf(() => f.setMedia('w', 'camera', true))).toBe('forbidden:not_admitted');
  });
});

describe('Floor — mutes', () => {
  it('mutes a client with or without a lock; a locked one cannot turn the microphone on', () => {
    const { seats, floor: f } = floor();
    f.setMedia('a', 'microphone', true);
    f.mute('t', 'a', false);
    expect(seats.of('a').microphoneOn).toBe(false);
    expect(f.mayUnmute('a')).toBe(true);
    f.mute('t', 'a', true);
    expect(codeOf(() => f.setMedia('a', 'microphone', true))).toBe('forbidden:unmute_locked');
    expect(codeOf(() => f.assertMayTurnOn('a', 'microphone', false))).toBe('ok');
    expect(codeOf(() => f.assertMayTurnOn('a', 'camera', true))).toBe('ok');
    f.unlockMute('t', 'a');
    expect(codeOf(() => f.setMedia('a', 'microphone', true))).toBe('ok');
  });

  it('mutes every client at once and unlocks them all; therapists cannot be muted', () => {
    const { floor: f } = floor();
    expect(f.muteAll('t', true)).toEqual(['a', 'b', 'w']);
    expect(['a', 'b', 'w'].map((id) => f.mayUnmute(id))).toEqual([false, false, false]);
    expect(f.mayUnmute('t')).toBe(true);
    f.unlockMute('t');
    expect(['a', 'b', 'w'].map((id) => f.mayUnmute(id))).toEqual([true, true, true]);
    expect(codeOf(() => f.mute('t', 't', false))).toBe('conflict');
    expect(codeOf(() => f.mute('a', 'b', false))).toBe('forbidden');
    expect(codeOf(() => f.unlockMute('a'))).toBe('forbidden');
  });
});

describe('Floor — hands', () => {
  it('queues hands in the order raised; raising again keeps the place', () => {
    const { floor: f } = floor();
    f.raiseHand('b');
    f.raiseHand('a');
    f.raiseHand('b');
    expect(f.handQueue()).toEqual(['b', 'a']);
    f.lowerHand('b');
    f.raiseHand('b');
    expect(f.handQueue()).toEqual(['a', 'b']);
    expect(codeOf(() => f.raiseHand('w'))).toBe('forbidden:not_admitted');
  });

  it('lets only therapists lower someone else’s hand, or all of them', () => {
    const { floor: f } = floor();
    f.raiseHand('a');
    f.raiseHand('b');
    expect(codeOf(() => f.lowerHand('a', 'b'))).toBe('forbidden');
    f.lowerHand('t', 'b');
    expect(f.handQueue()).toEqual(['a']);
    expect(codeOf(() => f.lowerAllHands('a'))).toBe('forbidden');
    f.lowerAllHands('t');
    expect(f.handQueue()).toEqual([]);
  });
});
