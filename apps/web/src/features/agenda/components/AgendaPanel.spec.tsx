import type { Agenda } from '@hearth/contracts';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { receiveAgenda } from '../agenda-display';
import { AgendaPanel, type AgendaControls } from './AgendaPanel';

const t0 = Date.parse('2026-03-02T18:00:00Z');
const session = {
  courseTitle: 'Silva couple',
  format: 'couple',
  number: 3,
  count: 12,
  phase: 'initial',
  startsAt: '2026-03-02T18:00:00.000Z',
  endsAt: '2026-03-02T18:50:00.000Z',
} as const;
const names = new Map([
  ['ana', 'Ana Silva'],
  ['ben', 'Ben Silva'],
]);

function agenda(progress: Partial<Agenda['progress']> = {}): Agenda {
  return {
    sessionId: '6d2b6c35-1b0c-4f1e-9d51-1a1d3c6f8e01',
    durationMinutes: 50,
    items: [
      { id: 'i1', title: 'Check-in', minutes: 10, goRound: true },
      { id: 'i2', title: 'Work on the dispute', minutes: 40, goRound: false },
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
    serverNow: new Date(t0 + 125_000).toISOString(),
  };
}

const running = agenda({
  startedAt: new Date(t0).toISOString(),
  currentItemId: 'i1',
  itemStartedAt: new Date(t0).toISOString(),
  turnOrder: ['ana', 'ben'],
  turn: 1,
});

function controls(): AgendaControls & Record<string, ReturnType<typeof vi.fn>> {
  return {
    start: vi.fn(),
    next: vi.fn(),
    back: vi.fn(),
    extend: vi.fn(),
    nextTurn: vi.fn(),
    busy: false,
    error: null,
  } as never;
}

describe('AgendaPanel', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(t0 + 125_000);
  });
  afterEach(() => vi.useRealTimers());

  it('shows which session it is, the items, the current one and its timer', () => {
    render(
      <AgendaPanel
        received={receiveAgenda(running, Date.now())}
        session={session}
        names={names}
        selfId="ana"
        controls={null}
      />,
    );
    const sidebar = screen.getByRole('complementary', { name: 'Session agenda' });
    expect(within(sidebar).getByText('Session 3 of 12 · Initial phase')).toBeDefined();
    const items = within(sidebar).getAllByTestId('agenda-item');
    expect(items[0]?.getAttribute('aria-current')).toBe('step');
    expect(items[0]?.textContent).toContain('2:05 of 10:00');
    expect(items[1]?.textContent).toContain('40 min');
    expect(screen.getByTestId('agenda-session-clock').textContent).toBe(
      'Session 2:05 · 47:55 left',
    );
    const round = within(sidebar).getByRole('region', { name: 'Go-round' });
    expect(round.textContent).toContain('Ana Silva (you)');
    expect(round.textContent).toContain('Ben Silva — speaking now');
    // Clients follow without controls.
    expect(within(sidebar).queryByRole('group', { name: 'Lead the agenda' })).toBeNull();
  });

  it('gives therapists the controls for each state', () => {
    const c = controls();
    const { rerender } = render(
      <AgendaPanel
        received={receiveAgenda(agenda(), Date.now())}
        session={session}
        names={names}
        selfId="t"
        controls={c}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Start the agenda' }));
    expect(c.start).toHaveBeenCalled();
    rerender(
      <AgendaPanel
        received={receiveAgenda(running, Date.now())}
        session={session}
        names={names}
        selfId="t"
        controls={c}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Next item' }));
    fireEvent.click(screen.getByRole('button', { name: 'Previous item' }));
    fireEvent.click(screen.getByRole('button', { name: '5 more minutes' }));
    fireEvent.click(screen.getByRole('button', { name: 'Next person' }));
    expect(c.next).toHaveBeenCalled();
    expect(c.back).toHaveBeenCalled();
    expect(c.extend).toHaveBeenCalledWith(5);
    expect(c.nextTurn).toHaveBeenCalled();
  });

  it('warns when the current item runs over', () => {
    vi.setSystemTime(t0 + 11 * 60_000);
    render(
      <AgendaPanel
        received={receiveAgenda(
          { ...running, serverNow: new Date(Date.now()).toISOString() },
          Date.now(),
        )}
        session={session}
        names={names}
        selfId="ana"
        controls={null}
      />,
    );
    expect(screen.getByText('Over time by 1:00')).toBeDefined();
  });
});
