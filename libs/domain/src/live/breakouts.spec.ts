import { isDomainError } from '../errors/domain-error';
import { BREAKOUT_WARNING_MS, Breakouts } from './breakouts';
import type { Entrant } from './live-types';
import { newSeat, SeatTable } from './seats';

const t0 = new Date('2026-03-02T18:00:00Z');
const after = (ms: number) => new Date(t0.getTime() + ms);

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  return 'ok';
}

/** Therapists t and t2 and clients a–d in the call, and w waiting. */
function rooms(): { seats: SeatTable; breakouts: Breakouts } {
  const seats = new SeatTable();
  const person = (id: string, role: Entrant['role']): Entrant => ({
    id,
    displayName: id,
    role,
    knownMember: true,
  });
  for (const id of ['t', 't2']) seats.add(newSeat(person(id, 'therapist'), 'admitted', t0));
  for (const id of ['a', 'b', 'c', 'd']) seats.add(newSeat(person(id, 'client'), 'admitted', t0));
  seats.add(newSeat(person('w', 'client'), 'waiting', t0));
  return { seats, breakouts: new Breakouts(seats) };
}

describe('Breakouts — starting and ending', () => {
  it('puts each client in their room and brings everyone back at the end', () => {
    const { seats, breakouts } = rooms();
    breakouts.start('t', [['a', 'b'], ['c']], null, t0);
    expect(breakouts.running).toBe(true);
    expect(['a', 'b', 'c', 'd', 't'].map((id) => seats.of(id).breakoutRoom)).toEqual([
      0,
      0,
      1,
      null,
      null,
    ]);
    expect(breakouts.view()).toEqual({ rooms: [['a', 'b'], ['c']], endsAt: null });
    expect(codeOf(() => breakouts.start('t', [['d'], ['a']], null, t0))).toBe('conflict');
    breakouts.end('t');
    expect(breakouts.running).toBe(false);
    expect(breakouts.view()).toBeNull();
    expect(seats.all().every((seat) => seat.breakoutRoom === null)).toBe(true);
    expect(codeOf(() => breakouts.end('t'))).toBe('conflict');
  });

  it('refuses a bad split without changing any seat', () => {
    const { seats, breakouts } = rooms();
    for (const bad of [[['a']], [['a'], []], [['a'], ['a']], [['a'], ['w']], [['a'], ['t2']]]) {
      expect(codeOf(() => breakouts.start('t', bad, null, t0))).toBe('validation_failed');
    }
    expect(codeOf(() => breakouts.start('a', [['a'], ['b']], null, t0))).toBe('forbidden');
    expect(breakouts.running).toBe(false);
    expect(seats.all().every((seat) => seat.breakoutRoom === null)).toBe(true);
  });
});

describe('Breakouts — visiting and who hears whom', () => {
  it('lets a therapist visit an existing room and hear only that room', () => {
    const { breakouts } = rooms();
    expect(codeOf(() => breakouts.visit('t', 0))).toBe('conflict');
    breakouts.start('t', [['a'], ['b']], null, t0);
    expect(codeOf(() => breakouts.visit('t', 2))).toBe('not_found');
    expect(codeOf(() => breakouts.visit('a', 1))).toBe('forbidden');
    breakouts.visit('t', 1);
    expect(breakouts.canReceive('t', 'b')).toBe(true);
    expect(breakouts.canReceive('t', 'a')).toBe(false);
    expect(breakouts.canReceive('t2', 'c')).toBe(true);
    breakouts.visit('t', null);
    expect(breakouts.canReceive('t', 't2')).toBe(true);
  });

  it('never routes media to or from the waiting room, or to oneself', () => {
    const { breakouts } = rooms();
    expect(breakouts.canReceive('t', 'w')).toBe(false);
    expect(breakouts.canReceive('w', 't')).toBe(false);
    expect(breakouts.canReceive('a', 'a')).toBe(false);
    expect(breakouts.canReceive('a', 'nobody')).toBe(false);
    expect(breakouts.canReceive('a', 'b')).toBe(true);
  });
});

describe('Breakouts — leaving a room', () => {
  it('takes someone out of their room, and drops a leaver from the lists', () => {
    const { seats, breakouts } = rooms();
    breakouts.start('t', [['a', 'c'], ['b']], null, t0);
    breakouts.unassign(seats.of('c'));
    expect(seats.of('c').breakoutRoom).toBeNull();
    breakouts.forget('b');
    expect(breakouts.view()?.rooms).toEqual([['a'], []]);
  });
});

describe('Breakouts — countdown', () => {
  it('warns once a minute before the end, then ends by itself', () => {
    const { seats, breakouts } = rooms();
    breakouts.start('t', [['a'], ['b']], 3, t0);
    expect(breakouts.view()?.endsAt).toBe(after(180_000).toISOString());
    const warnAt = 180_000 - BREAKOUT_WARNING_MS;
    expect(breakouts.tick(after(warnAt - 1))).toEqual({ warning: null, ended: false });
    expect(breakouts.tick(after(warnAt + 500))).toEqual({ warning: 60, ended: false });
    expect(breakouts.tick(after(warnAt + 1000))).toEqual({ warning: null, ended: false });
    expect(breakouts.tick(after(180_000))).toEqual({ warning: null, ended: true });
    expect(breakouts.running).toBe(false);
    expect(seats.of('a').breakoutRoom).toBeNull();
  });

  it('has nothing to do without a countdown', () => {
    const { breakouts } = rooms();
    expect(breakouts.tick(after(1e9))).toEqual({ warning: null, ended: false });
    breakouts.start('t', [['a'], ['b']], null, t0);
    expect(breakouts.tick(after(1e9))).toEqual({ warning: null, ended: false });
    expect(breakouts.running).toBe(true);
  });
});
