import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Person, TherapistProfile } from '@hearth/contracts';
import {
  apiError,
  client,
  coordinator,
  fakeApi,
  renderApp,
  signedInAs,
  type FakeRequest,
  type FakeRoutes,
} from '../../../testing/render-app';

const therapist: Person = {
  ...client,
  id: '7c9d0e1f-2a3b-4c5d-8e6f-7a8b9c0d1e22',
  email: 'theo@hearth.example',
  displayName: 'Theo Therapist',
  roles: ['therapist'],
  timeZone: 'America/New_York',
};

const profile: TherapistProfile = {
  personId: therapist.id,
  displayName: therapist.displayName,
  timeZone: 'America/New_York',
  modalities: ['IPT', 'IPT-A'],
  formats: ['individual', 'group'],
  focusAreas: ['grief'],
  languages: ['en', 'pt-BR'],
  remote: true,
  inPersonLocationIds: [],
  availability: [
    { weekday: 1, from: '09:00', to: '12:00' },
    { weekday: 3, from: '14:00', to: '18:00' },
  ],
  updatedAt: '2026-05-01T10:00:00.000Z',
};

const profilePath = `/api/therapists/${therapist.id}/profile`;
const leeds = {
  id: '3e1f7a52-9c4d-4b2e-8f60-1a2b3c4d5e6f',
  name: 'Leeds Wellbeing Centre',
  addressLine: '1 Park Row',
  timeZone: null,
};
const york = {
  id: '4f2a8b63-0d5e-4c3f-9a71-2b3c4d5e6f70',
  name: 'York',
  addressLine: null,
  timeZone: null,
};

async function open(person: Person, path: string, routes: FakeRoutes = {}) {
  const requests: FakeRequest[] = [];
  renderApp(
    path,
    fakeApi(
      {
        ...signedInAs(person),
        [`GET ${profilePath}`]: { status: 200, body: profile },
        'GET /api/people': { status: 200, body: { people: [coordinator, therapist, client] } },
        'GET /api/sessions': { status: 200, body: { sessions: [] } },
        'GET /api/courses': { status: 200, body: { courses: [] } },
        'GET /api/practice/locations': { status: 200, body: { locations: [leeds, york] } },
        ...routes,
      },
      requests,
    ),
  );
  return requests;
}

const savedNote = () =>
  screen.getByRole('form', { name: 'Therapist profile' }).querySelector('[role=status]')!;
const row = (n: number) => screen.getByRole('group', { name: `Time ${n}` });

describe('therapist profile page', () => {
  it('shows a therapist their own profile, with times in their time zone', async () => {
    await open(therapist, '/profile');
    await screen.findByRole('heading', { level: 1, name: 'Your therapist profile' });
    expect((screen.getByLabelText('Approaches') as HTMLInputElement).value).toBe('IPT, IPT-A');
    expect((screen.getByLabelText('Languages') as HTMLInputElement).value).toBe('en, pt-BR');
    expect((screen.getByLabelText('Individual') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Couple') as HTMLInputElement).checked).toBe(false);
    expect((screen.getByLabelText('Grief and loss') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText('Sees clients remotely') as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText(/in your time zone/).textContent).toContain('America / New York');
    expect((within(row(2)).getByLabelText('Day') as HTMLSelectElement).value).toBe('3');
    expect((within(row(2)).getByLabelText('From') as HTMLInputElement).value).toBe('14:00');
    expect((within(row(2)).getByLabelText('To') as HTMLInputElement).value).toBe('18:00');
    expect(document.title).toBe('Your profile — Hearth');
  });

  it('says so when the practice has listed no places to see clients in person', async () => {
    await open(therapist, '/profile', {
      'GET /api/practice/locations': { status: 200, body: { locations: [] } },
    });
    await screen.findByText(/listed no places to see clients in person/);
    expect(screen.queryByLabelText(/Sees clients in person/)).toBeNull();
  });

  it('saves a changed profile and says so', async () => {
    let saved: unknown;
    const requests = await open(therapist, '/profile', {
      [`PUT ${profilePath}`]: (request) => {
        saved = request.body;
        return { status: 200, body: { ...profile, ...(request.body as object) } };
      },
    });
    await screen.findByLabelText('Approaches');
    fireEvent.change(screen.getByLabelText('Languages'), { target: { value: 'en, pl ,' } });
    fireEvent.click(screen.getByLabelText('Couple'));
    // The practice's locations, as its coordinators listed them.
    fireEvent.click(await screen.findByLabelText('Sees clients in person at York'));
    fireEvent.click(screen.getByLabelText('Sees clients in person at Leeds Wellbeing Centre'));
    fireEvent.click(within(row(1)).getByRole('button', { name: 'Remove time 1' }));
    fireEvent.click(screen.getByRole('button', { name: 'Add a time' }));
    fireEvent.change(within(row(2)).getByLabelText('Day'), { target: { value: '6' } });
    fireEvent.change(within(row(2)).getByLabelText('From'), { target: { value: '10:00' } });
    fireEvent.change(within(row(2)).getByLabelText('To'), { target: { value: '13:30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));

    await waitFor(() => expect(savedNote().textContent).toBe('Profile saved.'));
    expect(saved).toEqual({
      modalities: ['IPT', 'IPT-A'],
      formats: ['individual', 'couple', 'group'],
      focusAreas: ['grief'],
      languages: ['en', 'pl'],
      remote: true,
      // In the practice's order, not the order they were ticked in.
      inPersonLocationIds: [leeds.id, york.id],
      availability: [
        { weekday: 3, from: '14:00', to: '18:00' },
        { weekday: 6, from: '10:00', to: '13:30' },
      ],
    });
    const put = requests.find((r) => r.method === 'PUT');
    expect(put?.headers['authorization']).toMatch(/^Bearer /);
  });

  it('shows the API’s complaint about a time beside that row', async () => {
    await open(therapist, '/profile', {
      [`PUT ${profilePath}`]: apiError(400, 'validation_failed', 'Invalid request', {
        issues: [{ location: 'body', path: 'availability.1', message: 'must end after it starts' }],
      }),
    });
    await screen.findByLabelText('Approaches');
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));

    const message = await within(row(2)).findByText('Must end after it starts');
    expect(message).toBeTruthy();
    expect(row(2).getAttribute('aria-describedby')).toBe(message.closest('p')?.id);
    expect(within(row(1)).queryByText('Must end after it starts')).toBeNull();
    // Focus moves to the problem once the message is drawn (after the render that shows it).
    await waitFor(() => expect(document.activeElement?.id).toBe('profile-availability'));
    expect(savedNote().textContent).toBe('');
  });

  it('catches a missing language before sending anything', async () => {
    const requests = await open(therapist, '/profile');
    await screen.findByLabelText('Approaches');
    fireEvent.change(screen.getByLabelText('Languages'), { target: { value: 'English' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save profile' }));
    await screen.findByText('Must be a language tag such as en or pt-BR');
    expect(document.activeElement).toBe(screen.getByLabelText('Languages'));
    expect(requests.some((r) => r.method === 'PUT')).toBe(false);
  });

  it('lets a coordinator reach a therapist’s profile from People', async () => {
    await open(coordinator, '/people');
    const people = await screen.findByRole('region', { name: 'People' });
    const link = await within(people).findByRole('link', { name: 'Profile of Theo Therapist' });
    expect(within(people).getAllByRole('link')).toHaveLength(1);
    fireEvent.click(link);
    await screen.findByRole('heading', { level: 1, name: 'Profile of Theo Therapist' });
    expect(screen.getByText(/in the therapist’s time zone/).textContent).toContain(
      'America / New York',
    );
  });

  it('gives a therapist a link to their profile from home', async () => {
    await open(therapist, '/home');
    fireEvent.click(await screen.findByRole('link', { name: 'Your therapist profile' }));
    await screen.findByRole('heading', { level: 1, name: 'Your therapist profile' });
  });
});
