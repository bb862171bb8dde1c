import type { Readiness } from '@hearth/contracts';
import { later } from '../../api/contracts-later';
import type { WebApiClient } from '../../api/lazy-client';

const readyRoute = later((c) => c.healthRoutes.ready);

export type ServiceStatus = 'checking' | 'ready' | 'unavailable';

/** What one readiness check produced: the parsed body, or whatever the call threw. */
export type ReadinessOutcome =
  | { readonly kind: 'answered'; readonly readiness: Readiness }
  | { readonly kind: 'failed'; readonly error: unknown };

export function toServiceStatus(outcome: ReadinessOutcome): ServiceStatus {
  // A 503 "not_ready", a network failure, a timeout and a response that breaks the contract all
  // mean the same to a person waiting to join: the service cannot help them right now.
  if (outcome.kind === 'answered' && outcome.readiness.status === 'ready') return 'ready';
  return 'unavailable';
}

export function serviceStatusText(status: ServiceStatus): string {
  switch (status) {
    case 'checking':
      return 'Service: checking…';
    case 'ready':
      return 'Service: ready';
    case 'unavailable':
      return 'Service unavailable — try again shortly';
  }
}

export const checkTimeoutMs = 5_000;

/** How long to wait before checking again: soon after a failure, rarely while all is well. */
export function nextCheckDelayMs(status: ServiceStatus): number {
  return status === 'ready' ? 60_000 : 15_000;
}

/** Asks the API whether it is ready; never rejects, so callers only handle a status. */
export async function checkServiceStatus(
  client: WebApiClient,
  timeoutMs = checkTimeoutMs,
): Promise<ServiceStatus> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('readiness check timed out')), timeoutMs);
  });
  try {
    const readiness = await Promise.race([client.call(readyRoute), timeout]);
    return toServiceStatus({ kind: 'answered', readiness });
  } catch (error) {
    return toServiceStatus({ kind: 'failed', error });
  } finally {
    clearTimeout(timer);
  }
}
