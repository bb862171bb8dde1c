// What the API process does with an error that nothing caught. Kept free of runtime imports so a
// test can load it into a real child process and watch it live or exit.

/** The part of `process` the policy uses. */
export interface PolicyProcess {
  on(event: 'uncaughtException', listener: (error: unknown) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  exit(code?: number): unknown;
}

export interface ProcessPolicyOptions {
  /** Writes one structured log line (ids and classes only: no messages, which may hold names). */
  readonly log: (
    level: 'warn' | 'error',
    message: string,
    fields: Readonly<Record<string, string | null>>,
  ) => void;
  /**
   * Whether a rejection nobody handled is safe to live with: a coded refusal (DomainError,
   * SfuError) is thrown before anything changes, so the state is as it was.
   */
  readonly isSafe: (reason: unknown) => boolean;
}

/** Exit status for the supervisor when the process cannot be trusted to carry on (EX_SOFTWARE). */
export const EXIT_AFTER_FAULT = 70;

/**
 * The process-level policy. The live layer runs every timer and handler behind its own guard, so
 * nothing from one session reaches here; what does is a bug somewhere else.
 *
 * - An uncaught exception interrupted code half way through changing something: nobody can say
 *   what state the process is in, so it logs and exits for the supervisor (Docker's restart
 *   policy, Kubernetes) to start a clean one; clients reconnect and get their seats back from a
 *   fresh node (with several nodes, through the Redis snapshot).
 * - An unhandled rejection of a coded refusal (see {@link ProcessPolicyOptions.isSafe}) changed
 *   nothing: it is logged and the process keeps serving. Any other unhandled rejection is treated
 *   like an uncaught exception.
 */
export function installProcessPolicy(proc: PolicyProcess, options: ProcessPolicyOptions): void {
  const fatal = (origin: string, error: unknown) => {
    options.log('error', 'unexpected error; exiting for the supervisor to restart', {
      origin,
      ...describe(error),
    });
    proc.exit(EXIT_AFTER_FAULT);
  };
  proc.on('uncaughtException', (error) => fatal('uncaughtException', error));
  proc.on('unhandledRejection', (reason) => {
    if (!options.isSafe(reason)) {
      fatal('unhandledRejection', reason);
      return;
    }
    options.log('warn', 'unhandled refusal; the process carries on', {
      origin: 'unhandledRejection',
      ...describe(reason),
    });
  });
}

/** The error's class, code and stack frames: never its message, which may quote a person. */
function describe(error: unknown): Record<string, string | null> {
  if (!(error instanceof Error)) return { errorClass: typeof error, code: null, at: null };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 8)
    .map((line) => line.trim())
    .join(' | ');
  return {
    errorClass: error.name,
    code: typeof code === 'string' ? code : null,
    at: frames || null,
  };
}
