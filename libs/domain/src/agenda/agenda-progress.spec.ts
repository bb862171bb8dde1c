import { isDomainError } from '../errors/domain-error';
import {
  advanceAgenda,
  agendaClock,
  agendaNotStarted,
  extendAgendaItem,
  nextTurn,
  reconcileAgenda,
  startAgenda,
  stepBackAgenda,
} from './agenda-progress';
import type { AgendaItem } from './agenda-template';

const items: AgendaItem[] = [
  { id: 'i1', title: 'Check-in', minutes: 10, goRound: true },
  { id: 'i2', title: 'Work on the dispute', minutes: 30, goRound: false },
  { id: 'i3', title: 'Summary', minutes: 10, goRound: false },
];
const t0 = new Date('2026-03-02T18:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const clients = ['ana', 'ben'];

function codeOf(run: () => unknown): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
}

describe('live agenda progress', () => {
  it('starts at the first item with the go-round order', () => {
    const started = startAgenda(items, agendaNotStarted, t0, clients);
    expect(started).toMatchObject({
      startedAt: t0.toISOString(),
      currentItemId: 'i1',
      itemStartedAt: t0.toISOString(),
      turnOrder: ['ana', 'ben'],
      turn: 0,
    });
    expect(codeOf(() => startAgenda(items, started, t0, clients))).toBe('conflict');
    expect(codeOf(() => startAgenda([], agendaNotStarted, t0, clients))).toBe('conflict');
  });

  it('advances, steps back and finishes after the last item', () => {
    let p = startAgenda(items, agendaNotStarted, t0, clients);
    expect(codeOf(() => stepBackAgenda(items, p, t0, clients))).toBe('conflict');
    p = advanceAgenda(items, p, at(600), clients);
    expect(p).toMatchObject({
      currentItemId: 'i2',
      itemStartedAt: at(600).toISOString(),
      turnOrder: [],
    });
    p = stepBackAgenda(items, p, at(660), clients);
    expect(p).toMatchObject({
      currentItemId: 'i1',
      itemStartedAt: at(660).toISOString(),
      turnOrder: clients,
    });
    p = advanceAgenda(items, advanceAgenda(items, p, at(700), clients), at(2500), clients);
    expect(p.currentItemId).toBe('i3');
    p = advanceAgenda(items, p, at(3000), clients);
    expect(p).toMatchObject({ finishedAt: at(3000).toISOString(), currentItemId: null });
    expect(codeOf(() => advanceAgenda(items, p, at(3001), clients))).toBe('conflict');
    expect(codeOf(() => advanceAgenda(items, agendaNotStarted, t0, clients))).toBe('conflict');
  });

  it('passes the turn around a go-round only', () => {
    let p = startAgenda(items, agendaNotStarted, t0, clients);
    p = nextTurn(items, p);
    expect(p.turn).toBe(1);
    expect(codeOf(() => nextTurn(items, p))).toBe('conflict');
    p = advanceAgenda(items, p, at(60), clients);
    expect(codeOf(() => nextTurn(items, p))).toBe('conflict');
  });

  it('extends the current item, within limits', () => {
    let p = startAgenda(items, agendaNotStarted, t0, clients);
    p = extendAgendaItem(items, extendAgendaItem(items, p, 5), 2);
    expect(p.extensions).toEqual({ i1: 7 });
    expect(codeOf(() => extendAgendaItem(items, p, 0))).toBe('validation_failed');
    expect(codeOf(() => extendAgendaItem(items, p, 31))).toBe('validation_failed');
  });

  it('computes item and session timers, with overrun', () => {
    expect(agendaClock(items, agendaNotStarted, t0)).toEqual({
      session: { elapsedSeconds: 0, plannedSeconds: 3000, remainingSeconds: 3000, overrun: false },
      current: null,
    });
    let p = startAgenda(items, agendaNotStarted, t0, clients);
    expect(agendaClock(items, p, at(125)).current).toEqual({
      itemId: 'i1',
      index: 0,
      elapsedSeconds: 125,
      allowedSeconds: 600,
      remainingSeconds: 475,
      overrun: false,
    });
    expect(agendaClock(items, p, at(601)).current).toMatchObject({
      remainingSeconds: 0,
      overrun: true,
    });
    p = extendAgendaItem(items, p, 5);
    expect(agendaClock(items, p, at(601)).current).toMatchObject({
      allowedSeconds: 900,
      overrun: false,
    });
    expect(agendaClock(items, p, at(601)).session).toEqual({
      elapsedSeconds: 601,
      plannedSeconds: 3300,
      remainingSeconds: 2699,
      overrun: false,
    });
    expect(agendaClock(items, p, at(3400)).session.overrun).toBe(true);
    const finished = advanceAgenda(
      items,
      advanceAgenda(items, advanceAgenda(items, p, at(10), clients), at(20), clients),
      at(30),
      clients,
    );
    expect(agendaClock(items, finished, at(9999))).toMatchObject({
      session: { elapsedSeconds: 30 },
      current: null,
    });
  });

  it('keeps progress through edits, but not the removal of the current item', () => {
    let p = startAgenda(items, agendaNotStarted, t0, clients);
    p = extendAgendaItem(items, p, 3);
    const edited = [{ ...items[0]!, title: 'Check-in round', minutes: 12 }, items[2]!];
    expect(reconcileAgenda(edited, p)).toEqual(p);
    p = advanceAgenda(items, p, at(60), clients);
    expect(codeOf(() => reconcileAgenda(edited, p))).toBe('conflict');
    const withoutFirst = [items[1]!, items[2]!];
    expect(reconcileAgenda(withoutFirst, p).extensions).toEqual({});
  });
});
