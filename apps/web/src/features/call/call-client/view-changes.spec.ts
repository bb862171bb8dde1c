import { describe, expect, it } from 'vitest';
import { cleo, cleoId, sam, sessionView, therapist, therapistId } from '../../../testing/fake-call';
import { viewChange } from './view-changes';

describe('what a new session view means', () => {
  it('lets a waiting person in, and moves an admitted one back', () => {
    const waiting = sessionView(cleoId, [{ ...cleo, presence: 'waiting' }, therapist]);
    const admitted = sessionView(cleoId, [cleo, therapist]);
    expect(viewChange('waiting', waiting, admitted)).toEqual({
      phase: 'in-call',
      announcements: ['A therapist let you in.'],
    });
    expect(viewChange('in-call', admitted, waiting)).toEqual({
      phase: 'waiting',
      announcements: ['A therapist moved you back to the waiting room.'],
    });
    expect(viewChange('in-call', admitted, admitted)).toEqual({ phase: null, announcements: [] });
  });

  it('says when unmuting is allowed again and when one changes room', () => {
    const locked = sessionView(cleoId, [{ ...cleo, unmuteLocked: true }, therapist]);
    const inRoom = sessionView(cleoId, [{ ...cleo, breakoutRoom: 1 }, therapist]);
    expect(viewChange('in-call', locked, inRoom).announcements).toEqual([
      'A therapist allowed you to unmute.',
      'You are in breakout room 2.',
    ]);
  });

  it('tells a therapist who newly arrived in the waiting room', () => {
    const before = sessionView(therapistId, [therapist]);
    const after = sessionView(therapistId, [therapist, { ...sam, presence: 'waiting' }]);
    expect(viewChange('in-call', before, after).announcements).toEqual([
      'Sam Okafor is in the waiting room.',
    ]);
  });
});
