import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  apiError,
  coordinator,
  fakeApi,
  renderApp,
  type FakeRequest,
  type FakeRoutes,
} from '../../../testing/render-app';

const practiceId = coordinator.practiceId;
const formPath = `/api/practices/${practiceId}/therapy-request-form`;
const submitPath = `/api/practices/${practiceId}/therapy-requests`;
const form = {
  practiceName: 'Northside IPT',
  formToken: 'token-1',
  minFillSeconds: 3,
  locations: [] as { id: string; name: string; addressLine: string | null }[],
};
const leeds = {
  id: '3e1f7a52-9c4d-4b2e-8f60-1a2b3c4d5e6f',
  name: 'Leeds Wellbeing Centre',
  addressLine: '1 Park Row, Leeds',
};
const york = { id: '4f2a8b63-0d5e-4c3f-9a71-2b3c4d5e6f70', name: 'York', addressLine: null };
const received = {
  status: 201,
  body: { reference: 'HR-7K3M-9QXD', receivedAt: '2026-05-01T10:00:00.000Z' },
};

function open(routes: FakeRoutes = {}, locations = form.locations) {
  const requests: FakeRequest[] = [];
  renderApp(
    `/practices/${practiceId}/request-therapy`,
    fakeApi(
      { [`GET ${formPath}`]: { status: 200, body: { ...form, locations } }, ...routes },
      requests,
    ),
  );
  return requests;
}

const sentBody = (requests: FakeRequest[]) =>
  requests.find((r) => r.method === 'POST' && r.path === submitPath)?.body;

async function fillIn() {
  await screen.findByRole('heading', { level: 1, name: 'Ask Northside IPT for therapy' });
  fireEvent.change(screen.getByLabelText('Your name'), { target: { value: 'Sam' } });
  fireEvent.change(screen.getByLabelText('Email address'), {
    target: { value: 'sam@example.org' },
  });
  fireEvent.change(screen.getByLabelText('What brings you'), {
    target: { value: 'We argue a lot.' },
  });
  fireEvent.click(screen.getByLabelText('Interpersonal disputes'));
  fireEvent.click(screen.getByLabelText(/^Couple/));
  fireEvent.click(screen.getByLabelText('Polish'));
  fireEvent.change(screen.getByLabelText('Your time zone'), {
    target: { value: 'Europe/London' },
  });
}

describe('RequestTherapyPage', () => {
  it('sends the request without an account and shows the reference', async () => {
    const requests = open({
      [`POST ${submitPath}`]: {
        status: 201,
        body: { reference: 'HR-7K3M-9QXD', receivedAt: '2026-05-01T10:00:00.000Z' },
      },
    });
    await fillIn();
    fireEvent.click(screen.getByLabelText(/may contact me by email/));
    fireEvent.click(screen.getByRole('button', { name: 'Send my request' }));
    expect(await screen.findByText('HR-7K3M-9QXD')).toBeTruthy();
    const sent = requests.find((r) => r.method === 'POST' && r.path.includes('therapy'));
    expect(sent?.headers['authorization']).toBeUndefined();
    expect(sent?.body).toMatchObject({
      name: 'Sam',
      email: 'sam@example.org',
      focusAreas: ['disputes'],
      format: 'couple',
      setting: 'remote',
      languages: ['en', 'pl'],
      timeZone: 'Europe/London',
      availability: [{ weekday: 1, from: '18:00', to: '20:00' }],
      consent: true,
      formToken: 'token-1',
    });
    expect(sent?.body).not.toHaveProperty('website');
  });

  it('asks for consent before sending anything', async () => {
    const requests = open();
    await fillIn();
    fireEvent.click(screen.getByRole('button', { name: 'Send my request' }));
    expect(await screen.findByText('Must be given so the practice can contact you')).toBeTruthy();
    expect(requests.some((r) => r.path === submitPath)).toBe(false);
  });

  it('puts the server’s field errors and its refusals where they belong', async () => {
    open({
      [`POST ${submitPath}`]: apiError(400, 'validation_failed', 'Invalid', {
        issues: [
          {
            location: 'body',
            path: 'availability.0',
            message: 'overlaps window 1 on the same day',
          },
          {
            location: 'body',
            path: 'formToken',
            message: 'was sent sooner than a person could fill the form in',
          },
        ],
      }),
    });
    await fillIn();
    fireEvent.click(screen.getByLabelText(/may contact me by email/));
    fireEvent.click(screen.getByRole('button', { name: 'Send my request' }));
    expect(await screen.findByText('Overlaps window 1 on the same day')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('sooner than a person could fill');
  });

  it('fetches a fresh form when the server says the form expired, keeping the answers', async () => {
    const message = 'has expired or is not valid; reload the page to get a fresh form';
    const requests = open({
      [`POST ${submitPath}`]: apiError(400, 'validation_failed', 'Invalid', {
        reason: 'form_expired',
        issues: [{ location: 'body', path: 'formToken', message }],
      }),
    });
    await fillIn();
    fireEvent.click(screen.getByLabelText(/may contact me by email/));
    fireEvent.click(screen.getByRole('button', { name: 'Send my request' }));
    await waitFor(
      () =>
        expect(requests.filter((r) => r.method === 'GET' && r.path === formPath)).toHaveLength(2),
      { timeout: 10_000 },
    );
    expect((screen.getByLabelText('Your name') as HTMLInputElement).value).toBe('Sam');
  });

  it('does not fetch a fresh form for any other refusal that mentions reloading', async () => {
    const requests = open({
      [`POST ${submitPath}`]: apiError(400, 'validation_failed', 'Invalid', {
        issues: [{ location: 'body', path: 'concern', message: 'do not reload this' }],
      }),
    });
    await fillIn();
    fireEvent.click(screen.getByLabelText(/may contact me by email/));
    fireEvent.click(screen.getByRole('button', { name: 'Send my request' }));
    expect(await screen.findByText(/do not reload this/i, {}, { timeout: 10_000 })).toBeTruthy();
    expect(requests.filter((r) => r.method === 'GET' && r.path === formPath)).toHaveLength(1);
  });

  it('says how long to wait after too many requests', async () => {
    open({
      [`POST ${submitPath}`]: apiError(429, 'rate_limited', 'Too many', {
        retryAfterSeconds: 120,
      }),
    });
    await fillIn();
    fireEvent.click(screen.getByLabelText(/may contact me by email/));
    fireEvent.click(screen.getByRole('button', { name: 'Send my request' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain('Please wait 120 seconds'),
    );
  });

  it('tells people when the practice in the link does not exist', async () => {
    open({ [`GET ${formPath}`]: apiError(404, 'not_found', 'No such practice') });
    expect(await screen.findByText(/can’t find this practice/)).toBeTruthy();
  });

  it('offers video only when the practice lists no locations', async () => {
    const requests = open({ [`POST ${submitPath}`]: received });
    await fillIn();
    expect(screen.getByText(/Northside IPT sees people by video/)).toBeTruthy();
    expect(screen.queryByRole('radio', { name: /In person/ })).toBeNull();
    fireEvent.click(screen.getByLabelText(/may contact me by email/));
    fireEvent.click(screen.getByRole('button', { name: 'Send my request' }));
    await screen.findByText('HR-7K3M-9QXD');
    expect(sentBody(requests)).toMatchObject({ setting: 'remote' });
    expect(sentBody(requests)).not.toHaveProperty('locationId');
  });

  it('offers online and each of the practice’s locations, and sends the one chosen', async () => {
    const requests = open({ [`POST ${submitPath}`]: received }, [leeds, york]);
    await fillIn();
    const where = screen.getByRole('group', { name: 'Where' });
    const radios = within(where).getAllByRole('radio');
    expect(radios.map((r) => (r as HTMLInputElement).labels?.[0]?.textContent)).toEqual([
      'Online, by video from wherever I am',
      'In person at Leeds Wellbeing Centre',
      'In person at York',
    ]);
    expect((radios[0] as HTMLInputElement).checked).toBe(true);
    // The address is read out with its location.
    const atLeeds = within(where).getByRole('radio', {
      name: 'In person at Leeds Wellbeing Centre',
    });
    expect(atLeeds.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(atLeeds.getAttribute('aria-describedby')!)?.textContent).toBe(
      '1 Park Row, Leeds',
    );
    // "Video too" is asked only once a location is chosen.
    expect(within(where).queryByRole('checkbox')).toBeNull();
    fireEvent.click(within(where).getByRole('radio', { name: 'In person at York' }));
    fireEvent.click(within(where).getByRole('checkbox', { name: /by video would suit me too/ }));
    fireEvent.click(screen.getByLabelText(/may contact me by email/));
    fireEvent.click(screen.getByRole('button', { name: 'Send my request' }));
    await screen.findByText('HR-7K3M-9QXD');
    expect(sentBody(requests)).toMatchObject({ setting: 'either', locationId: york.id });
  });

  it('sends in person at a location, and shows the server’s complaint about it under Where', async () => {
    const requests = open(
      {
        [`POST ${submitPath}`]: apiError(400, 'validation_failed', 'Invalid', {
          issues: [
            {
              location: 'body',
              path: 'locationId',
              message: 'is not a place this practice sees people; reload the page and choose again',
            },
          ],
        }),
      },
      [leeds, york],
    );
    await fillIn();
    const where = screen.getByRole('group', { name: 'Where' });
    fireEvent.click(
      within(where).getByRole('radio', { name: 'In person at Leeds Wellbeing Centre' }),
    );
    fireEvent.click(screen.getByLabelText(/may contact me by email/));
    fireEvent.click(screen.getByRole('button', { name: 'Send my request' }));
    expect(
      await within(where).findByText(
        'Is not a place this practice sees people; reload the page and choose again',
      ),
    ).toBeTruthy();
    expect(sentBody(requests)).toMatchObject({ setting: 'in_person', locationId: leeds.id });
    // Focus goes to the first location, where the problem is.
    await waitFor(() => expect(document.activeElement?.getAttribute('type')).toBe('radio'));
  });
});
