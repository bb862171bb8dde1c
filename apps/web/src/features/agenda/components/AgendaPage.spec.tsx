import { act, fireEvent, screen, within } from '@testing-library/react';
import type { Agenda, Person, SessionDetail, SessionListItem } from '@hearth/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  apiError,
  client,
  coordinator,
  fakeApi,
  renderApp,
  signedInAs,
  type FakeReply,
  type FakeRequest,
  type FakeRoutes,
} from '../../../testing/render-app';
import { listItem, sessionId, therapist } from '../../../testing/scheduling-fixtures';

const id = sessionId(3);
const agendaPath = `/api/sessions/${id}/agenda`;
const t0 = '2026-01-12T10:00:00.000Z';

function agenda(progress: Partial<Agenda['progress']> = {}): Agenda {
  return {
    sessionId: id,
    durationMinutes: 50,
    items: [
      { id: 'i1', title: 'Check-in: mood and the week', minutes: 10, goRound: true },
      { id: 'i2', title: 'Interpersonal inventory', minutes: 30, goRound: false },
      { id: 'i3', title: 'Summary and next steps', minutes: 10, goRound: false },
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
    serverNow: new Date().toISOString(),
  };
}

function sessionDetail(viewerRole: SessionListItem['viewerRole']): SessionDetail {
  return { ...listItem(3, t0, viewerRole), durationMinutes: 50, members: [], history: [] };
}

async function openAgenda(
  person: Person,
  viewerRole: SessionListItem['viewerRole'],
  routes: FakeRoutes = {},
  body: Agenda = agenda(),
) {
  const requests: FakeRequest[] = [];
  renderApp(
    `/sessions/${id}/agenda`,
    fakeApi(
      {
        ...signedInAs(person),
        [`GET ${agendaPath}`]: { status: 200, body },
        [`GET /api/sessions/${id}`]: { status: 200, body: sessionDetail(viewerRole) },
        ...routes,
      },
      requests,
    ),
  );
  await screen.findByRole('heading', { level: 1, name: 'Session agenda' });
  await screen.findByText('Session 3 of 12 · Initial phase');
  await screen.findByTestId('agenda-progress');
  return requests;
}

const item = (n: number) => screen.getByRole('group', { name: new RegExp(`^Item ${n}\\b`) });
const field = (n: number, label: string) =>
  within(item(n)).getByLabelText(label) as HTMLInputElement;
const puts = (requests: FakeRequest[]) => requests.filter((r) => r.method === 'PUT');

async function save() {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
  });
}

describe('the session agenda page', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-12T09:00:00.000Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  describe('for a client', () => {
    it('shows the session, each item’s time box and go-round, and the total, read-only', async () => {
      const requests = await openAgenda(client, 'client');
      expect(requests.find((r) => r.path === agendaPath)?.headers['authorization']).toBe(
        'Bearer access-1',
      );
      // Cleo lives in Madrid.
      expect(screen.getByText('Monday, 12 January 2026, 11:00–11:50 CET')).toBeTruthy();
      expect(screen.getByText('Okafor family')).toBeTruthy();
      expect(screen.getByTestId('agenda-progress').textContent).toBe('Not started yet.');
      const items = screen.getAllByTestId('agenda-item').map((li) => li.textContent);
      expect(items).toEqual([
        'Check-in: mood and the weekGo-round10 min',
        'Interpersonal inventory30 min',
        'Summary and next steps10 min',
      ]);
      expect(screen.getByText('50 of 50 minutes planned')).toBeTruthy();
      expect(screen.queryByRole('textbox')).toBeNull();
      expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    });

    it('shows how far a running session has got, on the server’s clock', async () => {
      const started = agenda({
        startedAt: '2026-01-12T08:40:00.000Z',
        currentItemId: 'i2',
        itemStartedAt: '2026-01-12T08:52:00.000Z',
        extensions: { i2: 5 },
      });
      await openAgenda(client, 'client', {}, started);
      expect(screen.getByTestId('agenda-progress').textContent).toBe(
        'In progress: now on item 2 of 3, “Interpersonal inventory”, 20:00 into the session.',
      );
      const [first, second] = screen.getAllByTestId('agenda-item');
      expect(first?.textContent).toContain('Done');
      expect(second?.textContent).toBe('Interpersonal inventoryNow30 min + 5 added');
      expect(second?.getAttribute('aria-current')).toBe('step');
    });

    it('says so when the agenda is not one the person can see', async () => {
      renderApp(
        `/sessions/${id}/agenda`,
        fakeApi({
          ...signedInAs(client),
          [`GET ${agendaPath}`]: apiError(404, 'not_found', 'Session not found'),
        }),
      );
      expect((await screen.findByRole('alert')).textContent).toContain(
        'We can’t find that session’s agenda',
      );
    });
  });

  describe('for the session’s therapist', () => {
    const accept = (request: FakeRequest): FakeReply => ({
      status: 200,
      body: { ...agenda(), ...(request.body as object) },
    });

    it('edits, adds, removes and reorders items, then saves exactly that', async () => {
      const requests = await openAgenda(therapist, 'therapist', { [`PUT ${agendaPath}`]: accept });
      fireEvent.change(field(2, 'Title'), { target: { value: 'Inventory: who matters' } });
      fireEvent.change(field(2, 'Minutes'), { target: { value: '20' } });
      fireEvent.click(field(3, 'Go-round: every client takes a turn'));

      fireEvent.click(screen.getByRole('button', { name: 'Add an item' }));
      // Focus goes to the new item's title, ready to type.
      expect(document.activeElement).toBe(field(4, 'Title'));
      fireEvent.change(field(4, 'Title'), { target: { value: 'Role play' } });
      fireEvent.change(field(4, 'Minutes'), { target: { value: '8' } });

      fireEvent.click(within(item(4)).getByRole('button', { name: 'Move up item 4' }));
      // The moved item keeps focus on its own button, now at place 3.
      expect(document.activeElement).toBe(
        within(item(3)).getByRole('button', { name: 'Move up item 3' }),
      );
      expect(field(3, 'Title').value).toBe('Role play');
      fireEvent.click(within(item(1)).getByRole('button', { name: 'Move down item 1' }));
      fireEvent.click(within(item(4)).getByRole('button', { name: 'Remove item 4' }));

      expect(screen.getByText('Total: 38 of 50 minutes planned')).toBeTruthy();
      await save();
      expect(puts(requests).map((r) => r.body)).toEqual([
        {
          items: [
            { id: 'i2', title: 'Inventory: who matters', minutes: 20, goRound: false },
            { id: 'i1', title: 'Check-in: mood and the week', minutes: 10, goRound: true },
            { id: 'n1', title: 'Role play', minutes: 8, goRound: false },
          ],
        },
      ]);
      expect(
        await screen.findByText('Saved. Everyone in the session now sees this agenda.'),
      ).toBeTruthy();
      expect(
        (screen.getByRole('button', { name: 'Reset changes' }) as HTMLButtonElement).disabled,
      ).toBe(true);
    });

    it('puts the API’s field errors beside the right item, focusing the first', async () => {
      const requests = await openAgenda(therapist, 'therapist', {
        [`PUT ${agendaPath}`]: apiError(400, 'validation_failed', 'The agenda is not valid', {
          issues: [
            { location: 'body', path: 'items.2.minutes', message: 'must be whole minutes' },
            { location: 'body', path: 'items.0.title', message: 'must be at most 80 characters' },
          ],
        }),
      });
      fireEvent.click(within(item(3)).getByRole('button', { name: 'Move up item 3' }));
      await save();
      expect(puts(requests)).toHaveLength(1);
      // Sent third was "Interpersonal inventory", now shown second.
      expect(within(item(3)).getByText('Must be whole minutes')).toBeTruthy();
      expect(field(3, 'Title').value).toBe('Interpersonal inventory');
      expect(field(3, 'Minutes').getAttribute('aria-invalid')).toBe('true');
      expect(within(item(1)).getByText('Must be at most 80 characters')).toBeTruthy();
      expect(document.activeElement).toBe(field(1, 'Title'));
      expect(within(item(2)).queryByText(/^Must/)).toBeNull();
    });

    it('warns while the total runs over the session, and does not send it', async () => {
      const requests = await openAgenda(therapist, 'therapist', {
        [`PUT ${agendaPath}`]: accept,
      });
      fireEvent.change(field(2, 'Minutes'), { target: { value: '37' } });
      expect(screen.getByText(/^Total: 57 minutes planned/).textContent).toBe(
        'Total: 57 minutes planned: 7 minutes more than the session’s 50',
      );
      const warnings = screen.getAllByRole('status').map((s) => s.textContent);
      expect(warnings).toContain(
        'Over the session’s length by 7 minutes: shorten or remove items before saving.',
      );
      await save();
      expect(puts(requests)).toHaveLength(0);
      const alert = screen.getAllByRole('alert').find((a) => a.textContent);
      expect(alert?.textContent).toBe('The time boxes add up to 57 minutes; the session is 50');
      expect(document.activeElement).toBe(alert);
    });

    it('checks each item with the shared rules before sending', async () => {
      const requests = await openAgenda(therapist, 'therapist');
      fireEvent.change(field(1, 'Title'), { target: { value: '   ' } });
      fireEvent.change(field(3, 'Minutes'), { target: { value: '' } });
      await save();
      expect(puts(requests)).toHaveLength(0);
      expect(within(item(1)).getByText('Must not be empty')).toBeTruthy();
      expect(
        within(item(3)).getByText('Must be a whole number of minutes from 1 to 120'),
      ).toBeTruthy();
      expect(document.activeElement).toBe(field(1, 'Title'));
    });

    it('resets the changes to the saved agenda', async () => {
      await openAgenda(therapist, 'therapist');
      fireEvent.click(within(item(1)).getByRole('button', { name: 'Remove item 1' }));
      fireEvent.change(field(1, 'Title'), { target: { value: 'Other' } });
      expect(screen.getAllByRole('group')).toHaveLength(2);
      fireEvent.click(screen.getByRole('button', { name: 'Reset changes' }));
      expect(screen.getAllByRole('group')).toHaveLength(3);
      expect(field(1, 'Title').value).toBe('Check-in: mood and the week');
      expect(field(2, 'Title').value).toBe('Interpersonal inventory');
      expect(document.activeElement).toBe(field(1, 'Title'));
    });

    it('starts a group member’s individual meeting from its template', async () => {
      const requests = await openAgenda(therapist, 'therapist', {
        [`PUT ${agendaPath}`]: (request: FakeRequest): FakeReply => ({
          status: 200,
          body: { ...agenda(), items: (request.body as Agenda).items },
        }),
      });
      fireEvent.change(screen.getByLabelText('Start from a template'), {
        target: { value: 'mid_point' },
      });
      fireEvent.click(screen.getByRole('button', { name: 'Use this template' }));
      expect(field(1, 'Title').value).toBe('Progress on the goals so far');
      await save();
      const body = puts(requests)[0]?.body as Agenda;
      expect(body.items.map((i) => i.title)).toEqual([
        'Progress on the goals so far',
        'What is and is not working in the group',
        'Goals for the second half',
      ]);
      expect(body.items.reduce((sum, i) => sum + i.minutes, 0)).toBe(50);
    });

    it('shows the API’s refusal when the person may not change this agenda', async () => {
      await openAgenda(therapist, 'therapist', {
        [`PUT ${agendaPath}`]: apiError(
          403,
          'forbidden',
          'Only the course’s therapists may edit its agendas',
        ),
      });
      fireEvent.change(field(1, 'Minutes'), { target: { value: '5' } });
      await save();
      expect(screen.getAllByRole('alert').find((a) => a.textContent)?.textContent).toBe(
        'Only the course’s therapists may edit its agendas',
      );
    });

    it('keeps the item being worked on in a running session', async () => {
      await openAgenda(
        therapist,
        'therapist',
        {},
        agenda({
          startedAt: '2026-01-12T08:50:00.000Z',
          currentItemId: 'i1',
          itemStartedAt: '2026-01-12T08:50:00.000Z',
        }),
      );
      expect(item(1).textContent).toContain('(being worked on now)');
      expect(within(item(1)).queryByRole('button', { name: /^Remove/ })).toBeNull();
      expect(within(item(2)).getByRole('button', { name: 'Remove item 2' })).toBeTruthy();
    });

    it('is read-only once the agenda is finished', async () => {
      await openAgenda(
        therapist,
        'therapist',
        {},
        agenda({ startedAt: '2026-01-12T08:00:00.000Z', finishedAt: '2026-01-12T08:49:00.000Z' }),
      );
      expect(screen.getByTestId('agenda-progress').textContent).toBe('Finished after 49:00.');
      expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
      expect(
        screen.getByText('This agenda is finished, so it can no longer be changed.'),
      ).toBeTruthy();
    });
  });

  it('gives a coordinator who is not the session’s therapist the agenda to read', async () => {
    await openAgenda({ ...coordinator, roles: ['coordinator', 'therapist'] }, 'coordinator');
    expect(screen.getAllByTestId('agenda-item')).toHaveLength(3);
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
  });
});
