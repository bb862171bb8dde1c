import { describe, expect, it } from 'vitest';
import { joinState } from './join-window';

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
    expect(joinState(session, at('2026-01-12T09:50:00.000Z'))).toEqual({ kind: 'open' });
  });

  it('stays open through the session and closes at its end', () => {
    expect(joinState(session, at('2026-01-12T10:49:59.999Z'))).toEqual({ kind: 'open' });
    expect(joinState(session, at('2026-01-12T10:50:00.000Z'))).toEqual({ kind: 'ended' });
  });

  it('never opens a cancelled session', () => {
    expect(joinState({ ...session, status: 'cancelled' }, at('2026-01-12T10:00:00Z'))).toEqual({
      kind: 'cancelled',
    });
  });
});
