import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  apiError,
  coordinator,
  fakeApi,
  renderApp,
  signedInAs,
  type FakeRequest,
  type FakeRoutes,
} from '../../../testing/render-app';
import {
  child,
  courseDetail,
  courseId,
  parent,
  sessionId,
  therapist,
  therapistClash,
} from '../../../testing/scheduling-fixtures';

async function openCourse(routes: FakeRoutes = {}) {
  const requests: FakeRequest[] = [];
  renderApp(
    `/courses/${courseId}`,
    fakeApi(
      {
        ...signedInAs(coordinator),
        'GET /api/people': {
          status: 200,
          body: { people: [coordinator, therapist, parent, child] },
        },
        [`GET /api/courses/${courseId}`]: { status: 200, body: courseDetail() },
        ...routes,
      },
      requests,
    ),
  );
  await screen.findByRole('heading', { level: 1, name: 'Okafor family' });
  return requests;
}

describe('course page', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-05T12:00:00.000Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the roster and every session with its phase, cancelled ones marked', async () => {
    await openCourse();
    const roster = screen.getByRole('region', { name: 'Roster' });
    expect(
      within(roster)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Pat ParentParentActiveWithdraw', 'Kit ChildChildInvitedWithdrawMark active']);
    const sessions = screen.getByRole('region', { name: 'Sessions' });
    const items = within(sessions).getAllByRole('listitem');
    expect(items).toHaveLength(12);
    expect(items[0]?.textContent).toContain('Session 1 of 12Initial phase');
    expect(items[1]?.textContent).toContain('Cancelled');
    expect(within(items[1] as HTMLElement).queryByRole('button')).toBeNull();
  });

  it('withdraws a member and reloads the roster', async () => {
    const requests = await openCourse({
      [`PATCH /api/courses/${courseId}/members/3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f`]: {
        status: 200,
        body: { ...courseDetail().members[1], status: 'withdrawn' },
      },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: `Withdraw ${child.displayName}` }));
    });
    expect(requests.find((r) => r.method === 'PATCH')?.body).toEqual({ status: 'withdrawn' });
    expect(requests.filter((r) => r.path === `/api/courses/${courseId}`)).toHaveLength(2);
  });

  it('refuses a reschedule onto a booked time, naming who is booked', async () => {
    const requests = await openCourse({
      [`POST /api/sessions/${sessionId(3)}/reschedule`]: apiError(
        409,
        'conflict',
        'This time overlaps a session already booked',
        { reason: 'double_booked', conflicts: [therapistClash(3)] },
      ),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Change session 3 of 12' }));
    const move = screen.getByRole('form', { name: 'Move Session 3 of 12' });
    fireEvent.change(within(move).getByLabelText(/New start time/), { target: { value: '10:30' } });
    await act(async () => {
      fireEvent.click(within(move).getByRole('button', { name: 'Move session' }));
    });
    expect(requests.find((r) => r.path.endsWith('/reschedule'))?.body).toEqual({
      startsAt: '2026-01-26T10:30:00.000Z',
    });
    expect(within(move).getByRole('alert').textContent).toBe(
      'This time overlaps a session already booked',
    );
    expect(move.textContent).toContain('Theo Therapist (therapist) already has a session then');
  });

  it('cancels a session with a reason', async () => {
    const requests = await openCourse({
      [`POST /api/sessions/${sessionId(4)}/cancel`]: apiError(400, 'validation_failed', 'Invalid', {
        issues: [{ location: 'body', path: 'reason', message: 'must be at most 500 characters' }],
      }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Change session 4 of 12' }));
    const cancel = screen.getByRole('form', { name: 'Cancel Session 4 of 12' });
    fireEvent.change(within(cancel).getByLabelText('Reason (optional)'), {
      target: { value: 'Therapist unwell' },
    });
    await act(async () => {
      fireEvent.click(within(cancel).getByRole('button', { name: 'Cancel session' }));
    });
    expect(requests.find((r) => r.path.endsWith('/cancel'))?.body).toEqual({
      reason: 'Therapist unwell',
    });
    expect(within(cancel).getByLabelText('Reason (optional)').getAttribute('aria-invalid')).toBe(
      'true',
    );
  });

  it('marks a place active for the client only with a reason, which it sends', async () => {
    const memberPath = `/api/courses/${courseId}/members/3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f`;
    const requests = await openCourse({
      [`PATCH ${memberPath}`]: apiError(400, 'validation_failed', 'Invalid', {
        issues: [
          {
            location: 'body',
            path: 'reason',
            message: 'must say why the place is made active without the client accepting it',
          },
        ],
      }),
    });
    fireEvent.click(
      screen.getByRole('button', { name: `Mark active: ${child.displayName}’s place` }),
    );
    const form = screen.getByRole('form', { name: `Mark active: ${child.displayName}’s place` });
    await act(async () => {
      fireEvent.click(within(form).getByRole('button', { name: 'Mark active' }));
    });
    const reason = within(form).getByLabelText(/Why is Kit Child’s place active/);
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(reason, { target: { value: 'Agreed by phone' } });
    await act(async () => {
      fireEvent.click(within(form).getByRole('button', { name: 'Mark active' }));
    });
    expect(requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([
      { status: 'active', reason: '' },
      { status: 'active', reason: 'Agreed by phone' },
    ]);
  });

  it('shows where a moved session was first planned, and why it moved', async () => {
    const detail = courseDetail();
    const moved = {
      ...detail,
      sessions: detail.sessions.map((s) =>
        s.number === 3
          ? { ...s, movedFrom: '2026-01-19T09:00:00.000Z', moveReason: 'room unavailable' }
          : s,
      ),
    };
    await openCourse({ [`GET /api/courses/${courseId}`]: { status: 200, body: moved } });
    const items = within(screen.getByRole('region', { name: 'Sessions' })).getAllByRole('listitem');
    expect(items[2]?.textContent).toContain(
      'Moved; first planned for Monday, 19 January 2026, 09:00 (room unavailable)',
    );
    expect(items[3]?.textContent).not.toContain('Moved');
  });
});
