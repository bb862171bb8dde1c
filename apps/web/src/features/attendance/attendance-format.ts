import type { Attendance, AttendanceKind } from '@hearth/contracts';
import { formatTime, localDateOf, zoneAbbreviation } from '../scheduling/schedule-time';

export const attendanceKindLabels: Record<AttendanceKind, string> = {
  joined: 'Joined',
  admitted: 'Admitted',
  sent_back: 'Sent back to the waiting room',
  denied: 'Not let in',
  removed: 'Removed',
  dropped: 'Connection lost',
  returned: 'Reconnected',
  left: 'Left',
};

export interface AttendanceRow {
  readonly personId: string;
  readonly name: string;
  /** "10:02", "—" when it never happened. */
  readonly firstJoined: string;
  readonly admitted: string;
  readonly lastLeft: string;
  /** "Joined 10:01, Admitted 10:02, Left 10:50", in the order they happened. */
  readonly events: readonly string[];
}

export interface AttendanceView {
  /** Nobody entered the waiting room or the call yet. */
  readonly empty: boolean;
  readonly rows: readonly AttendanceRow[];
  /** "Times in GMT": the viewer's zone, at the session. */
  readonly zoneNote: string;
}

/**
 * Attendance on the viewer's clock: those who came first (by when they first joined), then
 * those who never did. A time on another day than the first arrival carries its date.
 */
export function attendanceView(attendance: Attendance, timeZone: string): AttendanceView {
  const came = attendance.people.filter((p) => p.firstJoinedAt !== null);
  const firstAt = came
    .map((p) => p.firstJoinedAt as string)
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  const day = firstAt ? localDateOf(new Date(firstAt), timeZone) : null;
  const time = (iso: string | null) => {
    if (iso === null) return '—';
    const date = localDateOf(new Date(iso), timeZone);
    return date === day ? formatTime(iso, timeZone) : `${date} ${formatTime(iso, timeZone)}`;
  };
  const order = (a: string | null, b: string | null) =>
    (a === null ? Infinity : Date.parse(a)) - (b === null ? Infinity : Date.parse(b));
  const rows = [...attendance.people]
    .sort(
      (a, b) =>
        order(a.firstJoinedAt, b.firstJoinedAt) || a.displayName.localeCompare(b.displayName),
    )
    .map((p) => ({
      personId: p.personId,
      name: p.displayName,
      firstJoined: time(p.firstJoinedAt),
      admitted: time(p.firstAdmittedAt),
      lastLeft: time(p.lastLeftAt),
      events: [...p.events]
        .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
        .map((e) => `${attendanceKindLabels[e.kind]} ${time(e.at)}`),
    }));
  return {
    empty: came.length === 0,
    rows,
    zoneNote: `Times in ${zoneAbbreviation(firstAt ?? new Date().toISOString(), timeZone)}`,
  };
}

/** The words for a failed attendance read, by HTTP status. */
export function attendanceError(status: number | undefined, message: string): string {
  if (status === 403) {
    return 'Only the course’s therapists and the practice’s coordinators can see who attended.';
  }
  if (status === 404) return 'We can’t find this session. It may have been removed.';
  return `We could not load the attendance. ${message}`;
}
