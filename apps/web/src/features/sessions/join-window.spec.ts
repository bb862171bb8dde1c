import { joinWindowOf } from '@hearth/domain';
import { describe, expect, it } from 'vitest';
import { joinClosesMinutesAfter, joinOpensMinutesBefore, joinState } from './join-window';

const session = {
  startsAt: '2026-01-12T10:00:00.000Z',
  endsAt: '2026-01-12T10:50:00.000Z',
  status: 'scheduled',
};
const at = (iso: string) => new Date(iso);

describe('joinState', () => {
  it('opens 10 minutes before the start, to the millisecond', () => {
    expect(joinState(session, at('2026-01-12T09:49:59.999Z'))).toEqual({
      kind: 'not_yet',
      opensAt: at('2026-01-12T09:50:00.000Z'),
    });
    expect(joinState(session, at('2026-01-12T09:50:00.000Z'))).toMatchObject({ kind: 'open' });
  });

  it('stays open past the planned end and closes 30 minutes after it', () => {
    const open = { kind: 'open', closesAt: at('2026-01-12T11:20:00.000Z') };
    expect(joinState(session, at('2026-01-12T10:50:00.000Z'))).toEqual(open);
    expect(joinState(session, at('2026-01-12T11:20:00.000Z'))).toEqual(open);
    expect(joinState(session, at('2026-01-12T11:20:00.001Z'))).toEqual({ kind: 'ended' });
  });

  it('is the server’s rule, not a copy of it', () => {
    expect([joinOpensMinutesBefore, joinClosesMinutesAfter]).toEqual([10, 30]);
    const window = joinWindowOf({
      startsAt: new Date(session.startsAt),
      endsAt: new Date(session.endsAt),
    });
    expect(joinState(session, window.opensAt).kind).toBe('open');
    expect(joinState(session, window.closesAt).kind).toBe('open');
    expect(joinState(session, new Date(window.closesAt.getTime() + 1)).kind).toBe('ended');
  });

  it('never opens a cancelled session', () => {
    expect(joinState({ ...session, status: 'cancelled' }, at('2026-01-12T10:00:00Z'))).toEqual({
      kind: 'cancelled',
    });
  });
});
