import type { Agenda } from '@hearth/contracts';
import { describe, expect, it } from 'vitest';
import { agendaDisplay, formatTimer, receiveAgenda, sessionLine } from './agenda-display';

const t0 = Date.parse('2026-03-02T18:00:00Z');
const agenda = (progress: Partial<Agenda['progress']>, serverNow = t0): Agenda => ({
  sessionId: '6d2b6c35-1b0c-4f1e-9d51-1a1d3c6f8e01',
  durationMinutes: 50,
  items: [
    { id: 'i1', title: 'Check-in', minutes: 10, goRound: true },
    { id: 'i2', title: 'Work on the dispute', minutes: 30, goRound: false },
    { id: 'i3', title: 'Summary', minutes: 10, goRound: false },
  ],
  progress: {
    startedAt: null,
    finishedAt: null,
    currentItemId: null,
    itemStartedAt: null,
    extensions: {},
    turnOrder: [],
    turn: 0,
    ...progress,
  },
  serverNow: new Date(serverNow).toISOString(),
});

describe('the agenda sidebar’s display', () => {
  it('before the start: all items upcoming, the whole plan ahead', () => {
    const view = agendaDisplay(receiveAgenda(agenda({}), t0), t0);
    expect(view.status).toBe('not_started');
    expect(view.items.map((i) => i.state)).toEqual(['upcoming', 'upcoming', 'upcoming']);
    expect(view.clock.session.remainingSeconds).toBe(3000);
    expect(view.goRound).toBeNull();
  });

  it('follows the server’s clock, not the client’s', () => {
    const running = agenda(
      {
        startedAt: new Date(t0).toISOString(),
        currentItemId: 'i2',
        itemStartedAt: new Date(t0 + 600_000).toISOString(),
        extensions: { i2: 5 },
      },
      t0 + 660_000,
    );
    // This client's clock is 37 s behind the server's.
    const clientArrival = t0 + 660_000 - 37_000;
    const received = receiveAgenda(running, clientArrival);
    const view = agendaDisplay(received, clientArrival + 30_000);
    expect(view.status).toBe('running');
    expect(view.items.map((i) => i.state)).toEqual(['done', 'current', 'upcoming']);
    expect(view.items[1]?.extendedBy).toBe(5);
    expect(view.clock.current).toMatchObject({ elapsedSeconds: 90, allowedSeconds: 2100 });
    expect(view.clock.session.elapsedSeconds).toBe(690);
    // Another client whose clock is right sees the same timers.
    const other = agendaDisplay(receiveAgenda(running, t0 + 660_000), t0 + 690_000);
    expect(other.clock).toEqual(view.clock);
  });

  it('shows the go-round order and whose turn it is, and overruns', () => {
    const round = agenda(
      {
        startedAt: new Date(t0).toISOString(),
        currentItemId: 'i1',
        itemStartedAt: new Date(t0).toISOString(),
        turnOrder: ['a', 'b', 'c'],
        turn: 1,
      },
      t0 + 601_000,
    );
    const view = agendaDisplay(receiveAgenda(round, t0 + 601_000), t0 + 601_000);
    expect(view.goRound).toEqual({ order: ['a', 'b', 'c'], turn: 1 });
    expect(view.itemOverrun).toBe(true);
    expect(view.sessionOverrun).toBe(false);
  });

  it('marks everything done once finished', () => {
    const done = agenda({
      startedAt: new Date(t0).toISOString(),
      finishedAt: new Date(t0 + 2_000_000).toISOString(),
    });
    const view = agendaDisplay(receiveAgenda(done, t0), t0 + 9_000_000);
    expect(view.status).toBe('finished');
    expect(view.items.every((i) => i.state === 'done')).toBe(true);
    expect(view.clock.session.elapsedSeconds).toBe(2000);
  });

  it('formats timers and the session line', () => {
    expect(formatTimer(0)).toBe('0:00');
    expect(formatTimer(245)).toBe('4:05');
    expect(formatTimer(3723)).toBe('1:02:03');
    expect(formatTimer(-5)).toBe('0:00');
    expect(sessionLine({ number: 7, count: 16, phase: 'middle' })).toBe(
      'Session 7 of 16 · Middle phase',
    );
  });
});
