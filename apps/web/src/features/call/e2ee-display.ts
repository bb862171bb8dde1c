import type { Participant, SessionView } from '@hearth/contracts';

/**
 * Whose page shows the same safety code as this one, for a therapist: the others in the same
 * room, split by what their page reported (views give therapists everyone's code hash).
 */
export interface CodeAgreement {
  readonly same: readonly Participant[];
  readonly different: readonly Participant[];
  /** In the call without a key or a code yet (still connecting, or a browser that cannot). */
  readonly pending: readonly Participant[];
}

export function codeAgreement(view: SessionView | null, ownHash: string | null): CodeAgreement {
  const same: Participant[] = [];
  const different: Participant[] = [];
  const pending: Participant[] = [];
  if (!view) return { same, different, pending };
  // Codes are per room: during breakouts, the room one is in.
  const room = view.participants.find((p) => p.id === view.selfId)?.breakoutRoom ?? null;
  for (const p of view.participants) {
    if (p.id === view.selfId || p.presence === 'waiting' || p.breakoutRoom !== room) continue;
    const hash = p.e2ee?.codeHash ?? null;
    if (!hash || !ownHash) pending.push(p);
    else if (hash === ownHash) same.push(p);
    else different.push(p);
  }
  return { same, different, pending };
}

/** One line about the agreement, for the therapist's panel. */
export function agreementWords(agreement: CodeAgreement): string {
  const names = (people: readonly Participant[]) => people.map((p) => p.displayName).join(', ');
  if (agreement.different.length > 0) {
    return `Different code on ${names(agreement.different)}'s page: someone may be listening in. Compare the codes aloud.`;
  }
  if (agreement.pending.length > 0) return `Waiting for ${names(agreement.pending)}'s page.`;
  if (agreement.same.length === 0) return 'Nobody else is in the call yet.';
  return 'Everyone’s page shows this code.';
}
