import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  apiError,
  fakeApi,
  renderApp,
  type FakeReply,
  type FakeRequest,
} from '../../../testing/render-app';

async function openSignUp(signUp: FakeReply) {
  const requests: FakeRequest[] = [];
  renderApp('/sign-up', fakeApi({ 'POST /api/auth/sign-up': signUp }, requests));
  await screen.findByText('Service: ready');
  // The page is fetched when first opened.
  await screen.findByRole('heading', { level: 1, name: 'Create a practice' });
  return requests;
}

function fillIn(values: Record<string, string>) {
  for (const [label, value] of Object.entries(values)) {
    fireEvent.change(screen.getByLabelText(label), { target: { value } });
  }
}

const complete = {
  'Practice name': 'Elm Street Practice',
  'Your name': 'Cora Coordinator',
  'Email address': 'cora@hearth.example',
  Password: 'a long enough passphrase',
};

async function submit() {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Create practice' }));
  });
}

const errorOf = (input: HTMLElement) =>
  (input.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .map((id) => document.getElementById(id)?.textContent)
    .find((text) => text?.startsWith('Error: '));

describe('sign-up page', () => {
  it('asks for everything a practice needs and says how long the password must be', async () => {
    await openSignUp({ status: 202, body: { sent: true } });
    expect(document.title).toBe('Create a practice — Hearth');
    for (const label of ['Practice name', 'Your name', 'Email address']) {
      expect(screen.getByLabelText(label).tagName).toBe('INPUT');
    }
    const password = screen.getByLabelText('Password');
    expect(password.getAttribute('type')).toBe('password');
    expect(password.getAttribute('autocomplete')).toBe('new-password');
    const [hintId] = (password.getAttribute('aria-describedby') ?? '').split(' ');
    expect(document.getElementById(hintId ?? '')?.textContent).toMatch(/At least 12 characters/);
  });

  it('says why a password is weak as it is typed, and when it is strong enough', async () => {
    await openSignUp({ status: 202, body: { sent: true } });
    fillIn({ 'Your name': 'Cora Coordinator', 'Email address': 'cora@hearth.example' });
    const password = screen.getByLabelText('Password');
    const strengthOf = () =>
      document.getElementById(
        (password.getAttribute('aria-describedby') ?? '').split(' ').at(-1) ?? '',
      );
    expect(strengthOf()?.getAttribute('aria-live')).toBe('polite');
    fillIn({ Password: 'passwordpassword' });
    // The estimator and its dictionaries load on first use; slow in jsdom on a busy machine.
    await screen.findByText(/Not strong enough/, {}, { timeout: 20_000 });
    expect(strengthOf()?.textContent).toMatch(/common|guess|Add/i);
    fillIn({ Password: 'coordinator-cora-1987' });
    await screen.findByText(/your own name or email address/);
    fillIn({ Password: 'orchid lantern velvet harbour' });
    await screen.findByText('Strong enough.');
  }, 30_000);

  it('defaults the time zone to the browser’s and offers the whole IANA list', async () => {
    await openSignUp({ status: 202, body: { sent: true } });
    const zone = screen.getByLabelText('Time zone') as HTMLSelectElement;
    expect(zone.value).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
    const offered = Array.from(zone.options, (option) => option.value);
    for (const known of Intl.supportedValuesOf('timeZone')) expect(offered).toContain(known);
    expect(within(zone).getByRole('option', { name: 'America / New York' })).toBeDefined();
  });

  it('sends the sign-up with the chosen time zone and says to check the email', async () => {
    const requests = await openSignUp({ status: 202, body: { sent: true } });
    fillIn(complete);
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Europe/London' } });
    await submit();
    await screen.findByRole('heading', { level: 1, name: 'Check your email' });
    const sent = screen.getByText(/We sent an email to/);
    expect(sent.closest('[role="status"]')).not.toBeNull();
    expect(sent.textContent).toContain('cora@hearth.example');
    expect(sent.textContent).toContain('nothing is created until then');
    expect(requests.find((r) => r.path === '/api/auth/sign-up')?.body).toEqual({
      practiceName: 'Elm Street Practice',
      displayName: 'Cora Coordinator',
      email: 'cora@hearth.example',
      password: 'a long enough passphrase',
      timeZone: 'Europe/London',
    });
    // Not signed in: Home is still behind sign-in.
    expect(screen.queryByRole('heading', { name: /^Hello, / })).toBeNull();
  });

  it('shows each field error from the API beside its field', async () => {
    await openSignUp(
      apiError(400, 'validation_failed', 'Invalid request: 2 problems', {
        issues: [
          { location: 'body', path: 'timeZone', message: 'must be an IANA time zone' },
          { location: 'body', path: 'practiceName', message: 'must be at least 2 characters' },
        ],
      }),
    );
    fillIn(complete);
    await submit();
    const practice = screen.getByLabelText('Practice name');
    expect(errorOf(practice)).toBe('Error: Must be at least 2 characters');
    expect(errorOf(screen.getByLabelText('Time zone'))).toBe('Error: Must be an IANA time zone');
    expect(errorOf(screen.getByLabelText('Email address'))).toBeUndefined();
    expect(screen.getByLabelText('Email address').getAttribute('aria-invalid')).toBeNull();
    expect(document.activeElement).toBe(practice);
  });

  it('refuses a short password before sending it, saying why', async () => {
    const requests = await openSignUp({ status: 202, body: { sent: true } });
    fillIn({ ...complete, Password: 'too short' });
    await submit();
    expect(requests.some((r) => r.path === '/api/auth/sign-up')).toBe(false);
    expect(errorOf(screen.getByLabelText('Password'))).toBe(
      'Error: Must be at least 12 characters',
    );
  });
});
