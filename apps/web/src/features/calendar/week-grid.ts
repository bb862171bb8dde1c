import { toLocalParts } from '@hearth/domain';
import { groupByLocalDay, localDateOf } from '../scheduling/schedule-time';

/** What the grid needs of a session. */
export interface GridItem {
  readonly startsAt: string;
  readonly endsAt: string;
}

/** A session placed in its day's column: minutes from the grid's first hour, and its lane. */
export interface PlacedItem<T> {
  readonly item: T;
  readonly top: number;
  readonly length: number;
  /** Sessions that overlap share the column side by side: this one's place, and how many. */
  readonly lane: number;
  readonly lanes: number;
}

export interface WeekGrid<T> {
  /** The hours shown: from `firstHour` to `lastHour` (both whole hours, local). */
  readonly firstHour: number;
  readonly lastHour: number;
  readonly days: readonly { readonly date: string; readonly items: readonly PlacedItem<T>[] }[];
}

/** The working day always shown, widened to take in earlier or later sessions. */
const dayStartsAt = 8;
const dayEndsAt = 18;
const dayMinutes = 24 * 60;

const minutesOf = (instant: Date, timeZone: string) => {
  const [hours, minutes] = toLocalParts(instant, timeZone).localTime.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
};

/**
 * Places a week's sessions on a grid of hours in `timeZone`: each under the day it starts on,
 * from its start to its end (a session running past midnight stops at the day's end), and side
 * by side with any that overlap it. The hours run from 08:00 to 18:00 or wider, so that every
 * session is in view.
 */
export function layoutWeekGrid<T extends GridItem>(
  items: readonly T[],
  timeZone: string,
  days: readonly string[],
): WeekGrid<T> {
  const spans = groupByLocalDay(items, timeZone, days).map((day) => ({
    date: day.date,
    spans: day.items.map((item) => {
      const start = minutesOf(new Date(item.startsAt), timeZone);
      const sameDay = localDateOf(new Date(item.endsAt), timeZone) === day.date;
      const end = sameDay ? minutesOf(new Date(item.endsAt), timeZone) : dayMinutes;
      return { item, start, end: Math.max(end, start + 15) };
    }),
  }));
  const all = spans.flatMap((day) => day.spans);
  const firstHour = Math.min(dayStartsAt, ...all.map((s) => Math.floor(s.start / 60)));
  const lastHour = Math.max(dayEndsAt, ...all.map((s) => Math.ceil(s.end / 60)));
  return {
    firstHour,
    lastHour: Math.min(24, lastHour),
    days: spans.map((day) => ({
      date: day.date,
      items: inLanes(day.spans).map(({ item, start, end, lane, lanes }) => ({
        item,
        top: start - firstHour * 60,
        length: end - start,
        lane,
        lanes,
      })),
    })),
  };
}

/**
 * Gives each span (in start order) the first lane free at its start; spans that overlap,
 * directly or through others, form a cluster whose lanes share the column's width.
 */
function inLanes<S extends { start: number; end: number }>(
  spans: readonly S[],
): (S & { lane: number; lanes: number })[] {
  const placed: (S & { lane: number; lanes: number })[] = [];
  let cluster: (S & { lane: number; lanes: number })[] = [];
  let clusterEnd = -1;
  const close = () => {
    const lanes = Math.max(0, ...cluster.map((s) => s.lane)) + 1;
    for (const span of cluster) span.lanes = lanes;
    cluster = [];
  };
  for (const span of spans) {
    if (span.start >= clusterEnd) close();
    const taken = new Set(cluster.filter((s) => s.end > span.start).map((s) => s.lane));
    let lane = 0;
    while (taken.has(lane)) lane += 1;
    const entry = { ...span, lane, lanes: 1 };
    cluster.push(entry);
    placed.push(entry);
    clusterEnd = Math.max(clusterEnd, span.end);
  }
  close();
  return placed;
}

/** How many course colours the stylesheet has. */
export const courseColours = 6;

/** A course's colour, the same on every visit: from its id, so no list needs to be kept. */
export function courseColour(courseId: string): number {
  let hash = 0;
  for (const char of courseId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % courseColours;
}
