import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  apiError,
  client,
  fakeApi,
  renderApp,
  tokensFor,
  type FakeReply,
  type FakeRequest,
  type FakeRoutes,
} from '../../../testing/render-app';

const token = 'Qk9XeHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh';
const preview = {
  practiceName: 'Elm Street Practice',
  email: client.email,
  displayName: 'Cleo',
  roles: ['client'],
  expiresAt: '2026-07-16T08:30:00.000Z',
};

async function openInvitation(previewReply: FakeRoutes[string], acceptReply?: FakeReply) {
  const requests: FakeRequest[] = [];
  renderApp(
    `/invitations/${token}`,
    fakeApi(
      {
        [`GET /api/invitations/${token}`]: previewReply,
        ...(acceptReply ? { [`POST /api/invitations/${token}/accept`]: acceptReply } : {}),
      },
      requests,
    ),
  );
  await screen.findByText('Service: ready');
  return requests;
}

const notValid = apiError(404, 'not_found', 'This invitation link is not valid or has expired');

describe('accepting an invitation', () => {
  it('says kindly that a link is not valid or has expired, and to ask for a new one', async () => {
    await openInvitation(notValid);
    await screen.findByRole('heading', { level: 1, name: 'This invitation link does not work' });
    const main = screen.getByRole('main');
    expect(main.textContent).toMatch(/not valid or has expired/);
    expect(main.textContent).toMatch(/ask your practice to send you a new one/);
    expect(within(main).queryByLabelText('Password')).toBeNull();
  });

  it('shows what the invitation is for, with the name ready to edit', async () => {
    await openInvitation({ status: 200, body: preview });
    await screen.findByRole('heading', { level: 1, name: 'Join Elm Street Practice' });
    const main = screen.getByRole('main');
    expect(main.textContent).toContain(client.email);
    expect(main.textContent).toContain('Client');
    expect((screen.getByLabelText('Your name') as HTMLInputElement).value).toBe('Cleo');
    expect((screen.getByLabelText('Time zone') as HTMLSelectElement).value).toBe(
      Intl.DateTimeFormat().resolvedOptions().timeZone,
    );
    expect(document.title).toBe('Accept your invitation — Hearth');
  });

  it('accepts with a password, signs in and goes to the client’s home', async () => {
    const requests = await openInvitation(
      { status: 200, body: preview },
      { status: 201, body: tokensFor(client) },
    );
    await screen.findByLabelText('Password');
    fireEvent.change(screen.getByLabelText('Your name'), { target: { value: 'Cleo Client' } });
    fireEvent.change(screen.getByLabelText('Password'), {
      target: { value: 'my own long passphrase' },
    });
    fireEvent.change(screen.getByLabelText('Time zone'), { target: { value: 'Europe/Madrid' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Accept and sign in' }));
    });
    await screen.findByRole(
      'heading',
      { level: 1, name: 'Hello, Cleo Client' },
      // The home page is fetched when first opened.
      { timeout: 5_000 },
    );
    expect(requests.find((r) => r.method === 'POST' && r.path.endsWith('/accept'))?.body).toEqual({
      displayName: 'Cleo Client',
      password: 'my own long passphrase',
      timeZone: 'Europe/Madrid',
    });
    expect(screen.queryByRole('heading', { name: 'People' })).toBeNull();
  });

  it('explains when the link stops working between opening and accepting', async () => {
    await openInvitation({ status: 200, body: preview }, notValid);
    await screen.findByLabelText('Password');
    fireEvent.change(screen.getByLabelText('Password'), {
      target: { value: 'my own long passphrase' },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Accept and sign in' }));
    });
    const alert = within(screen.getByRole('main')).getByRole('alert');
    expect(alert.textContent).toMatch(/not valid or has expired.*ask your practice/);
    expect(document.activeElement).toBe(alert);
  });

  it('offers to try again when the network fails, and recovers', async () => {
    let online = false;
    await openInvitation(() => {
      if (!online) throw new TypeError('fetch failed');
      return { status: 200, body: preview };
    });
    const retry = await screen.findByRole('button', { name: 'Try again' });
    expect(screen.getByRole('alert').textContent).toMatch(/could not reach Hearth/);
    online = true;
    await act(async () => {
      fireEvent.click(retry);
    });
    await screen.findByRole('heading', { level: 1, name: 'Join Elm Street Practice' });
  });
});
