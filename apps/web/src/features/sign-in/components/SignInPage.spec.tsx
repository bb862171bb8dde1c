import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  apiError,
  coordinator,
  fakeApi,
  renderApp,
  signedInAs,
  tokensFor,
  type FakeReply,
  type FakeRequest,
} from '../../../testing/render-app';

async function openSignIn(login: FakeReply | (() => Promise<FakeReply>)) {
  const requests: FakeRequest[] = [];
  const view = renderApp('/sign-in', fakeApi({ 'POST /api/auth/login': login }, requests));
  await screen.findByText('Service: ready');
  return { ...view, requests };
}

function fillIn(email: string, password: string) {
  fireEvent.change(screen.getByLabelText('Email address'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
}

async function submit() {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  });
}

const logins = (requests: FakeRequest[]) => requests.filter((r) => r.path === '/api/auth/login');

describe('sign-in page', () => {
  it('signs in with email and password and goes to the home page', async () => {
    const { requests } = await openSignIn({ status: 200, body: tokensFor(coordinator) });
    expect(document.title).toBe('Sign in — Hearth');
    fillIn('Cora@Hearth.example', 'correct horse battery');
    await submit();
    await screen.findByRole('heading', { level: 1, name: 'Hello, Cora Coordinator' });
    expect(logins(requests).map((r) => r.body)).toEqual([
      { email: 'cora@hearth.example', password: 'correct horse battery' },
    ]);
    // The refresh cookie is httpOnly; the only credential the page holds is in memory.
    expect(window.localStorage.length).toBe(0);
  });

  it('shows the API’s message on a 401, in an alert that takes focus', async () => {
    await openSignIn(apiError(401, 'unauthenticated', 'Email or password is incorrect'));
    fillIn('cora@hearth.example', 'wrong password');
    await submit();
    const alert = within(screen.getByRole('main')).getByRole('alert');
    expect(alert.textContent).toBe('Email or password is incorrect');
    expect(document.activeElement).toBe(alert);
    expect(screen.getByRole('heading', { level: 1, name: 'Sign in' })).toBeDefined();
  });

  it('says how many seconds to wait on a 429', async () => {
    await openSignIn(
      apiError(429, 'rate_limited', 'Too many attempts; please wait and try again', {
        retryAfterSeconds: 175,
      }),
    );
    fillIn('cora@hearth.example', 'another guess');
    await submit();
    expect(within(screen.getByRole('main')).getByRole('alert').textContent).toBe(
      'Too many attempts. Please wait 175 seconds (about 3 minutes), then try again.',
    );
  });

  it('shows the API’s field errors beside the fields they name, and focuses the first', async () => {
    await openSignIn(
      apiError(400, 'validation_failed', 'Invalid request: 2 problems', {
        issues: [
          { location: 'body', path: 'password', message: 'must be at most 200 characters' },
          { location: 'body', path: 'email', message: 'must be at most 254 characters' },
        ],
      }),
    );
    fillIn('cora@hearth.example', 'a password the server dislikes');
    await submit();

    const email = screen.getByLabelText('Email address');
    const password = screen.getByLabelText('Password');
    for (const [input, message] of [
      [email, 'Must be at most 254 characters'],
      [password, 'Must be at most 200 characters'],
    ] as const) {
      expect(input.getAttribute('aria-invalid')).toBe('true');
      const described = input.getAttribute('aria-describedby') ?? '';
      expect(document.getElementById(described)?.textContent).toBe(`Error: ${message}`);
    }
    expect(document.activeElement).toBe(email);
    expect(within(screen.getByRole('main')).getByRole('alert').textContent).toBe('');
  });

  it('checks the fields with the contract before sending anything', async () => {
    const { requests } = await openSignIn({ status: 200, body: tokensFor(coordinator) });
    fillIn('not an email', '');
    await submit();
    expect(logins(requests)).toEqual([]);
    const email = screen.getByLabelText('Email address');
    expect(email.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Must be an email address')).toBeDefined();
    expect(screen.getByText('Must not be empty')).toBeDefined();
    expect(document.activeElement).toBe(email);
  });

  it('disables the button while signing in, so nobody signs in twice', async () => {
    let answer: ((reply: FakeReply) => void) | undefined;
    const { requests } = await openSignIn(
      () => new Promise<FakeReply>((resolve) => (answer = resolve)),
    );
    fillIn('cora@hearth.example', 'correct horse battery');
    await submit();
    const busy = screen.getByRole('button', { name: 'Signing in…' }) as HTMLButtonElement;
    expect(busy.disabled).toBe(true);
    fireEvent.submit(busy.closest('form')!);
    expect(logins(requests)).toHaveLength(1);

    await act(async () =>
      answer?.(apiError(401, 'unauthenticated', 'Email or password is incorrect')),
    );
    expect((screen.getByRole('button', { name: 'Sign in' }) as HTMLButtonElement).disabled).toBe(
      false,
    );
  });

  it('links to creating a practice', async () => {
    await openSignIn({ status: 200, body: tokensFor(coordinator) });
    const link = within(screen.getByRole('main')).getByRole('link', { name: 'Create a practice' });
    expect(link.getAttribute('href')).toBe('/sign-up');
  });

  it('sends someone who is already signed in to their home page', async () => {
    renderApp('/sign-in', fakeApi(signedInAs(coordinator)));
    await screen.findByRole('heading', { level: 1, name: 'Hello, Cora Coordinator' });
  });
});
