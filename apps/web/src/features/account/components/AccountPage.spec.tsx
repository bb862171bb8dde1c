import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Account, Device } from '@hearth/contracts';
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

const account: Account = { ...client, emailVerified: true, pendingEmail: null };
const devices: Device[] = [
  {
    id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c01',
    label: 'Firefox on Linux',
    signedInAt: '2027-01-04T09:00:00.000Z',
    lastUsedAt: '2027-01-05T09:00:00.000Z',
    current: true,
  },
  {
    id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c02',
    label: 'Safari on iPhone',
    signedInAt: '2027-01-03T09:00:00.000Z',
    lastUsedAt: '2027-01-04T18:00:00.000Z',
    current: false,
  },
];

function open(routes: FakeRoutes = {}, who = client, mine = account) {
  const requests: FakeRequest[] = [];
  let listed = devices;
  const view = renderApp(
    '/account',
    fakeApi(
      {
        ...signedInAs(who),
        'GET /api/account': { status: 200, body: mine },
        'GET /api/account/devices': () => ({ status: 200, body: { devices: listed } }),
        [`POST /api/account/devices/${devices[1]!.id}/sign-out`]: () => {
          listed = [devices[0]!];
          return { status: 200, body: { signedOut: true } };
        },
        ...routes,
      },
      requests,
    ),
  );
  return { ...view, requests };
}

const region = (name: string) => screen.findByRole('region', { name });

describe('account page', () => {
  it('is reached from the name in the header', async () => {
    renderApp(
      '/home',
      fakeApi({ ...signedInAs(client), 'GET /api/account': { status: 200, body: account } }),
    );
    const link = await within(screen.getByRole('banner')).findByRole('link', {
      name: client.displayName,
    });
    await act(async () => {
      fireEvent.click(link);
    });
    await screen.findByRole('heading', { level: 1, name: 'Your account' });
  });

  it('lists the signed-in devices, marks this one, and signs out another', async () => {
    const { requests } = open();
    const section = await region('Signed-in devices');
    await within(section).findByText('Safari on iPhone');
    const items = within(section).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringContaining('Firefox on Linux (this device)'),
      expect.not.stringContaining('(this device)'),
    ]);
    await act(async () => {
      fireEvent.click(within(section).getByRole('button', { name: 'Sign out Safari on iPhone' }));
    });
    await within(section).findByText('Safari on iPhone is signed out.');
    expect(within(section).getAllByRole('listitem')).toHaveLength(1);
    expect(requests.some((r) => r.path.endsWith(`${devices[1]!.id}/sign-out`))).toBe(true);
  });

  it('signs out everywhere and lands on sign-in', async () => {
    const { requests } = open({
      'POST /api/account/sign-out-everywhere': { status: 200, body: { signedOut: true } },
    });
    const section = await region('Signed-in devices');
    await within(section).findByText('Safari on iPhone');
    await act(async () => {
      fireEvent.click(within(section).getByRole('button', { name: 'Sign out everywhere' }));
    });
    await screen.findByRole('heading', { level: 1, name: 'Sign in' });
    expect(requests.some((r) => r.path === '/api/account/sign-out-everywhere')).toBe(true);
  });

  it('changes the password with the current one, showing a wrong one beside its field', async () => {
    let tries = 0;
    open({
      'POST /api/account/password': () => {
        tries += 1;
        return tries === 1
          ? apiError(400, 'validation_failed', 'Invalid body.currentPassword', {
              issues: [
                {
                  location: 'body',
                  path: 'currentPassword',
                  message: 'is not your current password',
                },
              ],
            })
          : { status: 200, body: { changed: true } };
      },
    });
    const section = await region('Password');
    fireEvent.change(within(section).getByLabelText('Current password'), {
      target: { value: 'a wrong guess' },
    });
    fireEvent.change(within(section).getByLabelText('New password'), {
      target: { value: 'copper meadow falcon tundra' },
    });
    await act(async () => {
      fireEvent.click(within(section).getByRole('button', { name: 'Change password' }));
    });
    const current = within(section).getByLabelText('Current password');
    expect(current.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(current);
    expect(within(section).getByText('Is not your current password')).toBeDefined();
    await act(async () => {
      fireEvent.click(within(section).getByRole('button', { name: 'Change password' }));
    });
    await within(section).findByText(/Your other devices are signed out/);
  });

  it('says an address is waiting to be confirmed and sends the link again', async () => {
    const { requests } = open(
      { 'POST /api/account/email/verification': { status: 202, body: { sent: true } } },
      client,
      { ...account, pendingEmail: 'cleo.new@hearth.example' },
    );
    const section = await region('Email address');
    await within(section).findByText('cleo.new@hearth.example');
    await act(async () => {
      fireEvent.click(
        within(section).getByRole('button', { name: 'Send the confirmation link again' }),
      );
    });
    await within(section).findByText(/new confirmation link to cleo.new@hearth.example/);
    expect(requests.some((r) => r.path === '/api/account/email/verification')).toBe(true);
  });

  it('shows clients no practice settings', async () => {
    open();
    await region('Signed-in devices');
    expect(screen.queryByRole('region', { name: 'Sign-in limits for your practice' })).toBeNull();
  });

  it('shows coordinators their practice’s sign-in limits', async () => {
    open(
      {
        'GET /api/practice/sign-in-policy': {
          status: 200,
          body: { sessionMaxHours: 720, sessionIdleMinutes: 10080, requireStaffSecondFactor: true },
        },
        'GET /api/account/second-factors': {
          status: 200,
          body: { totp: true, recoveryCodesLeft: 8, passkeys: [], required: true },
        },
      },
      coordinator,
      { ...account, ...coordinator },
    );
    const section = await region('Sign-in limits for your practice');
    expect(
      (await within(section).findByLabelText('Longest sign-in, in hours')).getAttribute('value'),
    ).toBe('720');
    const rule = within(section).getByRole('checkbox', {
      name: 'Require a second factor for therapists and coordinators',
    });
    expect((rule as HTMLInputElement).checked).toBe(true);
    // Staff see their own second factors.
    const factors = await region('Second factor');
    await within(factors).findByText('Authenticator app: on');
    within(factors).getByText('Recovery codes: 8 unused');
    within(factors).getByRole('button', { name: 'Make new recovery codes' });
  });
});
