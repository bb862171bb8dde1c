import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ClientTasks, ClinicalAlert, Person } from '@hearth/contracts';
import {
  coordinator,
  fakeApi,
  renderApp,
  signedInAs,
  type FakeRequest,
  type FakeRoutes,
} from '../../../testing/render-app';
import { courseId, parent, sessionId, therapist } from '../../../testing/scheduling-fixtures';
import { acknowledged, alert } from '../../../testing/clinical-fixtures';

const consentText = 'Consent to remote IPT.\n\nWe keep your answers private.';

async function openHome(
  person: Person,
  routes: FakeRoutes,
  path = '/home',
  heading = `Hello, ${person.displayName}`,
) {
  const requests: FakeRequest[] = [];
  renderApp(
    path,
    fakeApi(
      {
        ...signedInAs(person),
        'GET /api/sessions': { status: 200, body: { sessions: [] } },
        'GET /api/courses': { status: 200, body: { courses: [] } },
        'GET /api/people': { status: 200, body: { people: [] } },
        ...routes,
      },
      requests,
    ),
  );
  await screen.findByRole('heading', { level: 1, name: heading });
  return requests;
}

const tasks = (accepted: boolean): ClientTasks => ({
  consent: { version: 2, accepted },
  checkIns: [
    {
      sessionId: sessionId(1),
      courseId,
      courseTitle: 'Okafor family',
      number: 1,
      sessionCount: 12,
      startsAt: '2026-01-12T10:00:00.000Z',
    },
  ],
  courses: [{ courseId, courseTitle: 'Okafor family', inventory: 'not_started' }],
});

describe('clinical parts of the home page', () => {
  it('asks a client for consent, shows the text and accepts the version shown', async () => {
    let accepted = false;
    const requests = await openHome(parent, {
      'GET /api/me/clinical': () => ({ status: 200, body: tasks(accepted) }),
      'GET /api/consent': {
        status: 200,
        body: {
          version: 2,
          text: consentText,
          publishedAt: '2026-01-01T09:00:00.000Z',
          accepted: false,
          acceptedAt: null,
        },
      },
      'POST /api/consent/accept': () => {
        accepted = true;
        return {
          status: 200,
          body: {
            version: 2,
            text: consentText,
            publishedAt: '2026-01-01T09:00:00.000Z',
            accepted: true,
            acceptedAt: '2026-01-05T09:00:00.000Z',
          },
        };
      },
    });
    const banner = await screen.findByRole('region', { name: 'Your consent is needed' });
    fireEvent.click(await within(banner).findByText('Read the consent text (version 2)'));
    expect(within(banner).getByLabelText('Consent text').textContent).toBe(consentText);
    fireEvent.click(within(banner).getByRole('button', { name: 'I have read this and I accept' }));
    await waitFor(() =>
      expect(screen.queryByRole('region', { name: 'Your consent is needed' })).toBeNull(),
    );
    expect(requests.find((r) => r.path === '/api/consent/accept')?.body).toEqual({ version: 2 });
    // What to fill in before sessions has a page of its own.
    expect(screen.queryByRole('region', { name: 'Before your sessions' })).toBeNull();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    await act(async () => {
      fireEvent.click(within(nav).getByRole('link', { name: 'Check-ins' }));
    });
    const before = await screen.findByRole('region', { name: 'Before your sessions' });
    expect(
      within(before).getByRole('link', { name: 'Check-in for Okafor family, session 1 of 12' }),
    ).toHaveProperty('pathname', `/sessions/${sessionId(1)}/check-in`);
    expect(
      within(before).getByRole('link', { name: 'Fill in your important people for Okafor family' }),
    ).toHaveProperty('pathname', `/courses/${courseId}/clients/${parent.id}`);
  });

  it('shows no banner once the client has accepted', async () => {
    await openHome(
      parent,
      { 'GET /api/me/clinical': { status: 200, body: tasks(true) } },
      '/check-ins',
      'Check-ins',
    );
    await screen.findByRole('region', { name: 'Before your sessions' });
    const nav = screen.getByRole('navigation', { name: 'Main' });
    await act(async () => {
      fireEvent.click(within(nav).getByRole('link', { name: 'Home' }));
    });
    await screen.findByRole('heading', { level: 1, name: `Hello, ${parent.displayName}` });
    await within(screen.getByRole('region', { name: 'Your next session' })).findByText(
      /Nothing in the next 8 weeks/,
    );
    expect(screen.queryByRole('region', { name: 'Your consent is needed' })).toBeNull();
  });

  it('shows a therapist the open alerts and marks one as seen', async () => {
    let alerts: ClinicalAlert[] = [alert];
    const requests = await openHome(therapist, {
      'GET /api/clinical/alerts': () => ({ status: 200, body: { alerts } }),
      [`POST /api/clinical/alerts/${alert.id}/acknowledge`]: () => {
        alerts = [];
        return { status: 200, body: acknowledged };
      },
    });
    const section = screen.getByRole('region', { name: 'Safety alerts' });
    expect(
      (await within(section).findByText(/answered PHQ-9 question 9/)).closest('p')?.textContent,
    ).toBe(
      'Pat Parent answered PHQ-9 question 9 (thoughts of being better off dead or of self-harm): more than half the days.',
    );
    expect(within(section).getByRole('link', { name: 'Open Pat Parent’s record' })).toHaveProperty(
      'pathname',
      `/courses/${courseId}/clients/${parent.id}`,
    );
    fireEvent.click(within(section).getByRole('button', { name: 'Mark as seen' }));
    await within(section).findByText(/No open alerts/);
    expect(requests.some((r) => r.path.endsWith('/acknowledge') && r.method === 'POST')).toBe(true);
  });

  it('lets a coordinator publish a new consent text, naming a too-short one', async () => {
    const versions = [
      {
        version: 1,
        text: 'The default text.',
        publishedAt: '2026-01-01T09:00:00.000Z',
        publishedBy: null,
        acceptances: 3,
      },
    ];
    const requests = await openHome(
      coordinator,
      {
        'GET /api/consent/versions': () => ({ status: 200, body: { versions } }),
        'POST /api/consent/versions': (request) => {
          const text = (request.body as { text: string }).text;
          versions.unshift({
            version: 2,
            text,
            publishedAt: '2026-01-05T09:00:00.000Z',
            publishedBy: { personId: coordinator.id, displayName: coordinator.displayName },
            acceptances: 0,
          } as never);
          return { status: 201, body: versions[0] };
        },
      },
      '/settings',
      'Settings',
    );
    const section = await screen.findByRole('region', { name: 'Consent' });
    await within(section).findByText(/Clients accept version 1 \(the default text\)/);
    const field = within(section).getByLabelText('New consent text');
    fireEvent.change(field, { target: { value: 'Too short.' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Publish as a new version' }));
    expect(await within(section).findByText(/Must be at least 50 characters/)).toBeDefined();
    const text = 'Our new consent text explains check-ins, notes and how we keep them safe.';
    fireEvent.change(field, { target: { value: text } });
    fireEvent.click(within(section).getByRole('button', { name: 'Publish as a new version' }));
    await within(section).findByText(/Version 2 is published/);
    await within(section).findByText(/Clients accept version 2, published by Cora Coordinator/);
    expect(
      requests.find((r) => r.method === 'POST' && r.path === '/api/consent/versions')?.body,
    ).toEqual({ text });
  });
});
