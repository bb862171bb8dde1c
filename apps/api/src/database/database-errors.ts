/** The SQLSTATE of a failed query, whether TypeORM wrapped the driver error or not. */
export function sqlStateOf(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

/** 23505: a unique constraint refused a row (an email or a key that already exists). */
export function isUniqueViolation(error: unknown): boolean {
  return sqlStateOf(error) === '23505';
}

/** 23P01: an exclusion constraint refused a row — for bookings, a double booking. */
export function isExclusionViolation(error: unknown): boolean {
  return sqlStateOf(error) === '23P01';
}

/** 40P01 (deadlock) and 40001 (serialization failure): the transaction may simply be run again. */
export function isRetryable(error: unknown): boolean {
  const state = sqlStateOf(error);
  return state === '40P01' || state === '40001';
}

/**
 * Runs `attempt` again when the database aborted it as a deadlock victim. Two courses whose
 * series interleave can each wait on a booking the other inserted; PostgreSQL breaks the cycle by
 * aborting one, and the rerun then sees the winner's bookings and reports a clean conflict.
 */
export async function retryOnDeadlock<T>(attempt: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= attempts || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * i));
    }
  }
}
