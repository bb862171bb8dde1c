import { Inject, Injectable } from '@nestjs/common';
import { isDomainError } from '@hearth/domain';
import { isSfuError } from '@hearth/sfu';
import { JsonLogger } from '../logging/json-logger';
import type { Hosted } from './live-registry';

/**
 * What the guard asks of a session after one of its handlers failed: 'repair' its state, or
 * 'close' it when it keeps failing (repairing did not help).
 */
export type LiveRepair = (hosted: Hosted, action: 'repair' | 'close') => void;

/** A session failing this often within {@link FAULT_WINDOW_MS} is closed rather than repaired. */
export const FAULTS_BEFORE_CLOSE = 5;
export const FAULT_WINDOW_MS = 10_000;

/**
 * The one guard every timer and event handler of the live layer runs behind. A fault of one
 * session — a bug, a state the rules did not expect, a media call that failed — is logged with
 * that session's id (never a name or message text, which may carry one), the session is repaired
 * (or closed, when repairing fails too), and every other session carries on. Nothing thrown in
 * the live layer reaches the event loop, so nothing in it can end the process.
 */
@Injectable()
export class LiveGuard {
  #repair: LiveRepair | undefined;
  readonly #repairing = new Set<string>();
  /** When each session's recent faults happened (ms), to notice one that keeps failing. */
  readonly #recent = new Map<string, number[]>();
  #faults = 0;

  constructor(@Inject(JsonLogger) private readonly logger: JsonLogger) {}

  /** Faults handled since start (health, tests). */
  get faults(): number {
    return this.#faults;
  }

  /** Sets how a faulty session is repaired (the hosting unit owns sessions). */
  onFault(repair: LiveRepair): void {
    this.#repair = repair;
  }

  /**
   * Runs `work` for one session (or for none yet, e.g. a connection that has not joined): what it
   * throws, or the promise it returns rejects with, is handled as a fault of that session.
   */
  run(hosted: Hosted | undefined, what: string, work: () => unknown): void {
    try {
      const result = work();
      if (isThenable(result)) result.then(undefined, (error) => this.fault(hosted, what, error));
    } catch (error) {
      this.fault(hosted, what, error);
    }
  }

  /** `listener`, run behind the guard: for timers and event subscriptions. */
  wrap<A extends unknown[]>(
    hosted: Hosted | undefined,
    what: string,
    listener: (...args: A) => unknown,
  ): (...args: A) => void {
    return (...args: A) => this.run(hosted, what, () => listener(...args));
  }

  /**
   * Background input/output whose failure leaves the session's state as it was (storing a
   * snapshot, releasing a claim): logged, nothing to repair.
   */
  background(hosted: Hosted | undefined, what: string, task: Promise<unknown>): void {
    task.then(undefined, (error: unknown) => this.#log('warn', hosted, what, error));
  }

  /** A failure of one session's handler: logged, then the session is repaired. */
  fault(hosted: Hosted | undefined, what: string, error: unknown): void {
    this.#faults += 1;
    // Coded errors are refusals and races the code expects (a producer closing under a consumer
    // being made); anything else is a bug worth an error line.
    const expected = isDomainError(error) || isSfuError(error);
    this.#log(expected ? 'warn' : 'error', hosted, what, error);
    if (!hosted || !this.#repair || this.#repairing.has(hosted.sessionId)) return;
    const now = Date.now();
    const recent = (this.#recent.get(hosted.sessionId) ?? []).filter(
      (at) => now - at < FAULT_WINDOW_MS,
    );
    recent.push(now);
    this.#recent.set(hosted.sessionId, recent);
    const action = recent.length >= FAULTS_BEFORE_CLOSE ? 'close' : 'repair';
    if (action === 'close') this.#recent.delete(hosted.sessionId);
    this.#repairing.add(hosted.sessionId);
    try {
      this.#repair(hosted, action);
    } catch (again) {
      this.#log('error', hosted, 'repair', again);
    } finally {
      this.#repairing.delete(hosted.sessionId);
    }
  }

  /** Forgets a closed session's fault history. */
  forget(sessionId: string): void {
    this.#recent.delete(sessionId);
  }

  #log(level: 'warn' | 'error', hosted: Hosted | undefined, what: string, error: unknown): void {
    this.logger.event(
      level,
      `live ${what} failed`,
      {
        sessionId: hosted?.sessionId ?? null,
        errorClass: error instanceof Error ? error.name : typeof error,
        code: isDomainError(error) || isSfuError(error) ? error.code : null,
      },
      'live',
    );
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
