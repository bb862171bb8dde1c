import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AcceptedMatch, TherapyRequestDetail } from '@hearth/contracts';
import {
  apiError,
  coordinator,
  fakeApi,
  renderApp,
  signedInAs,
  type FakeRequest,
  type FakeRoutes,
} from '../../../testing/render-app';

const requestId = '0b7e6d5c-4b3a-4c2d-8e1f-0a9b8c7d6e5f';
const therapistId = '7c9d0e1f-2a3b-4c5d-8e6f-7a8b9c0d1e22';
const courseId = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

const detail: TherapyRequestDetail = {
  id: requestId,
  reference: 'HR-7K3M-9QXD',
  status: 'open',
  name: 'Sam Rivera',
  email: 'sam@example.org',
  concern: 'We keep arguing since the baby arrived.',
  format: 'couple',
  focusAreas: ['disputes'],
  setting: 'remote',
  location: null,
  languages: ['en'],
  timeZone: 'America/New_York',
  availability: [{ weekday: 1, from: '13:00', to: '16:00' }],
  receivedAt: '2026-05-01T10:00:00.000Z',
  decision: null,
  matches: [
    {
      kind: 'therapist',
      rank: 1,
      score: 90,
      therapist: { personId: therapistId, displayName: 'Theo Therapist' },
      group: null,
      suggestedSlot: { weekday: 1, localTime: '13:00' },
      reasons: ['runs couple IPT', '1 shared afternoon slot a week'],
      cautions: ['no focus on grief and loss'],
    },
  ],
};

const accepted: AcceptedMatch = {
  request: {
    ...detail,
    status: 'matched',
    matches: [],
    decision: {
      kind: 'accepted',
      at: '2026-05-02T10:00:00.000Z',
      by: { personId: coordinator.id, displayName: coordinator.displayName },
      reason: null,
      courseId,
      placement: 'course',
    },
  },
  courseId,
  placement: 'course',
  invitation: {
    id: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
    acceptPath: '/invitations/abc',
    expiresAt: '2026-05-05T10:00:00.000Z',
    email: 'queued',
  },
};

function open(routes: FakeRoutes = {}) {
  const requests: FakeRequest[] = [];
  renderApp(
    `/requests/${requestId}`,
    fakeApi(
      {
        ...signedInAs(coordinator),
        [`GET /api/therapy-requests/${requestId}`]: { status: 200, body: detail },
        ...routes,
      },
      requests,
    ),
  );
  return requests;
}

describe('TherapyRequestPage', () => {
  it('shows the request and its ranked matches with reasons for and against', async () => {
    open();
    await screen.findByRole('heading', { level: 1, name: 'Request from Sam Rivera' });
    expect(screen.getByText('We keep arguing since the baby arrived.')).toBeTruthy();
    const why = screen.getByRole('list', { name: 'Why Theo Therapist' });
    expect(
      within(why)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['runs couple IPT', '1 shared afternoon slot a week']);
    expect(screen.getByRole('list', { name: 'Against Theo Therapist' }).textContent).toBe(
      'no focus on grief and loss',
    );
    // The accept form starts at the first shared time, on the requester's clock.
    expect((screen.getByLabelText('Time') as HTMLInputElement).value).toBe('13:00');
  });

  it('accepts a match and shows the invitation link', async () => {
    let accepts = 0;
    const requests = open({
      [`POST /api/therapy-requests/${requestId}/accept`]: () => {
        accepts += 1;
        return { status: 201, body: accepted };
      },
    });
    await screen.findByRole('heading', { level: 1, name: 'Request from Sam Rivera' });
    fireEvent.change(screen.getByLabelText('Starting from'), { target: { value: '2027-01-04' } });
    fireEvent.click(screen.getByRole('button', { name: 'Accept Theo Therapist' }));
    const notice = await screen.findByRole('heading', { name: 'Match accepted' });
    expect(notice).toBeTruthy();
    expect(accepts).toBe(1);
    expect(requests.find((r) => r.method === 'POST' && r.path.includes('therapy'))?.body).toEqual({
      kind: 'therapist',
      therapistId,
      weekday: 1,
      localTime: '13:00',
      startDate: '2027-01-04',
    });
    expect(document.querySelector('.invitation-link')?.textContent).toContain('/invitations/abc');
  });

  it('shows why an accept was refused, and declines with a reason', async () => {
    const requests = open({
      [`POST /api/therapy-requests/${requestId}/accept`]: apiError(
        409,
        'conflict',
        'This time overlaps a session already booked',
      ),
      [`POST /api/therapy-requests/${requestId}/decline`]: { status: 200, body: detail },
    });
    await screen.findByRole('heading', { level: 1, name: 'Request from Sam Rivera' });
    fireEvent.click(screen.getByRole('button', { name: 'Accept Theo Therapist' }));
    await waitFor(() =>
      expect(
        screen
          .getAllByRole('alert')
          .some((a) => a.textContent?.includes('overlaps a session already booked')),
      ).toBe(true),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Decline the request' }));
    expect(await screen.findByText('Must not be empty')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'Referred on' } });
    fireEvent.click(screen.getByRole('button', { name: 'Decline the request' }));
    await waitFor(() =>
      expect(requests.find((r) => r.path.endsWith('/decline'))?.body).toEqual({
        reason: 'Referred on',
      }),
    );
  });

  it('says so when the request is not there (another practice’s, or past retention)', async () => {
    open({
      [`GET /api/therapy-requests/${requestId}`]: apiError(404, 'not_found', 'No such request'),
    });
    expect(await screen.findByRole('heading', { name: 'We can’t find that request' })).toBeTruthy();
  });
});
