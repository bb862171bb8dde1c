import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
import type { SentInvitation } from '../hooks/useInvitations';

const now = new Date('2026-07-10T12:00:00.000Z');

function sent(overrides: Partial<SentInvitation> & Pick<SentInvitation, 'id'>): SentInvitation {
  return {
    email: 'someone@hearth.example',
    displayName: 'Someone',
    roles: ['client'],
    expiresAt: '2026-07-16T08:30:00.000Z',
    status: 'pending',
    createdAt: '2026-07-09T08:30:00.000Z',
    ...overrides,
  };
}

const pending = sent({
  id: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d01',
  email: 'pia@hearth.example',
  displayName: 'Pia Pending',
  roles: ['therapist', 'client'],
});
const lately = sent({
  id: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d02',
  email: 'eli@hearth.example',
  displayName: 'Eli Expired',
  expiresAt: '2026-07-05T17:00:00.000Z',
  status: 'expired',
});
const longAgo = sent({
  id: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d03',
  displayName: 'Olga Oldexpiry',
  expiresAt: '2026-05-01T17:00:00.000Z',
  status: 'expired',
});
const accepted = sent({
  id: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d04',
  displayName: 'Ann Accepted',
  status: 'accepted',
});
const revoked = sent({
  id: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d05',
  displayName: 'Rex Revoked',
  status: 'revoked',
});

const newPath = '/invitations/TmV3TmV3TmV3TmV3TmV3TmV3TmV3TmV3TmV3TmV3TmV';

async function openHome(routes: FakeRoutes) {
  const requests: FakeRequest[] = [];
  renderApp(
    '/people',
    fakeApi(
      {
        ...signedInAs(coordinator),
        'GET /api/people': { status: 200, body: { people: [coordinator, client] } },
        'GET /api/courses': { status: 200, body: { courses: [] } },
        ...routes,
      },
      requests,
    ),
  );
  const section = await screen.findByRole('region', { name: 'Pending invitations' });
  return { requests, section };
}

/** A fake list that the revoke and resend routes change, as the API would. */
function practiceInvitations(initial: SentInvitation[]) {
  let invitations = initial;
  const routes: FakeRoutes = {
    'GET /api/invitations': () => ({ status: 200, body: { invitations } }),
  };
  return {
    routes,
    set(next: SentInvitation[]) {
      invitations = next;
    },
  };
}

const listed = (section: HTMLElement) =>
  within(section)
    .queryAllByRole('listitem')
    .map((item) => item.querySelector('.people__name')?.textContent);

const gets = (requests: FakeRequest[]) =>
  requests.filter((r) => r.method === 'GET' && r.path === '/api/invitations');

describe('pending invitations on the coordinator’s home page', () => {
  beforeEach(() => {
    // Only the clock: "recently expired" is measured from now; timers stay real.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('lists pending and lately expired invitations, with the expiry on the coordinator’s clock', async () => {
    const list = practiceInvitations([pending, accepted, lately, revoked, longAgo]);
    const { requests, section } = await openHome(list.routes);
    await within(section).findByText('Pia Pending');
    expect(listed(section)).toEqual(['Pia Pending', 'Eli Expired']);
    const [first, second] = within(section).getAllByRole('listitem') as [HTMLElement, HTMLElement];
    expect(first.textContent).toContain('pia@hearth.example');
    expect(first.textContent).toContain('Therapist and client');
    // 08:30 UTC is 09:30 in London in July.
    expect(first.textContent).toContain('Expires on Thursday, 16 July 2026 at 09:30 BST');
    expect(second.textContent).toContain('Expired on Sunday, 5 July 2026 at 18:00 BST');
    expect(
      within(first).getByRole('button', { name: 'Revoke the invitation for Pia Pending' }),
    ).toBeTruthy();
    // An expired link is dead already: it can only be replaced.
    expect(within(second).queryByRole('button', { name: /^Revoke/ })).toBeNull();
    expect(
      within(second).getByRole('button', { name: 'Send a new link to Eli Expired' }),
    ).toBeTruthy();
    expect(gets(requests)[0]?.headers['authorization']).toBe('Bearer access-1');
  });

  it('says so when nothing waits for an answer', async () => {
    const { section } = await openHome(practiceInvitations([accepted, longAgo]).routes);
    await within(section).findByText('No invitation is waiting for an answer.');
    expect(listed(section)).toEqual([]);
  });

  it('revokes only after a confirmation, then shows the fresh list', async () => {
    const list = practiceInvitations([pending, lately]);
    const { requests, section } = await openHome({
      ...list.routes,
      [`POST /api/invitations/${pending.id}/revoke`]: () => {
        list.set([{ ...pending, status: 'revoked' }, lately]);
        return { status: 200, body: { invitation: { ...pending, status: 'revoked' } } };
      },
    });
    await within(section).findByText('Pia Pending');
    const revoke = within(section).getByRole('button', {
      name: 'Revoke the invitation for Pia Pending',
    });

    fireEvent.click(revoke);
    const confirm = within(section).getByRole('group', {
      name: 'Revoke the invitation for Pia Pending?',
    });
    expect(revoke.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Keep it' }));
    fireEvent.click(within(confirm).getByRole('button', { name: 'Keep it' }));
    expect(within(section).queryByRole('group')).toBeNull();
    expect(requests.some((r) => r.path.endsWith('/revoke'))).toBe(false);

    fireEvent.click(revoke);
    await act(async () => {
      fireEvent.click(within(section).getByRole('button', { name: 'Yes, revoke it' }));
    });
    expect(requests.filter((r) => r.path === `/api/invitations/${pending.id}/revoke`)).toEqual([
      expect.objectContaining({
        method: 'POST',
        headers: expect.objectContaining({ authorization: 'Bearer access-1' }),
      }),
    ]);
    expect(
      within(section)
        .getAllByRole('status')
        .some(
          (s) =>
            s.textContent ===
            'The invitation for Pia Pending is revoked; its link no longer works.',
        ),
    ).toBe(true);
    await vi.waitFor(() => expect(listed(section)).toEqual(['Eli Expired']));
    expect(gets(requests)).toHaveLength(2);
  });

  it('sends a new link and shows it to copy, saying the old one no longer works', async () => {
    const writeText = vi.fn(async () => {});
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const renewed = { ...lately, id: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d06' };
    const list = practiceInvitations([pending, lately]);
    const { requests, section } = await openHome({
      ...list.routes,
      [`POST /api/invitations/${lately.id}/resend`]: () => {
        const invitation = {
          ...renewed,
          expiresAt: '2026-07-17T12:00:00.000Z',
          status: 'pending' as const,
        };
        list.set([{ ...invitation, createdAt: now.toISOString() }, pending]);
        return { status: 201, body: { invitation, acceptPath: newPath, email: 'not_requested' } };
      },
    });
    await within(section).findByText('Eli Expired');
    await act(async () => {
      fireEvent.click(
        within(section).getByRole('button', { name: 'Send a new link to Eli Expired' }),
      );
    });
    expect(requests.filter((r) => r.path === `/api/invitations/${lately.id}/resend`)).toHaveLength(
      1,
    );

    const result = within(section).getByRole('region', {
      name: 'New invitation link for Eli Expired',
    });
    expect(document.activeElement).toBe(result);
    const link = within(result).getByLabelText(
      'Link to send to eli@hearth.example',
    ) as HTMLInputElement;
    expect(link.value).toBe(`${window.location.origin}${newPath}`);
    expect(result.textContent).toContain('The link sent before no longer works.');
    expect(result.textContent).toContain('Friday, 17 July 2026 at 13:00 BST');
    await act(async () => {
      fireEvent.click(within(result).getByRole('button', { name: 'Copy link' }));
    });
    expect(writeText).toHaveBeenCalledWith(`${window.location.origin}${newPath}`);

    // The renewed invitation is pending again, so it can now be revoked.
    await within(section).findByRole('button', { name: 'Revoke the invitation for Eli Expired' });
    expect(listed(section)).toEqual(['Eli Expired', 'Pia Pending']);
  });

  it('says what went wrong when a revoke is refused, and refreshes the list', async () => {
    const list = practiceInvitations([pending]);
    const { requests, section } = await openHome({
      ...list.routes,
      [`POST /api/invitations/${pending.id}/revoke`]: () => {
        list.set([{ ...pending, status: 'accepted' }]);
        return apiError(
          409,
          'conflict',
          'Only a pending invitation can be revoked; this one is accepted',
          {
            status: 'accepted',
          },
        );
      },
    });
    await within(section).findByText('Pia Pending');
    fireEvent.click(within(section).getByRole('button', { name: /^Revoke/ }));
    await act(async () => {
      fireEvent.click(within(section).getByRole('button', { name: 'Yes, revoke it' }));
    });
    const alert = within(section)
      .getAllByRole('alert')
      .find((a) => a.textContent);
    expect(alert?.textContent).toContain('this one is accepted');
    expect(document.activeElement).toBe(alert);
    await within(section).findByText('No invitation is waiting for an answer.');
    expect(gets(requests)).toHaveLength(2);
  });

  it('shows a new invitation in the list once it is made', async () => {
    const list = practiceInvitations([]);
    const created = sent({
      id: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d07',
      email: 'nia@hearth.example',
      displayName: 'Nia New',
    });
    const { requests, section } = await openHome({
      ...list.routes,
      'POST /api/invitations': () => {
        list.set([created]);
        const { createdAt: _, ...invitation } = created;
        return { status: 201, body: { invitation, acceptPath: newPath, email: 'not_requested' } };
      },
    });
    await within(section).findByText('No invitation is waiting for an answer.');
    const invite = screen.getByRole('region', { name: 'Invite someone' });
    fireEvent.change(within(invite).getByLabelText('Their email address'), {
      target: { value: 'nia@hearth.example' },
    });
    fireEvent.change(within(invite).getByLabelText('Their name'), { target: { value: 'Nia New' } });
    await act(async () => {
      fireEvent.click(within(invite).getByRole('button', { name: 'Create invitation link' }));
    });
    await within(section).findByText('Nia New');
    expect(gets(requests)).toHaveLength(2);
  });

  it('says when the invitations cannot be loaded', async () => {
    const { section } = await openHome({
      'GET /api/invitations': apiError(500, 'internal', 'Something went wrong'),
    });
    const alert = await within(section).findByText(/We could not load your practice’s invitations/);
    expect(alert.getAttribute('role')).toBe('alert');
  });
});
