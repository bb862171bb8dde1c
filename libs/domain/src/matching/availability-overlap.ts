import { type AvailabilityWindow } from '../profiles/availability';
import { addDays, parseLocalDate, parseWallTime, type LocalDate } from '../scheduling/civil-time';
import { canonicalTimeZone, resolveLocal, toLocalParts } from '../scheduling/time-zone';
import { validationFailed } from '../scheduling/validation-issues';

/** Weekly windows in one person's own time zone. */
export interface ZonedAvailability {
  readonly timeZone: string;
  readonly windows: readonly AvailabilityWindow[];
}

/** When in the day a time falls, in the requester's own clock. */
export type PartOfDay = 'morning' | 'afternoon' | 'evening';

/** A stretch of time both people are free, long enough for one session. */
export interface SharedSlot {
  readonly startsAt: Date;
  readonly endsAt: Date;
  /** Where the slot starts on the requester's clock. */
  readonly weekday: number;
  readonly localTime: string;
  readonly partOfDay: PartOfDay;
  readonly minutes: number;
}

const dayMs = 86_400_000;

interface Interval {
  readonly start: number;
  readonly end: number;
}

/** The real instants a week of windows covers, for the local dates `from` … `from + days - 1`. */
function instantsOf(
  availability: ZonedAvailability,
  zone: string,
  from: LocalDate,
  days: number,
): Interval[] {
  const out: Interval[] = [];
  for (let d = 0; d < days; d += 1) {
    const date = addDays(from, d);
    const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() || 7;
    for (const w of availability.windows) {
      if (w.weekday !== weekday) continue;
      const from = parseWallTime(w.from);
      const to = parseWallTime(w.to);
      if (!from || !to) continue;
      const start = resolveLocal(date, from, zone);
      const end = resolveLocal(date, to, zone);
      if (end > start) out.push({ start, end });
    }
  }
  return out;
}

// Sessions start on a 5-minute mark, whatever odd minute a window starts at.
function roundUpTo5Minutes(epochMs: number): number {
  const step = 5 * 60_000;
  return Math.ceil(epochMs / step) * step;
}

function partOfDay(localTime: string): PartOfDay {
  const hour = Number(localTime.slice(0, 2));
  if (hour < 12) return 'morning';
  if (hour < 17) return 'afternoon';
  return 'evening';
}

/**
 * The weekly times a requester and a therapist are both free, each long enough for a session of
 * `sessionMinutes`, found in the real week that starts on the requester's calendar day of `asOf`.
 *
 * Both sides are turned into real instants in their own zones before they are compared, so the
 * answer follows each zone's daylight-saving rules: New York and London are 5 hours apart most of
 * the year but 4 for the weeks in March and October when only one of them has changed its clocks.
 * The therapist's windows are taken from the day before to the day after that week, so a window
 * that lands across midnight (or across the week's edge) in the other zone is not lost.
 *
 * @throws DomainError `validation_failed` for an unknown time zone or an invalid `asOf`.
 */
export function sharedSlots(
  requester: ZonedAvailability,
  therapist: ZonedAvailability,
  asOf: Date,
  sessionMinutes: number,
): SharedSlot[] {
  const requesterZone = canonicalTimeZone(requester.timeZone);
  const therapistZone = canonicalTimeZone(therapist.timeZone);
  if (!requesterZone || !therapistZone || Number.isNaN(asOf.getTime())) {
    throw validationFailed('Availability overlap', [
      ...(!requesterZone ? [{ path: 'requester.timeZone', message: 'must be an IANA zone' }] : []),
      ...(!therapistZone ? [{ path: 'therapist.timeZone', message: 'must be an IANA zone' }] : []),
      ...(Number.isNaN(asOf.getTime()) ? [{ path: 'asOf', message: 'must be a valid date' }] : []),
    ]);
  }
  const start = parseLocalDate(toLocalParts(asOf, requesterZone).localDate)!;
  const theirStart = parseLocalDate(
    toLocalParts(new Date(asOf.getTime() - dayMs), therapistZone).localDate,
  )!;
  const mine = instantsOf(requester, requesterZone, start, 7);
  const theirs = instantsOf(therapist, therapistZone, theirStart, 9);
  const need = sessionMinutes * 60_000;
  const slots: SharedSlot[] = [];
  for (const a of mine) {
    for (const b of theirs) {
      const from = roundUpTo5Minutes(Math.max(a.start, b.start));
      const to = Math.min(a.end, b.end);
      if (to - from < need) continue;
      const local = toLocalParts(new Date(from), requesterZone);
      slots.push({
        startsAt: new Date(from),
        endsAt: new Date(to),
        weekday: local.weekday,
        localTime: local.localTime,
        partOfDay: partOfDay(local.localTime),
        minutes: Math.round((to - from) / 60_000),
      });
    }
  }
  return slots.sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime());
}

/**
 * Whether a session from `startsAt` lasting `minutes` lies wholly inside one of the requester's
 * weekly windows, read on the requester's own clock on that day.
 */
export function fitsAvailability(
  requester: ZonedAvailability,
  startsAt: Date,
  minutes: number,
): boolean {
  const zone = canonicalTimeZone(requester.timeZone);
  if (!zone) return false;
  const begin = toLocalParts(startsAt, zone);
  const end = toLocalParts(new Date(startsAt.getTime() + minutes * 60_000), zone);
  if (end.localDate !== begin.localDate && end.localTime !== '00:00') return false;
  const endTime = end.localDate !== begin.localDate ? '24:00' : end.localTime;
  return requester.windows.some(
    (w) => w.weekday === begin.weekday && w.from <= begin.localTime && endTime <= w.to,
  );
}
