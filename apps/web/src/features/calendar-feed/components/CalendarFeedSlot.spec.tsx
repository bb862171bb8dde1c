import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  apiError,
  client,
  fakeApi,
  renderApp,
  signedInAs,
  type FakeRequest,
  type FakeRoutes,
} from '../../../testing/render-app';

const feedPath = '/api/calendar/Qk9XeHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh.ics';

async function openPanel(routes: FakeRoutes) {
  const requests: FakeRequest[] = [];
  renderApp(
    '/home',
    fakeApi(
      {
        ...signedInAs(client),
        'GET /api/sessions': { status: 200, body: { sessions: [] } },
        ...routes,
      },
      requests,
    ),
  );
  const panel = await screen.findByRole('region', { name: 'Add your sessions to your calendar' });
  return { panel: panel as HTMLElement, requests };
}

describe('calendar link panel', () => {
  it('makes a private link and shows its full address once', async () => {
    const { panel, requests } = await openPanel({
      'POST /api/me/calendar-feed': {
        status: 201,
        body: { path: feedPath, createdAt: '2026-11-26T10:00:00.000Z' },
      },
    });
    fireEvent.click(within(panel).getByRole('button', { name: 'Make my calendar link' }));
    const field = await within(panel).findByLabelText('Your calendar link');
    expect((field as HTMLInputElement).value).toBe(`${window.location.origin}${feedPath}`);
    expect(requests.some((r) => r.method === 'POST' && r.path === '/api/me/calendar-feed')).toBe(
      true,
    );
    expect(within(panel).getByRole('button', { name: 'Make a new link' })).toBeTruthy();
  });

  it('stops the link and says so', async () => {
    const { panel } = await openPanel({
      'DELETE /api/me/calendar-feed': { status: 200, body: { revoked: true } },
    });
    fireEvent.click(within(panel).getByRole('button', { name: 'Stop my calendar link' }));
    await within(panel).findByText(/The link is stopped/);
  });

  it("shows the API's message when making the link fails", async () => {
    const { panel } = await openPanel({
      'POST /api/me/calendar-feed': apiError(
        503,
        'unavailable',
        'The service is temporarily unavailable; try again shortly',
      ),
    });
    fireEvent.click(within(panel).getByRole('button', { name: 'Make my calendar link' }));
    await within(panel).findByText('The service is temporarily unavailable; try again shortly');
  });
});
