import type { SessionView } from '@hearth/contracts';
import { selfOf, type CallPhase } from '../call-state';

/** What a new session view means for the person's call: a move in or out, and what to say. */
export interface ViewChange {
  /** `in-call`: a therapist let them in; `waiting`: sent back to the waiting room. */
  readonly phase: 'in-call' | 'waiting' | null;
  /** For the screen reader, in order. */
  readonly announcements: readonly string[];
}

/** Compares the view the person had with the one the server just sent. */
export function viewChange(
  phase: CallPhase,
  previous: SessionView | null,
  view: SessionView,
): ViewChange {
  const before = selfOf(previous);
  const self = selfOf(view);
  if (!self) return { phase: null, announcements: [] };
  const said: string[] = [];
  let next: ViewChange['phase'] = null;
  if (phase === 'waiting' && self.presence === 'admitted') {
    next = 'in-call';
    said.push('A therapist let you in.');
  } else if (phase === 'in-call' && self.presence === 'waiting') {
    next = 'waiting';
    said.push('A therapist moved you back to the waiting room.');
  } else if (before?.unmuteLocked && !self.unmuteLocked) {
    said.push('A therapist allowed you to unmute.');
  }
  if (before && before.breakoutRoom !== self.breakoutRoom) {
    said.push(
      self.breakoutRoom === null
        ? 'You are back in the main room.'
        : `You are in breakout room ${self.breakoutRoom + 1}.`,
    );
  }
  if (self.role === 'therapist' && previous) {
    const known = new Set(previous.participants.map((p) => p.id));
    for (const p of view.participants) {
      if (p.presence === 'waiting' && !known.has(p.id)) {
        said.push(`${p.displayName} is in the waiting room.`);
      }
    }
  }
  return { phase: next, announcements: said };
}
