import { DomainError } from '../errors/domain-error';
import type { AgendaItem } from './agenda-template';

/**
 * Where a session is in its agenda. Plain JSON (times as ISO strings) so it is stored as it is
 * and sent to every client, who compute the timers from these server times.
 */
export interface AgendaProgress {
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  /** The item being worked on; null before the start and after the end. */
  readonly currentItemId: string | null;
  readonly itemStartedAt: string | null;
  /** Minutes the therapist added to items, by item id. */
  readonly extensions: Readonly<Record<string, number>>;
  /** In a go-round, the clients in turn order; empty otherwise. */
  readonly turnOrder: readonly string[];
  /** Index in `turnOrder` of whose turn it is. */
  readonly turn: number;
}

export const agendaNotStarted: AgendaProgress = {
  startedAt: null,
  finishedAt: null,
  currentItemId: null,
  itemStartedAt: null,
  extensions: {},
  turnOrder: [],
  turn: 0,
};

/** Longest single extension, in minutes. */
export const maxExtensionMinutes = 30;

/** The therapist starts the session's agenda at its first item. */
export function startAgenda(
  items: readonly AgendaItem[],
  progress: AgendaProgress,
  now: Date,
  turnOrder: readonly string[],
): AgendaProgress {
  if (progress.startedAt !== null) {
    throw new DomainError('conflict', 'The agenda has already started');
  }
  const first = items[0];
  if (!first) throw new DomainError('conflict', 'The agenda has no items');
  return {
    ...progress,
    startedAt: now.toISOString(),
    ...enter(first, now, turnOrder),
  };
}

/** Moves to the next item; past the last one the agenda is finished. */
export function advanceAgenda(
  items: readonly AgendaItem[],
  progress: AgendaProgress,
  now: Date,
  turnOrder: readonly string[],
): AgendaProgress {
  const index = runningIndex(items, progress);
  const next = items[index + 1];
  if (!next) {
    return {
      ...progress,
      finishedAt: now.toISOString(),
      currentItemId: null,
      itemStartedAt: null,
      turnOrder: [],
      turn: 0,
    };
  }
  return { ...progress, ...enter(next, now, turnOrder) };
}

/** Goes back to the previous item, whose timer starts again. */
export function stepBackAgenda(
  items: readonly AgendaItem[],
  progress: AgendaProgress,
  now: Date,
  turnOrder: readonly string[],
): AgendaProgress {
  const index = runningIndex(items, progress);
  const previous = items[index - 1];
  if (!previous) throw new DomainError('conflict', 'This is the first item');
  return { ...progress, ...enter(previous, now, turnOrder) };
}

/** Gives the current item `minutes` more. */
export function extendAgendaItem(
  items: readonly AgendaItem[],
  progress: AgendaProgress,
  minutes: number,
): AgendaProgress {
  const index = runningIndex(items, progress);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > maxExtensionMinutes) {
    throw new DomainError('validation_failed', `Extend by 1 to ${maxExtensionMinutes} minutes`, {
      issues: [
        { location: 'body', path: 'minutes', message: `must be 1 to ${maxExtensionMinutes}` },
      ],
    });
  }
  const id = items[index]!.id;
  return {
    ...progress,
    extensions: { ...progress.extensions, [id]: (progress.extensions[id] ?? 0) + minutes },
  };
}

/** In a go-round, passes the turn to the next client (after the last, the round is complete). */
export function nextTurn(items: readonly AgendaItem[], progress: AgendaProgress): AgendaProgress {
  const index = runningIndex(items, progress);
  if (!items[index]!.goRound || progress.turnOrder.length === 0) {
    throw new DomainError('conflict', 'The current item is not a go-round');
  }
  if (progress.turn >= progress.turnOrder.length - 1) {
    throw new DomainError('conflict', 'Everyone has had their turn');
  }
  return { ...progress, turn: progress.turn + 1 };
}

/**
 * After the therapist edited the items: the current item must still be there (it may be renamed
 * or re-timed); extensions of removed items are dropped.
 */
export function reconcileAgenda(
  items: readonly AgendaItem[],
  progress: AgendaProgress,
): AgendaProgress {
  if (progress.currentItemId !== null && !items.some((i) => i.id === progress.currentItemId)) {
    throw new DomainError('conflict', 'The item being worked on cannot be removed; move on first');
  }
  const ids = new Set(items.map((item) => item.id));
  const extensions = Object.fromEntries(
    Object.entries(progress.extensions).filter(([id]) => ids.has(id)),
  );
  return { ...progress, extensions };
}

/** The timers every participant sees, in whole seconds. */
export interface AgendaClock {
  readonly session: {
    readonly elapsedSeconds: number;
    /** The items' time boxes with their extensions. */
    readonly plannedSeconds: number;
    readonly remainingSeconds: number;
    readonly overrun: boolean;
  };
  readonly current: {
    readonly itemId: string;
    readonly index: number;
    readonly elapsedSeconds: number;
    readonly allowedSeconds: number;
    readonly remainingSeconds: number;
    readonly overrun: boolean;
  } | null;
}

/**
 * Elapsed and remaining time for the session and the current item at `now`. Clients pass their
 * clock corrected by the server's, so everyone's timers agree.
 */
export function agendaClock(
  items: readonly AgendaItem[],
  progress: AgendaProgress,
  now: Date,
): AgendaClock {
  const plannedSeconds = items.reduce(
    (sum, item) => sum + (item.minutes + (progress.extensions[item.id] ?? 0)) * 60,
    0,
  );
  const end = progress.finishedAt ? Date.parse(progress.finishedAt) : now.getTime();
  const elapsedSeconds = progress.startedAt
    ? Math.max(0, Math.floor((end - Date.parse(progress.startedAt)) / 1000))
    : 0;
  const session = {
    elapsedSeconds,
    plannedSeconds,
    remainingSeconds: Math.max(0, plannedSeconds - elapsedSeconds),
    overrun: elapsedSeconds > plannedSeconds,
  };
  const index = items.findIndex((item) => item.id === progress.currentItemId);
  if (index < 0 || progress.itemStartedAt === null) return { session, current: null };
  const item = items[index]!;
  const allowedSeconds = (item.minutes + (progress.extensions[item.id] ?? 0)) * 60;
  const itemElapsed = Math.max(
    0,
    Math.floor((now.getTime() - Date.parse(progress.itemStartedAt)) / 1000),
  );
  return {
    session,
    current: {
      itemId: item.id,
      index,
      elapsedSeconds: itemElapsed,
      allowedSeconds,
      remainingSeconds: Math.max(0, allowedSeconds - itemElapsed),
      overrun: itemElapsed > allowedSeconds,
    },
  };
}

function enter(item: AgendaItem, now: Date, turnOrder: readonly string[]) {
  return {
    currentItemId: item.id,
    itemStartedAt: now.toISOString(),
    turnOrder: item.goRound ? [...turnOrder] : [],
    turn: 0,
  };
}

function runningIndex(items: readonly AgendaItem[], progress: AgendaProgress): number {
  if (progress.startedAt === null) throw new DomainError('conflict', 'The agenda has not started');
  if (progress.finishedAt !== null) throw new DomainError('conflict', 'The agenda is finished');
  const index = items.findIndex((item) => item.id === progress.currentItemId);
  if (index < 0) throw new DomainError('conflict', 'The current item is gone');
  return index;
}
