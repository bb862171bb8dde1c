import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CourseClinical, Inventory, Person } from '@hearth/contracts';
import { AppProviders } from '../../../app/AppProviders';
import { createWebServices } from '../../../app/web-services';
import {
  fakeApi,
  renderApp,
  signedInAs,
  type FakeRequest,
  type FakeRoutes,
} from '../../../testing/render-app';
import {
  courseDetail,
  courseId,
  parent,
  sessionId,
  therapist,
} from '../../../testing/scheduling-fixtures';
import { alert, checkIn } from '../../../testing/clinical-fixtures';
import { SessionAlertsPanel } from './SessionAlertsPanel';

const recordBase = `/api/courses/${courseId}/clients/${parent.id}`;

const overview: CourseClinical = {
  courseId,
  sessionCount: 12,
  checkInSchedule: 'every_session',
  clients: [
    {
      personId: parent.id,
      displayName: parent.displayName,
      consentAccepted: true,
      inventory: 'submitted',
      focusAreas: ['disputes'],
      checkIns: [checkIn(1, 16, 12, 3), checkIn(5, 9, 6, 6)],
      openAlerts: 1,
    },
  ],
};

const emptyInventory: Inventory = {
  courseId,
  personId: parent.id,
  status: 'not_started',
  people: [],
  submittedAt: null,
  reviewedAt: null,
  reviewedBy: null,
};

const focus = {
  courseId,
  personId: parent.id,
  areas: [{ area: 'disputes', goals: ['Talk with Kit without shouting'] }],
  updatedAt: '2026-01-12T11:00:00.000Z',
  updatedBy: { personId: therapist.id, displayName: therapist.displayName },
};

async function open(path: string, person: Person, routes: FakeRoutes, heading: string) {
  const requests: FakeRequest[] = [];
  renderApp(
    path,
    fakeApi(
      {
        ...signedInAs(person),
        'GET /api/people': { status: 200, body: { people: [] } },
        [`GET /api/courses/${courseId}`]: { status: 200, body: courseDetail() },
        [`GET /api/courses/${courseId}/clinical`]: { status: 200, body: overview },
        [`GET /api/courses/${courseId}/check-in-schedule`]: {
          status: 200,
          body: { courseId, checkInSchedule: 'every_session' },
        },
        [`GET ${recordBase}/focus`]: { status: 200, body: focus },
        [`GET ${recordBase}/progress`]: { status: 200, body: { notes: [] } },
        [`GET ${recordBase}/notes`]: { status: 200, body: { notes: [] } },
        ...routes,
      },
      requests,
    ),
  );
  await screen.findByRole('heading', { level: 1, name: heading });
  return requests;
}

describe('clinical records in the browser', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-05T12:00:00.000Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the course’s therapist each client with a trend chart, and changes the schedule', async () => {
    const requests = await open(
      `/courses/${courseId}`,
      therapist,
      {
        [`PUT /api/courses/${courseId}/check-in-schedule`]: {
          status: 200,
          body: { courseId, checkInSchedule: 'every_4th' },
        },
      },
      'Okafor family',
    );
    const clients = screen.getByRole('region', { name: 'Clients' });
    const pat = await within(clients).findByRole('listitem', { name: 'Pat Parent' });
    expect(pat.textContent).toContain('1 open alert');
    expect(pat.textContent).toContain(
      'Latest (session 5): PHQ-9 9 (mild), GAD-7 6 (mild), mood 6/10',
    );
    expect(within(pat).getByRole('img').getAttribute('aria-label')).toBe(
      'Pat Parent’s check-ins: PHQ-9 from 16 at session 1 to 9 at session 5; GAD-7 from 12 at session 1 to 6 at session 5; Mood from 3 at session 1 to 6 at session 5.',
    );
    const chart = within(pat).getByRole('img');
    // One line per measure, over the sessions that have a check-in only (1 and 5).
    expect(chart.querySelectorAll('path.trend__line')).toHaveLength(3);
    expect(
      [...chart.querySelectorAll('text.trend__tick[text-anchor="middle"]')].map(
        (t) => t.textContent,
      ),
    ).toEqual(['1', '5']);
    expect(
      [...chart.querySelectorAll('text.trend__band-label')].map((t) => t.textContent),
    ).toContain('Moderately severe');
    // The same figures as a table, for any screen width and for screen readers.
    const table = within(pat).getByRole('table', { name: 'Check-ins by session' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    fireEvent.change(within(clients).getByLabelText('Check-ins (PHQ-9, GAD-7 and mood)'), {
      target: { value: 'every_4th' },
    });
    await within(clients).findByText(/Check-ins: every 4th session/);
    expect(requests.find((r) => r.method === 'PUT')?.body).toEqual({
      checkInSchedule: 'every_4th',
    });
  });

  it('lets a client fill in their important people, and never asks for notes', async () => {
    let inventory = emptyInventory;
    const requests = await open(
      `/courses/${courseId}/clients/${parent.id}`,
      parent,
      {
        [`GET ${recordBase}/inventory`]: () => ({ status: 200, body: inventory }),
        [`PUT ${recordBase}/inventory`]: (request) => {
          inventory = {
            ...emptyInventory,
            status: 'submitted',
            submittedAt: '2026-01-05T12:00:00.000Z',
            ...(request.body as Pick<Inventory, 'people'>),
          };
          return { status: 200, body: inventory };
        },
      },
      'Your important people and goals',
    );
    const section = screen.getByRole('region', { name: 'Important people' });
    await within(section).findByText('Not started');
    fireEvent.click(within(section).getByRole('button', { name: 'Save important people' }));
    expect(await within(section).findByText('Person 1, label: must not be empty.')).toBeDefined();
    fireEvent.change(within(section).getByLabelText('Label'), { target: { value: 'Mum' } });
    fireEvent.change(within(section).getByLabelText('Relation'), { target: { value: 'parent' } });
    fireEvent.change(within(section).getByLabelText('How close (1–5)'), { target: { value: '4' } });
    fireEvent.change(within(section).getByLabelText('Conflicts or difficulties'), {
      target: { value: 'Visits' },
    });
    fireEvent.click(within(section).getByRole('button', { name: 'Save important people' }));
    await within(section).findByText('Waiting for review');
    expect(requests.find((r) => r.method === 'PUT')?.body).toEqual({
      people: [
        {
          label: 'Mum',
          relation: 'parent',
          closeness: 4,
          support: 3,
          conflicts: 'Visits',
          expectations: '',
        },
      ],
    });
    const focusSection = screen.getByRole('region', { name: 'Focus and goals' });
    await within(focusSection).findByText('Talk with Kit without shouting');
    expect(within(focusSection).queryByRole('button')).toBeNull();
    expect(requests.some((r) => r.path.endsWith('/notes') || r.path.endsWith('/clinical'))).toBe(
      false,
    );
    expect(screen.queryByText(/Private note/)).toBeNull();
  });

  it('lets the therapist review the inventory and write progress and a private note', async () => {
    const requests = await open(
      `/courses/${courseId}/clients/${parent.id}`,
      therapist,
      {
        [`GET ${recordBase}/inventory`]: {
          status: 200,
          body: {
            ...emptyInventory,
            status: 'submitted',
            submittedAt: '2026-01-05T12:00:00.000Z',
            people: [
              {
                label: 'Mum',
                relation: 'parent',
                closeness: 4,
                support: 3,
                conflicts: '',
                expectations: '',
              },
            ],
          },
        },
        [`POST ${recordBase}/inventory/review`]: { status: 200, body: emptyInventory },
        [`PUT /api/sessions/${sessionId(1)}/clients/${parent.id}/progress`]: {
          status: 200,
          body: {
            sessionId: sessionId(1),
            sessionNumber: 1,
            text: 'First step agreed',
            author: { personId: therapist.id, displayName: therapist.displayName },
            updatedAt: '2026-01-12T11:00:00.000Z',
          },
        },
        [`PUT /api/sessions/${sessionId(1)}/clients/${parent.id}/note`]: {
          status: 200,
          body: {
            id: '30000000-0000-4000-8000-000000000001',
            sessionId: sessionId(1),
            sessionNumber: 1,
            personId: parent.id,
            text: 'Tearful when talking about Kit',
            author: { personId: therapist.id, displayName: therapist.displayName },
            createdAt: '2026-01-12T11:00:00.000Z',
            updatedAt: '2026-01-12T11:00:00.000Z',
          },
        },
      },
      'Pat Parent',
    );
    const checkIns = screen.getByRole('region', { name: 'Check-ins' });
    expect(await within(checkIns).findByRole('img')).toBeDefined();
    expect(within(checkIns).getAllByRole('row')).toHaveLength(3);

    const inventory = screen.getByRole('region', { name: 'Important people' });
    fireEvent.click(
      await within(inventory).findByRole('button', { name: 'Mark as reviewed with the client' }),
    );
    await waitFor(() =>
      expect(requests.some((r) => r.path === `${recordBase}/inventory/review`)).toBe(true),
    );

    const notes = screen.getByRole('region', { name: 'Progress and notes' });
    fireEvent.click(
      await within(notes).findByRole('button', { name: 'Write notes for session 1 of 12' }),
    );
    fireEvent.change(within(notes).getByLabelText(/^Progress on the goals/), {
      target: { value: 'First step agreed' },
    });
    fireEvent.change(within(notes).getByLabelText(/^Private note/), {
      target: { value: 'Tearful when talking about Kit' },
    });
    fireEvent.click(within(notes).getByRole('button', { name: 'Save notes' }));
    await within(notes).findByText('Saved.');
    expect(
      requests.filter((r) => r.method === 'PUT').map((r) => [r.path.split('/').pop(), r.body]),
    ).toEqual([
      ['progress', { text: 'First step agreed' }],
      ['note', { text: 'Tearful when talking about Kit' }],
    ]);
  });
});

describe('the call sidebar’s alerts', () => {
  it('polls the session’s alerts and shows them to the therapist', async () => {
    let calls = 0;
    const services = createWebServices({
      baseUrl: '',
      fetch: fakeApi({
        ...signedInAs(therapist),
        [`GET /api/sessions/${sessionId(1)}/alerts`]: () => {
          calls += 1;
          return { status: 200, body: { alerts: calls >= 2 ? [alert] : [] } };
        },
      }) as typeof fetch,
    });
    services.session.start();
    render(
      <AppProviders services={services}>
        <MemoryRouter>
          <SessionAlertsPanel sessionId={sessionId(1)} pollMs={20} />
        </MemoryRouter>
      </AppProviders>,
    );
    const panel = await screen.findByRole('region', { name: 'Safety alerts' });
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(panel.textContent).toContain('Pat Parent answered PHQ-9 question 9');
  });
});
