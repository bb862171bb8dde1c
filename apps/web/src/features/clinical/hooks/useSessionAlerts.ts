import { useEffect } from 'react';
import { clinicalRoutes, type ClinicalAlert } from '@hearth/contracts';
import { useApiQuery, type Query } from '../../../api/useApiQuery';

/**
 * A session's alerts for its therapists, read again every `pollMs` while mounted: what the call
 * sidebar shows, so a check-in filled in just before the session still reaches the therapist.
 */
export function useSessionAlerts(
  sessionId: string,
  pollMs = 30_000,
): Query<{ alerts: ClinicalAlert[] }> {
  const query = useApiQuery(`clinical:session-alerts:${sessionId}`, (client) =>
    client.call(clinicalRoutes.sessionAlerts, { params: { sessionId } }),
  );
  const { reload } = query;
  useEffect(() => {
    const timer = setInterval(reload, pollMs);
    return () => clearInterval(timer);
  }, [reload, pollMs]);
  return query;
}
