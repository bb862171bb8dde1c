import { useState } from 'react';
import { schedulingRoutes, type SessionListItem } from '@hearth/contracts';
import { joinClosesMinutesAfter, sessionDurationLimits } from '@hearth/domain';
import { useApiQuery, type Query } from '../../../api/useApiQuery';

/** How far ahead a dashboard looks: two months covers the next 8 weekly sessions. */
export const upcomingWeeks = 8;

/** A session whose live room may still be open started at most this long ago. */
const lookBackMs = (sessionDurationLimits.max + joinClosesMinutesAfter) * 60_000;

/**
 * The viewer's sessions from now for the next 8 weeks. A session under way, or just over but
 * still open to join, counts as upcoming, so the window starts that long ago.
 */
export function useUpcomingSessions(reloadKey = 0): Query<readonly SessionListItem[]> {
  const [from] = useState(() => new Date(Date.now() - lookBackMs));
  const to = new Date(from.getTime() + upcomingWeeks * 7 * 86_400_000);
  return useApiQuery(`upcoming:${from.toISOString()}:${reloadKey}`, async (client) => {
    const { sessions } = await client.call(schedulingRoutes.listSessions, {
      query: { from: from.toISOString(), to: to.toISOString() },
    });
    return sessions;
  });
}
