import type { LiveSessionInfo } from '@hearth/contracts';
import { formatTimeRange } from '../scheduling/schedule-time';
import { formatLabels, sessionHeading } from '../scheduling/scheduling-labels';

/** "Okafor family · Session 3 of 12 · Initial phase": which meeting of which course this is. */
export function sessionTitle(info: LiveSessionInfo): string {
  return `${info.courseTitle} · ${sessionHeading(`Session ${info.number} of ${info.count}`, info.phase)}`;
}

/** "Family session, 10:00–10:50 GMT": the format and the planned times on the viewer's clock. */
export function sessionTimes(info: LiveSessionInfo, timeZone: string): string {
  return `${formatLabels[info.format]} session, ${formatTimeRange(info.startsAt, info.endsAt, timeZone)}`;
}

function minutesText(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const rest = minutes % 60;
  const hours = `${Math.floor(minutes / 60)} h`;
  return rest === 0 ? hours : `${hours} ${rest} min`;
}

/**
 * Where the session stands against its plan at `now` (the server's clock, in ms): "Starts in
 * 5 min", then "Running · 49 min left" in its first minute and "Started 12 min ago · 38 min
 * left" after, "Running · less than a minute left" at the very end, then "Planned end reached"
 * and "Over time by 4 min". Whole minutes, so it changes once a minute.
 */
export function sessionTimeLeft(info: LiveSessionInfo, now: number): string {
  const startsAt = Date.parse(info.startsAt);
  const endsAt = Date.parse(info.endsAt);
  if (now < startsAt) return `Starts in ${minutesText(Math.ceil((startsAt - now) / 60_000))}`;
  if (now < endsAt) {
    const since = Math.floor((now - startsAt) / 60_000);
    const started = since < 1 ? 'Running' : `Started ${minutesText(since)} ago`;
    const left = Math.floor((endsAt - now) / 60_000);
    return `${started} · ${left < 1 ? 'less than a minute' : minutesText(left)} left`;
  }
  const over = Math.floor((now - endsAt) / 60_000);
  return over < 1 ? 'Planned end reached' : `Over time by ${minutesText(over)}`;
}
