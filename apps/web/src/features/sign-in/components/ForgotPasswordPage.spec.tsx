import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  apiError,
  coordinator,
  fakeApi,
  renderApp,
  signedInAs,
  type FakeRequest,
} from '../../../testing/render-app';

const token = 'A'.repeat(43);
const click = async (name: string) => {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name }));
  });
};

describe('forgotten password', () => {
  it('is linked from sign-in, and says the same whatever the address', async () => {
    const requests: FakeRequest[] = [];
    renderApp(
      '/sign-in',
      fakeApi(
        { 'POST /api/auth/forgot-password': { status: 202, body: { sent: true } } },
        requests,
      ),
    );
    await act(async () => {
      fireEvent.click(await screen.findByRole('link', { name: 'Forgotten your password?' }));
    });
    await screen.findByRole('heading', { level: 1, name: 'Forgotten password' });
    expect(document.title).toBe('Forgotten password — Hearth');
    fireEvent.change(screen.getByLabelText('Email address'), {
      target: { value: ' Rowan@Example.org ' },
    });
    await click('Email me a link');
    const status = await screen.findByText(/we have emailed it a link/);
    expect(status.textContent).toContain('If rowan@example.org belongs to a Hearth account');
    expect(
      requests.filter((r) => r.path === '/api/auth/forgot-password').map((r) => r.body),
    ).toEqual([{ email: 'rowan@example.org' }]);
  });

  it('checks the address before sending anything', async () => {
    const requests: FakeRequest[] = [];
    renderApp('/forgot-password', fakeApi({}, requests));
    await screen.findByRole('heading', { level: 1, name: 'Forgotten password' });
    fireEvent.change(screen.getByLabelText('Email address'), { target: { value: 'not an email' } });
    await click('Email me a link');
    expect(screen.getByText('Must be an email address')).toBeDefined();
    expect(requests.some((r) => r.path === '/api/auth/forgot-password')).toBe(false);
  });
});

describe('choosing a new password from the emailed link', () => {
  it('sends the link’s token with the new password, signs this browser out and says so', async () => {
    const requests: FakeRequest[] = [];
    renderApp(
      `/reset-password/${token}`,
      fakeApi(
        {
          ...signedInAs(coordinator),
          'POST /api/auth/reset-password': { status: 200, body: { reset: true } },
        },
        requests,
      ),
    );
    await screen.findByRole('heading', { level: 1, name: 'Choose a new password' });
    await screen.findByRole('link', { name: coordinator.displayName });
    fireEvent.change(screen.getByLabelText('Password'), {
      target: { value: 'copper meadow falcon tundra' },
    });
    await click('Save the new password');
    await screen.findByText(/you are signed out on every device/);
    expect(requests.find((r) => r.path === '/api/auth/reset-password')?.body).toEqual({
      token,
      password: 'copper meadow falcon tundra',
    });
    expect(requests.some((r) => r.path === '/api/auth/logout')).toBe(true);
    expect(within(screen.getByRole('banner')).getByRole('link', { name: 'Sign in' })).toBeDefined();
  });

  it('says a used or expired link no longer works, and offers a new one', async () => {
    renderApp(
      `/reset-password/${token}`,
      fakeApi({
        'POST /api/auth/reset-password': apiError(404, 'not_found', 'This reset link is not valid'),
      }),
    );
    await screen.findByRole('heading', { level: 1, name: 'Choose a new password' });
    fireEvent.change(screen.getByLabelText('Password'), {
      target: { value: 'copper meadow falcon tundra' },
    });
    await click('Save the new password');
    const alert = within(screen.getByRole('main')).getByRole('alert');
    expect(alert.textContent).toMatch(/not valid any more/);
    expect(screen.getByRole('link', { name: 'Ask for a new one' }).getAttribute('href')).toBe(
      '/forgot-password',
    );
  });
});
