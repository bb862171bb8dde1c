import { useState } from 'react';
import { schedulingRoutes, type SessionListItem } from '@hearth/contracts';
import { useApiQuery, type Query } from '../../../api/useApiQuery';

/** How far ahead a dashboard looks: two months covers the next 8 weekly sessions. */
export const upcomingWeeks = 8;

/**
 * The viewer's sessions from now for the next 8 weeks. A session under way counts as upcoming
 * (its Join button is still open), so the window starts at the longest session length ago.
 */
export function useUpcomingSessions(): Query<readonly SessionListItem[]> {
  const [from] = useState(() => new Date(Date.now() - 2 * 3_600_000));
  const to = new Date(from.getTime() + upcomingWeeks * 7 * 86_400_000);
  return useApiQuery(`upcoming:${from.toISOString()}`, async (client) => {
    const { sessions } = await client.call(schedulingRoutes.listSessions, {
      query: { from: from.toISOString(), to: to.toISOString() },
    });
    return sessions;
  });
}
