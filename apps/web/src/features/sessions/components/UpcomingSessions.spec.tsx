import { act, cleanup, screen, within } from '@testing-library/react';
import type { RosterStatus } from '@hearth/contracts';
import { joinBlocks } from '@hearth/domain';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  client,
  fakeApi,
  renderApp,
  signedInAs,
  type FakeRequest,
} from '../../../testing/render-app';
import { listItem, sessionId, therapist } from '../../../testing/scheduling-fixtures';

describe('upcoming sessions on the dashboard', () => {
  beforeEach(() => {
    // Only the clock and the minute tick are fake: the API answers and Testing Library's waits
    // still run on real timers.
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    vi.setSystemTime(new Date('2026-01-12T09:45:00.000Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function openHome(person = client) {
    const requests: FakeRequest[] = [];
    renderApp(
      '/home',
      fakeApi(
        {
          ...signedInAs(person),
          'GET /api/sessions': {
            status: 200,
            body: {
              sessions: [
                listItem(3, '2026-01-12T10:00:00.000Z', person === client ? 'client' : 'therapist'),
                listItem(4, '2026-01-19T10:00:00.000Z', person === client ? 'client' : 'therapist'),
              ],
            },
          },
        },
        requests,
      ),
    );
    const region = await screen.findByRole('region', { name: 'Your upcoming sessions' });
    await within(region).findByText('Session 3 of 12 · Initial phase');
    return { region, requests };
  }

  it('lists the sessions with times on the client’s own clock', async () => {
    const { region, requests } = await openHome();
    const asked = requests.find((r) => r.path === '/api/sessions');
    expect(asked?.headers['authorization']).toBe('Bearer access-1');
    const items = within(region).getAllByRole('listitem');
    // Cleo lives in Madrid: 10:00 UTC is 11:00 CET.
    expect(items[0]?.textContent).toContain('Monday, 12 January 2026, 11:00–11:50 CET');
    expect(items[0]?.textContent).toContain('Okafor family');
    expect(items[1]?.textContent).toContain('Session 4 of 12 · Middle phase');
  });

  it('leads a client’s Home with the next session: when Join opens, then Join', async () => {
    await openHome();
    const card = screen.getByRole('region', { name: 'Your next session' });
    await within(card).findByText('Session 3 of 12 · Initial phase');
    expect(card.textContent).toContain('Monday, 12 January 2026, 11:00–11:50 CET');
    expect(card.textContent).toContain('Opens at 10:50, 10 minutes before the start');
    // No disabled Join to stumble on: the card says when it opens instead.
    expect(within(card).queryByRole('button', { name: /^Join/ })).toBeNull();
    expect(screen.queryAllByRole('button', { name: /^Join/ })).toEqual([]);
    await act(async () => {
      vi.advanceTimersByTime(5 * 60_000);
    });
    const link = within(card).getByRole('link', { name: 'Join Okafor family, Session 3 of 12' });
    expect(link.getAttribute('href')).toBe(`/sessions/${sessionId(3)}/join`);
  });

  it('opens Join 10 minutes before the start and closes it 30 minutes after the end', async () => {
    // A therapist's list keeps a Join per session (the client's list is folded away, joinless).
    const { region } = await openHome({ ...therapist, timeZone: 'Europe/Madrid' });
    const first = () => within(region).getAllByRole('listitem')[0] as HTMLElement;
    const join = () => within(first()).getByRole('button', { name: /^Join/ }) as HTMLButtonElement;
    expect(join().disabled).toBe(true);
    expect(first().textContent).toContain('Opens at 10:50, 10 minutes before the start');

    await act(async () => {
      vi.advanceTimersByTime(5 * 60_000);
    });
    const link = within(first()).getByRole('link', { name: 'Join Okafor family, Session 3 of 12' });
    expect(link.getAttribute('href')).toBe(`/sessions/${sessionId(3)}/join`);
    // The next week's session is still closed.
    const second = within(region).getAllByRole('listitem')[1] as HTMLElement;
    expect(
      (within(second).getByRole('button', { name: /^Join/ }) as HTMLButtonElement).disabled,
    ).toBe(true);

    // Planned to end at 10:50 UTC, it stays open for an overrun until 11:20.
    await act(async () => {
      vi.advanceTimersByTime(60 * 60_000);
    });
    expect(
      within(first()).getByRole('link', { name: 'Join Okafor family, Session 3 of 12' }),
    ).toBeTruthy();
    expect(first().textContent).toContain('Open until 12:20');

    await act(async () => {
      vi.advanceTimersByTime(31 * 60_000);
    });
    // The live room closed: it leaves the list, and the next one is first.
    expect(within(region).queryByText('Session 3 of 12 · Initial phase')).toBeNull();
    expect(first().textContent).toContain('Session 4 of 12');
  });

  it('gives a therapist the same list, linking each course to its page', async () => {
    const { region } = await openHome({ ...therapist, timeZone: 'Europe/London' });
    const course = within(region).getAllByRole('link', { name: 'Okafor family' })[0];
    expect(course?.getAttribute('href')).toMatch(/^\/courses\//);
    expect(region.textContent).toContain('Monday, 12 January 2026, 10:00–10:50 GMT');
  });

  it('links each session to its agenda, so a client can read the next one from home', async () => {
    const { region } = await openHome();
    const links = within(region).getAllByRole('link', { name: /^See the agenda/ });
    expect(links.map((link) => [link.textContent, link.getAttribute('aria-label')])).toEqual([
      ['See the agenda', 'See the agenda for Okafor family, Session 3 of 12'],
      ['See the agenda', 'See the agenda for Okafor family, Session 4 of 12'],
    ]);
    expect(links[0]?.getAttribute('href')).toBe(`/sessions/${sessionId(3)}/agenda`);
  });

  it('shows an active Join exactly when the server would let the client in, and says why not', async () => {
    const places: (RosterStatus | null)[] = ['invited', 'active', 'withdrawn', 'waitlisted', null];
    const startsAt = '2026-01-12T10:00:00.000Z';
    const reasons: Record<string, string> = {
      place_not_accepted: 'Accept your place in this course (above) to join.',
      consent_required: 'Accept your practice’s consent (above) to join.',
      not_on_roster: 'You are not on this course’s roster. Ask your coordinator.',
      waitlisted: 'You are on the waitlist.',
      withdrawn: 'You no longer have a place in this course.',
      not_open_yet: 'Opens at 10:50, 10 minutes before the start.',
    };
    for (const now of ['2026-01-12T09:45:00.000Z', '2026-01-12T10:05:00.000Z']) {
      vi.setSystemTime(new Date(now));
      for (const place of places) {
        for (const consent of [true, false]) {
          cleanup();
          const item = { ...listItem(3, startsAt), viewerPlace: place, viewerConsented: consent };
          renderApp(
            '/home',
            fakeApi({
              ...signedInAs(client),
              'GET /api/sessions': { status: 200, body: { sessions: [item] } },
            }),
          );
          const region = await screen.findByRole('region', { name: 'Your next session' });
          await within(region).findByText('Session 3 of 12 · Initial phase');
          const blocks = joinBlocks(
            {
              isTherapist: false,
              rosterStatus: place,
              consentAccepted: consent,
              session: {
                startsAt: new Date(startsAt),
                endsAt: new Date(item.endsAt),
                cancelled: false,
              },
            },
            new Date(now),
          );
          const link = within(region).queryByRole('link', { name: /^Join/ });
          const label = `${place ?? 'none'}, consent ${consent}, at ${now}`;
          expect({ label, link: link !== null }).toEqual({ label, link: blocks.length === 0 });
          if (blocks.length > 0) {
            const advice = within(region).getByTestId('join-advice').textContent ?? '';
            for (const block of blocks) expect(advice).toContain(reasons[block.reason]);
          }
        }
      }
    }
    // Twenty renders of the whole app: room for a loaded machine.
  }, 30_000);
});
