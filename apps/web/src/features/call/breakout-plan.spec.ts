import { describe, expect, it } from 'vitest';
import { defaultAssignment, parseBreakoutMinutes, planBreakouts } from './breakout-plan';

describe('breakout plans', () => {
  const family = ['mum', 'dad', 'teen', 'child'];

  it('spreads clients over the rooms in turn by default', () => {
    expect(defaultAssignment(family, 2)).toEqual({ mum: 0, dad: 1, teen: 0, child: 1 });
    const plan = planBreakouts(family, defaultAssignment(family, 3), 3);
    expect(plan).toEqual({ ok: true, rooms: [['mum', 'child'], ['dad'], ['teen']] });
  });

  it('follows the therapist’s picks', () => {
    const plan = planBreakouts(family, { mum: 0, dad: 0, teen: 1, child: 1 }, 2);
    expect(plan).toEqual({
      ok: true,
      rooms: [
        ['mum', 'dad'],
        ['teen', 'child'],
      ],
    });
  });

  it('refuses a room with nobody in it', () => {
    expect(planBreakouts(family, { mum: 0, dad: 0, teen: 0, child: 1 }, 3)).toEqual({
      ok: false,
      message: 'Room 3 has nobody in it. Move someone there or use fewer rooms.',
    });
  });

  it('refuses with fewer than two clients', () => {
    expect(planBreakouts(['mum'], {}, 2).ok).toBe(false);
  });

  it('puts a pick past the room count back in turn', () => {
    const plan = planBreakouts(['a', 'b', 'c'], { a: 3, b: 1, c: 0 }, 2);
    expect(plan).toEqual({ ok: true, rooms: [['a', 'c'], ['b']] });
  });

  it('reads the optional countdown in minutes', () => {
    expect(parseBreakoutMinutes('')).toEqual({ ok: true, minutes: undefined });
    expect(parseBreakoutMinutes(' 15 ')).toEqual({ ok: true, minutes: 15 });
    expect(parseBreakoutMinutes('0').ok).toBe(false);
    expect(parseBreakoutMinutes('2.5').ok).toBe(false);
    expect(parseBreakoutMinutes('121').ok).toBe(false);
  });
});
