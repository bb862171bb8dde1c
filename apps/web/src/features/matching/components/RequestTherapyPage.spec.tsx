import { fireEvent, screen, waitFor } from '@testing-library/react';
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
const form = { practiceName: 'Northside IPT', formToken: 'token-1', minFillSeconds: 3 };

function open(routes: FakeRoutes = {}) {
  const requests: FakeRequest[] = [];
  renderApp(
    `/practices/${practiceId}/request-therapy`,
    fakeApi({ [`GET ${formPath}`]: { status: 200, body: form }, ...routes }, requests),
  );
  return requests;
}

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
});
