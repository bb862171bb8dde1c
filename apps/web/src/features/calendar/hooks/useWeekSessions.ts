import { schedulingRoutes, type SessionListItem } from '@hearth/contracts';
import { useApiQuery, type Query } from '../../../api/useApiQuery';
import type { Week } from '../../scheduling/schedule-time';

/** The sessions the API lets the viewer see in one week (the whole practice for coordinators). */
export function useWeekSessions(week: Week): Query<readonly SessionListItem[]> {
  return useApiQuery(`week:${week.from.toISOString()}:${week.to.toISOString()}`, async (client) => {
    const { sessions } = await client.call(schedulingRoutes.listSessions, {
      query: { from: week.from.toISOString(), to: week.to.toISOString() },
    });
    return sessions;
  });
}
