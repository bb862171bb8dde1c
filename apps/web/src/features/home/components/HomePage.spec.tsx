import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Person } from '@hearth/contracts';
import {
  apiError,
  client,
  coordinator,
  fakeApi,
  noRefreshCookie,
  renderApp,
  signedInAs,
  tokensFor,
  type FakeRequest,
  type FakeRoutes,
} from '../../../testing/render-app';

const therapist: Person = {
  ...client,
  id: '7c9d0e1f-2a3b-4c5d-8e6f-7a8b9c0d1e22',
  email: 'theo@hearth.example',
  displayName: 'Theo Therapist',
  roles: ['therapist'],
};

const acceptPath = '/invitations/Qk9XeHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh';
const created = {
  invitation: {
    id: '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a55',
    email: 'cleo@hearth.example',
    displayName: 'Cleo Client',
    roles: ['client'],
    expiresAt: '2026-07-16T08:30:00.000Z',
    status: 'pending',
  },
  acceptPath,
  email: 'not_requested',
};

async function openHome(person: Person, routes: FakeRoutes = {}) {
  return openPage(person, '/home', `Hello, ${person.displayName}`, routes);
}

/** One of the pages of the main navigation, signed in as `person`. */
async function openPage(person: Person, path: string, heading: string, routes: FakeRoutes = {}) {
  const requests: FakeRequest[] = [];
  renderApp(
    path,
    fakeApi(
      {
        ...signedInAs(person),
        'GET /api/people': { status: 200, body: { people: [coordinator, client] } },
        'GET /api/sessions': { status: 200, body: { sessions: [] } },
        'GET /api/courses': { status: 200, body: { courses: [] } },
        ...routes,
      },
      requests,
    ),
  );
  // The page and the navigation are fetched when first opened: the first test of the file waits
  // for them to be transformed, which takes a few seconds on a busy machine.
  await screen.findByRole('heading', { level: 1, name: heading }, { timeout: 10_000 });
  await screen.findByRole('navigation', { name: 'Main' });
  return requests;
}

const section = (name: string) => screen.getByRole('region', { name }) as HTMLElement;

describe('home page', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('sends someone who is not signed in to the sign-in page', async () => {
    renderApp('/home', fakeApi());
    expect(screen.getByText('Checking your sign-in…')).toBeDefined();
    await screen.findByRole('heading', { level: 1, name: 'Sign in' });
    expect(screen.queryByText(/Hello/)).toBeNull();
  });

  it('greets a coordinator with their role and time zone, and leads to the practice’s people', async () => {
    const requests = await openHome(coordinator);
    const main = screen.getByRole('main');
    expect(main.textContent).toContain('Coordinator');
    expect(main.textContent).toContain('Europe / London');
    expect(document.title).toBe('Home — Hearth');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Home', 'Calendar', 'Courses', 'People', 'Requests', 'Settings']);
    expect(within(nav).getByRole('link', { name: 'Home' }).getAttribute('aria-current')).toBe(
      'page',
    );
    await act(async () => {
      fireEvent.click(within(nav).getByRole('link', { name: 'People' }));
    });
    await screen.findByRole('heading', { level: 1, name: 'People' });
    expect(within(nav).getByRole('link', { name: 'People' }).getAttribute('aria-current')).toBe(
      'page',
    );
    const people = await screen.findByRole('region', { name: 'People' });
    await within(people).findByText('Cleo Client');
    const items = within(people).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      'Cora Coordinator (you)cora@hearth.exampleCoordinator',
      'Cleo Clientcleo@hearth.exampleClient',
    ]);
    expect(requests.find((r) => r.path === '/api/people')?.headers['authorization']).toBe(
      'Bearer access-1',
    );
    expect(section('Invite someone')).toBeDefined();
    expect(document.title).toBe('People — Hearth');
  });

  it('shows a client no coordinator sections, and is honest about their sessions', async () => {
    const requests = await openHome(client);
    expect(screen.queryByRole('region', { name: 'People' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Invite someone' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Courses' })).toBeNull();
    const next = section('Your next session');
    await within(next).findByText(/Nothing in the next 8 weeks/);
    expect(requests.some((r) => r.path === '/api/people')).toBe(false);
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Home', 'Check-ins', 'Account']);
    // The calendar link is made on request only, never shown unasked.
    const feed = section('Add your sessions to your calendar');
    expect(within(feed).getByRole('button', { name: 'Make my calendar link' })).toBeTruthy();
    expect(within(feed).queryByLabelText('Your calendar link')).toBeNull();
  });

  it('shows a therapist their upcoming sessions, without inventing any', async () => {
    await openHome(therapist);
    expect(screen.queryByRole('region', { name: 'People' })).toBeNull();
    await within(section('Your upcoming sessions')).findByText(/Nothing in the next 8 weeks/);
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Home', 'Calendar', 'Courses', 'Clients']);
  });

  it('gives a coordinator the way to plan a course, the calendar and the courses', async () => {
    await openPage(coordinator, '/courses', 'Courses', {
      'GET /api/courses': {
        status: 200,
        body: {
          courses: [
            {
              id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
              title: 'Okafor family',
              format: 'family',
              focusAreas: ['disputes'],
              therapist: { personId: therapist.id, displayName: therapist.displayName },
              coTherapist: null,
              sessionCount: 12,
              durationMinutes: 50,
              timeZone: 'Europe/London',
              weekday: 1,
              localTime: '10:00',
              startDate: '2026-01-12',
              capacity: { min: 2, max: 8 },
              heldPlaces: 2,
              createdAt: '2026-01-05T09:00:00.000Z',
            },
          ],
        },
      },
    });
    const courses = section('Courses');
    expect(within(courses).getByRole('link', { name: 'New course' }).getAttribute('href')).toBe(
      '/courses/new',
    );
    expect(within(courses).getByRole('link', { name: 'Calendar' }).getAttribute('href')).toBe(
      '/calendar',
    );
    const course = await within(courses).findByRole('link', { name: 'Okafor family' });
    expect(course.getAttribute('href')).toBe('/courses/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d');
    expect(courses.textContent).toContain(
      'Family · Mondays at 10:00 · Theo Therapist · 2 of 8 places',
    );
    expect(screen.queryByRole('region', { name: 'Your upcoming sessions' })).toBeNull();
  });

  it('invites someone and shows the full link, when it expires, and copies it', async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const requests = await openPage(coordinator, '/people', 'People', {
      'POST /api/invitations': { status: 201, body: created },
    });
    const invite = section('Invite someone');
    fireEvent.change(within(invite).getByLabelText('Their email address'), {
      target: { value: 'cleo@hearth.example' },
    });
    fireEvent.change(within(invite).getByLabelText('Their name'), {
      target: { value: 'Cleo Client' },
    });
    expect((within(invite).getByLabelText(/^Client/) as HTMLInputElement).checked).toBe(true);
    fireEvent.click(within(invite).getByLabelText(/^Therapist/));
    await act(async () => {
      fireEvent.click(within(invite).getByRole('button', { name: 'Create invitation link' }));
    });

    expect(
      requests.find((r) => r.method === 'POST' && r.path === '/api/invitations'),
    ).toMatchObject({
      method: 'POST',
      headers: { authorization: 'Bearer access-1' },
      body: {
        email: 'cleo@hearth.example',
        displayName: 'Cleo Client',
        roles: ['therapist', 'client'],
      },
    });
    const result = within(invite).getByRole('region', { name: 'Invitation link for Cleo Client' });
    const link = within(result).getByLabelText(/Link to send/) as HTMLInputElement;
    expect(link.value).toBe(`${window.location.origin}${acceptPath}`);
    // 08:30 UTC is 09:30 on the coordinator's London clock in July.
    expect(result.textContent).toContain('Thursday, 16 July 2026 at 09:30 BST');
    expect(document.activeElement).toBe(result);

    await act(async () => {
      fireEvent.click(within(result).getByRole('button', { name: 'Copy link' }));
    });
    expect(writeText).toHaveBeenCalledWith(`${window.location.origin}${acceptPath}`);
    // Said in a notice that closes by itself, in the page's one region of notices.
    const notices = await screen.findByRole('region', { name: 'Notifications' });
    expect(within(notices).getByText('Link copied.')).toBeTruthy();
    expect(within(result).getByRole('status').textContent).toBe('');
    // The form is ready for the next person.
    expect((within(invite).getByLabelText('Their email address') as HTMLInputElement).value).toBe(
      '',
    );
  });

  it('puts invitation problems beside the fields: no role, an email already taken', async () => {
    await openPage(coordinator, '/people', 'People', {
      'POST /api/invitations': apiError(
        409,
        'conflict',
        'Someone with this email already has an account',
        {
          field: 'email',
        },
      ),
    });
    const invite = section('Invite someone');
    fireEvent.change(within(invite).getByLabelText('Their email address'), {
      target: { value: 'cora@hearth.example' },
    });
    fireEvent.change(within(invite).getByLabelText('Their name'), { target: { value: 'Cora' } });
    const clientBox = within(invite).getByLabelText(/^Client/);
    fireEvent.click(clientBox);
    await act(async () => {
      fireEvent.click(within(invite).getByRole('button', { name: 'Create invitation link' }));
    });
    const roles = within(invite).getByRole('group', { name: 'Roles' });
    expect(document.getElementById(roles.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Error: Must name at least one role',
    );
    expect(document.activeElement).toBe(within(invite).getByLabelText(/^Coordinator/));

    fireEvent.click(clientBox);
    await act(async () => {
      fireEvent.click(within(invite).getByRole('button', { name: 'Create invitation link' }));
    });
    const email = within(invite).getByLabelText('Their email address');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(invite.textContent).toContain('Someone with this email already has an account');
    expect(document.activeElement).toBe(email);
  });

  it('signs out from the header: revokes the cookie and goes to sign in', async () => {
    const requests = await openHome(client);
    const header = screen.getByRole('banner');
    await act(async () => {
      fireEvent.click(within(header).getByRole('button', { name: 'Sign out' }));
    });
    await screen.findByRole('heading', { level: 1, name: 'Sign in' });
    expect(requests.filter((r) => r.path === '/api/auth/logout')).toHaveLength(1);
    expect(screen.getByText('You have signed out.')).toBeDefined();
    expect(within(header).queryByRole('button', { name: 'Sign out' })).toBeNull();
    expect(within(header).getByRole('link', { name: 'Sign in' })).toBeDefined();
  });

  it('renews the token once when the API says it has run out, then carries on', async () => {
    const requests = await openPage(coordinator, '/people', 'People', {
      'GET /api/people': (request) =>
        request.headers['authorization'] === 'Bearer access-2'
          ? { status: 200, body: { people: [coordinator] } }
          : apiError(401, 'unauthenticated', 'Please sign in'),
    });
    await within(section('People')).findByText('Cora Coordinator (you)');
    expect(requests.filter((r) => r.path === '/api/auth/refresh')).toHaveLength(2);
  });

  it('signs out, saying why, when the token runs out and cannot be renewed', async () => {
    let refreshes = 0;
    await openPage(coordinator, '/people', 'People', {
      'POST /api/auth/refresh': () => {
        refreshes += 1;
        return refreshes === 1 ? { status: 200, body: tokensFor(coordinator) } : noRefreshCookie;
      },
      'GET /api/people': apiError(401, 'unauthenticated', 'Please sign in'),
    });
    await screen.findByRole('heading', { level: 1, name: 'Sign in' });
    expect(screen.getByText('Your sign-in has ended. Please sign in again.')).toBeDefined();
  });
});
