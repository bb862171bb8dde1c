import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  coordinator,
  fakeApi,
  renderApp,
  signedInAs,
  type FakeRequest,
} from '../../../testing/render-app';
import { listItem } from '../../../testing/scheduling-fixtures';

describe('week view', () => {
  it('lists the practice’s week Monday to Monday in the coordinator’s zone, day by day', async () => {
    const requests: FakeRequest[] = [];
    renderApp(
      '/calendar?week=2026-03-25',
      fakeApi(
        {
          ...signedInAs(coordinator),
          'GET /api/sessions': {
            status: 200,
            body: {
              sessions: [
                { ...listItem(5, '2026-03-25T10:00:00.000Z', 'coordinator'), status: 'cancelled' },
                listItem(4, '2026-03-23T18:30:00.000Z', 'coordinator'),
              ],
            },
          },
        },
        requests,
      ),
    );
    await screen.findByRole('heading', { level: 1, name: 'Calendar' });
    await screen.findByText('Session 4 of 12');
    const url = (r: FakeRequest) => r.path === '/api/sessions';
    expect(requests.filter(url)).toHaveLength(1);
    expect(
      screen.getByRole('heading', { level: 2, name: 'Week of 23 March 2026 to 29 March 2026' }),
    ).toBeDefined();

    const monday = screen.getByRole('region', { name: 'Monday, 23 March 2026' });
    expect(within(monday).getByRole('listitem').textContent).toBe(
      '18:30–19:20 GMTOkafor familySession 4 of 12with Theo Therapist',
    );
    const wednesday = screen.getByRole('region', { name: 'Wednesday, 25 March 2026' });
    expect(within(wednesday).getByRole('listitem').textContent).toContain('Cancelled');
    expect(
      within(screen.getByRole('region', { name: 'Tuesday, 24 March 2026' })).getByText(
        'No sessions',
      ),
    ).toBeDefined();
    // Sunday 29 March: clocks go forward, so the week ends at 23:00 UTC.
    expect(screen.getAllByRole('region', { name: /2026$/ })).toHaveLength(7);

    await act(async () => {
      fireEvent.click(screen.getByRole('link', { name: /Next week/ }));
    });
    await screen.findByRole('heading', { level: 2, name: 'Week of 30 March 2026 to 5 April 2026' });
    expect(requests.filter(url)).toHaveLength(2);
  });

  it('marks today, colours sessions by course, and moves between them with the arrow keys', async () => {
    // Today as the coordinator's calendar (London) has it, and another day of the same week.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
      new Date(),
    );
    const sunday = new Date(`${today}T12:00:00Z`).getUTCDay() === 0;
    const otherDay = sunday ? -1 : 1;
    const at = (days: number, hour: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) + (days * 24 + hour) * 3_600_000).toISOString();
    renderApp(
      `/calendar?week=${today}`,
      fakeApi({
        ...signedInAs(coordinator),
        'GET /api/sessions': {
          status: 200,
          body: {
            sessions: [
              listItem(2, at(0, 9)),
              listItem(3, at(0, 13)),
              listItem(4, at(otherDay, 10)),
            ].map((s) => ({ ...s, viewerRole: 'coordinator' as const, viewerPlace: null })),
          },
        },
      }),
    );
    await screen.findByText('Session 2 of 12');
    const todays = screen.getAllByRole('region').find((r) => r.hasAttribute('data-today'))!;
    expect(within(todays).getByRole('heading', { level: 3 }).getAttribute('aria-current')).toBe(
      'date',
    );
    expect(within(todays).getByText('Today')).toBeDefined();
    const [first, second] = within(todays).getAllByRole('listitem');
    expect(first!.className).toMatch(/^course-colour-[0-5]$/);
    expect(second!.className).toBe(first!.className);

    const links = within(todays).getAllByRole('link', { name: 'Okafor family' });
    links[0]!.focus();
    fireEvent.keyDown(links[0]!, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(links[1]);
    fireEvent.keyDown(links[1]!, { key: otherDay > 0 ? 'ArrowRight' : 'ArrowLeft' });
    expect(document.activeElement?.closest('li')?.textContent).toContain('Session 4 of 12');
  });
});
