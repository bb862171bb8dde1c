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
 * Where the session stands against its plan at `now`: "Starts in 5 min", "35 min left",
 * "Less than a minute left", "Over time by 4 min". Whole minutes, so it changes once a minute.
 */
export function sessionTimeLeft(info: LiveSessionInfo, now: number): string {
  const startsAt = Date.parse(info.startsAt);
  const endsAt = Date.parse(info.endsAt);
  if (now < startsAt) return `Starts in ${minutesText(Math.ceil((startsAt - now) / 60_000))}`;
  if (now < endsAt) {
    const left = Math.floor((endsAt - now) / 60_000);
    return left < 1 ? 'Less than a minute left' : `${minutesText(left)} left`;
  }
  const over = Math.floor((now - endsAt) / 60_000);
  return over < 1 ? 'Planned end reached' : `Over time by ${minutesText(over)}`;
}
