import { matchingRoutes, type TherapyRequestStatus } from '@hearth/contracts';
import { useApiQuery } from '../../../api/useApiQuery';

/** The practice's requests with one status (all when none is given), newest first. */
export function useTherapyRequests(status: TherapyRequestStatus | undefined) {
  return useApiQuery(
    `therapy-requests:${status ?? 'all'}`,
    async (client) =>
      (await client.call(matchingRoutes.listRequests, { query: status ? { status } : {} }))
        .requests,
  );
}

/** One request with its ranked matches. */
export function useTherapyRequest(requestId: string) {
  return useApiQuery(`therapy-request:${requestId}`, (client) =>
    client.call(matchingRoutes.getRequest, { params: { requestId } }),
  );
}
