import { sessionCountLimits } from './course-format';
import { validationFailed } from './validation-issues';
import { type IptPhase } from '../vocabulary';

export { iptPhases, type IptPhase } from '../vocabulary';

/** An inclusive range of session numbers, `[from, to]`. */
export type SessionRange = readonly [from: number, to: number];

/** The sessions of each phase of a course. */
export type PhaseSplit = Readonly<Record<IptPhase, SessionRange>>;

/**
 * Splits a course of `totalSessions` (8–20) into its IPT phases:
 * - initial = round(n / 4), kept within 2–4 sessions (IPT's "sessions 1–3/4");
 * - termination = round(n / 5), kept within 2–4 sessions (IPT's "last 2–4 sessions");
 * - middle = everything between, never empty.
 *
 * For 16 sessions: initial 1–4, middle 5–13, termination 14–16.
 *
 * @throws DomainError `validation_failed` when `totalSessions` is not a whole number from 8 to 20.
 */
export function phaseSplit(totalSessions: number): PhaseSplit {
  assertTotal(totalSessions);
  const initial = clamp(Math.round(totalSessions / 4), 2, 4);
  const termination = clamp(Math.round(totalSessions / 5), 2, 4);
  return {
    initial: [1, initial],
    middle: [initial + 1, totalSessions - termination],
    termination: [totalSessions - termination + 1, totalSessions],
  };
}

/**
 * The IPT phase session `sessionNumber` (1-based) belongs to in a course of `totalSessions`.
 *
 * @throws DomainError `validation_failed` for a course length outside 8–20 or a session number
 * outside 1..totalSessions.
 */
export function phaseOf(sessionNumber: number, totalSessions: number): IptPhase {
  const split = phaseSplit(totalSessions);
  assertSessionNumber(sessionNumber, totalSessions);
  if (sessionNumber <= split.initial[1]) return 'initial';
  if (sessionNumber <= split.middle[1]) return 'middle';
  return 'termination';
}

/**
 * The header shown in every session, e.g. "Session 7 of 16".
 *
 * @throws DomainError `validation_failed` for a session number outside 1..totalSessions.
 */
export function sessionLabel(sessionNumber: number, totalSessions: number): string {
  assertTotal(totalSessions);
  assertSessionNumber(sessionNumber, totalSessions);
  return `Session ${sessionNumber} of ${totalSessions}`;
}

/**
 * The session that holds the mid-point review: half-way, rounded up (8 of 16, 7 of 13). It always
 * falls in the middle phase.
 *
 * @throws DomainError `validation_failed` when `totalSessions` is not a whole number from 8 to 20.
 */
export function midpointSession(totalSessions: number): number {
  assertTotal(totalSessions);
  return Math.ceil(totalSessions / 2);
}

function assertTotal(totalSessions: number): void {
  const { min, max } = sessionCountLimits;
  if (!Number.isInteger(totalSessions) || totalSessions < min || totalSessions > max) {
    throw validationFailed('Course length', [
      { path: 'totalSessions', message: `must be a whole number from ${min} to ${max}` },
    ]);
  }
}

function assertSessionNumber(sessionNumber: number, totalSessions: number): void {
  if (!Number.isInteger(sessionNumber) || sessionNumber < 1 || sessionNumber > totalSessions) {
    throw validationFailed('Session number', [
      { path: 'sessionNumber', message: `must be a whole number from 1 to ${totalSessions}` },
    ]);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
