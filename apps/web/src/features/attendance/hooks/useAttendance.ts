import { liveRoutes, type Attendance } from '@hearth/contracts';
import { useApiQuery, type Query } from '../../../api/useApiQuery';

/** Who came to one session and when, as the live gateway recorded it. */
export function useAttendance(sessionId: string): Query<Attendance> {
  return useApiQuery(`attendance:${sessionId}`, (client) =>
    client.call(liveRoutes.getAttendance, { params: { sessionId } }),
  );
}
