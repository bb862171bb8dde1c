import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PracticeLocation } from '@hearth/contracts';
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

const leeds: PracticeLocation = {
  id: '3e1f7a52-9c4d-4b2e-8f60-1a2b3c4d5e6f',
  name: 'Leeds Wellbeing Centre',
  addressLine: '1 Park Row',
  timeZone: 'Europe/London',
};
const york: PracticeLocation = {
  id: '4f2a8b63-0d5e-4c3f-9a71-2b3c4d5e6f70',
  name: 'York',
  addressLine: null,
  timeZone: null,
};

function open(locations: PracticeLocation[], routes: FakeRoutes = {}, who = coordinator) {
  const requests: FakeRequest[] = [];
  renderApp(
    '/account',
    fakeApi(
      {
        ...signedInAs(who),
        'GET /api/account': {
          status: 200,
          body: { ...who, emailVerified: true, pendingEmail: null },
        },
        'GET /api/account/devices': { status: 200, body: { devices: [] } },
        'GET /api/practice/sign-in-policy': {
          status: 200,
          body: { sessionMaxHours: 720, sessionIdleMinutes: 10080 },
        },
        'GET /api/practice/locations': { status: 200, body: { locations } },
        ...routes,
      },
      requests,
    ),
  );
  return requests;
}

const section = () => screen.findByRole('region', { name: 'Where your practice sees people' });
const saved = (requests: FakeRequest[]) =>
  requests.filter((r) => r.method === 'PUT' && r.path === '/api/practice/locations');

describe('practice locations on the account page', () => {
  it('is not shown to clients', async () => {
    open([], {}, client);
    await screen.findByRole('heading', { level: 1, name: 'Your account' });
    await screen.findByRole('region', { name: 'Signed-in devices' });
    expect(screen.queryByRole('region', { name: 'Where your practice sees people' })).toBeNull();
  });

  it('says video only when there are none, and adds the first', async () => {
    const requests = open([], {
      'PUT /api/practice/locations': (request) => ({
        status: 200,
        body: {
          locations: [
            {
              ...leeds,
              name: (request.body as { locations: { name: string }[] }).locations[0]!.name,
            },
          ],
        },
      }),
    });
    const list = await section();
    await within(list).findByText('No locations: sessions are by video only.');
    fireEvent.click(within(list).getByRole('button', { name: 'Add a location' }));
    const first = within(list).getByRole('group', { name: 'Location 1' });
    fireEvent.change(within(first).getByLabelText('Name'), {
      target: { value: 'Leeds Wellbeing Centre' },
    });
    fireEvent.click(within(list).getByRole('button', { name: 'Save locations' }));
    await within(list).findByText(/^Saved\./);
    expect(saved(requests)[0]?.body).toEqual({
      locations: [{ name: 'Leeds Wellbeing Centre', addressLine: null }],
    });
  });

  it('renames, removes and keeps what the form does not edit', async () => {
    const requests = open([leeds, york], {
      'PUT /api/practice/locations': { status: 200, body: { locations: [leeds] } },
    });
    const list = await section();
    const first = await within(list).findByRole('group', { name: 'Location 1' });
    expect((within(first).getByLabelText('Name') as HTMLInputElement).value).toBe(
      'Leeds Wellbeing Centre',
    );
    expect((within(first).getByLabelText('Address (optional)') as HTMLInputElement).value).toBe(
      '1 Park Row',
    );
    fireEvent.change(within(first).getByLabelText('Address (optional)'), {
      target: { value: '2 Park Row' },
    });
    fireEvent.click(within(list).getByRole('button', { name: 'Remove location 2' }));
    expect(within(list).queryByRole('group', { name: 'Location 2' })).toBeNull();
    fireEvent.click(within(list).getByRole('button', { name: 'Save locations' }));
    await waitFor(() => expect(saved(requests)).toHaveLength(1));
    expect(saved(requests)[0]?.body).toEqual({
      locations: [
        {
          id: leeds.id,
          name: 'Leeds Wellbeing Centre',
          addressLine: '2 Park Row',
          timeZone: 'Europe/London',
        },
      ],
    });
  });

  it('refuses text the text rule refuses before sending, beside its field', async () => {
    const requests = open([leeds]);
    const list = await section();
    const first = await within(list).findByRole('group', { name: 'Location 1' });
    fireEvent.change(within(first).getByLabelText('Name'), {
      target: { value: 'Leeds\u202Eevil' },
    });
    fireEvent.click(within(list).getByRole('button', { name: 'Save locations' }));
    expect(
      await within(first).findByText('Must not contain text-direction override characters'),
    ).toBeTruthy();
    expect(saved(requests)).toHaveLength(0);
  });

  it('puts the server’s complaint beside the location it is about', async () => {
    open([leeds, york], {
      'PUT /api/practice/locations': apiError(400, 'validation_failed', 'Invalid', {
        issues: [
          {
            location: 'body',
            path: 'locations.1.name',
            message: 'is already the name of location 1',
          },
        ],
      }),
    });
    const list = await section();
    const second = await within(list).findByRole('group', { name: 'Location 2' });
    fireEvent.change(within(second).getByLabelText('Name'), {
      target: { value: 'leeds wellbeing centre' },
    });
    fireEvent.click(within(list).getByRole('button', { name: 'Save locations' }));
    expect(await within(second).findByText('Is already the name of location 1')).toBeTruthy();
  });
});
