import type { Agenda } from '@hearth/contracts';
import { agendaClock, type AgendaClock } from '@hearth/domain';

/** An agenda as received, with where the client's clock stood against the server's. */
export interface ReceivedAgenda {
  readonly agenda: Agenda;
  /** Server time minus client time when it arrived (ms): add it to the client's clock. */
  readonly clockOffsetMs: number;
}

/** Stamps an agenda with the clock offset at arrival, so every client's timers agree. */
export function receiveAgenda(agenda: Agenda, clientNow: number): ReceivedAgenda {
  return { agenda, clockOffsetMs: Date.parse(agenda.serverNow) - clientNow };
}

/** How one item shows in the list. */
export type ItemState = 'done' | 'current' | 'upcoming';

export interface AgendaDisplay {
  readonly status: 'not_started' | 'running' | 'finished';
  readonly clock: AgendaClock;
  readonly items: readonly {
    readonly id: string;
    readonly title: string;
    readonly minutes: number;
    readonly extendedBy: number;
    readonly goRound: boolean;
    readonly state: ItemState;
  }[];
  /** In a go-round: the order of turns and whose it is now. */
  readonly goRound: { readonly order: readonly string[]; readonly turn: number } | null;
  /** The current item ran over its time box. */
  readonly itemOverrun: boolean;
  /** The session ran over the time its agenda plans. */
  readonly sessionOverrun: boolean;
}

/** Everything the sidebar shows at client time `clientNow`, computed on the server's clock. */
export function agendaDisplay(received: ReceivedAgenda, clientNow: number): AgendaDisplay {
  const { agenda, clockOffsetMs } = received;
  const { items, progress } = agenda;
  const clock = agendaClock(items, progress, new Date(clientNow + clockOffsetMs));
  const currentIndex = clock.current?.index ?? -1;
  const finished = progress.finishedAt !== null;
  return {
    status: progress.startedAt === null ? 'not_started' : finished ? 'finished' : 'running',
    clock,
    items: items.map((item, index) => ({
      id: item.id,
      title: item.title,
      minutes: item.minutes,
      extendedBy: progress.extensions[item.id] ?? 0,
      goRound: item.goRound,
      state:
        finished || (currentIndex >= 0 && index < currentIndex)
          ? 'done'
          : index === currentIndex
            ? 'current'
            : 'upcoming',
    })),
    goRound:
      clock.current && progress.turnOrder.length > 0
        ? { order: progress.turnOrder, turn: progress.turn }
        : null,
    itemOverrun: clock.current?.overrun ?? false,
    sessionOverrun: clock.session.overrun,
  };
}

/** "4:05", "12:00", "1:02:03": a timer's reading. */
export function formatTimer(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

const phaseNames = {
  initial: 'Initial phase',
  middle: 'Middle phase',
  termination: 'Ending phase',
};

/** "Session 3 of 12 · Initial phase". */
export function sessionLine(session: {
  number: number;
  count: number;
  phase: keyof typeof phaseNames;
}): string {
  return `Session ${session.number} of ${session.count} · ${phaseNames[session.phase]}`;
}
