import { screen, within } from '@testing-library/react';
import type { Person } from '@hearth/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { client, coordinator, fakeApi, renderApp, signedInAs } from '../../../testing/render-app';
import {
  child,
  courseDetail,
  courseId,
  parent,
  sessionId,
  therapist,
} from '../../../testing/scheduling-fixtures';

async function openSessions(person: Person) {
  renderApp(
    `/courses/${courseId}`,
    fakeApi({
      ...signedInAs(person),
      'GET /api/people': { status: 200, body: { people: [coordinator, therapist, parent, child] } },
      [`GET /api/courses/${courseId}`]: { status: 200, body: courseDetail() },
    }),
  );
  await screen.findByRole('heading', { level: 1, name: 'Okafor family' });
  return screen.getByRole('region', { name: 'Sessions' });
}

describe('the course’s sessions list', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-05T12:00:00.000Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    ['therapist', therapist],
    ['coordinator', coordinator],
  ])('links each session that takes place to its agenda for the %s', async (_, person) => {
    const sessions = await openSessions(person);
    const items = within(sessions).getAllByRole('listitem');
    const first = within(items[0] as HTMLElement).getByRole('link', {
      name: 'Agenda, session 1 of 12',
    });
    expect(first.textContent).toBe('Agenda');
    expect(first.getAttribute('href')).toBe(`/sessions/${sessionId(1)}/agenda`);
    // Session 2 is cancelled: there is nothing to prepare for.
    expect(within(items[1] as HTMLElement).queryByRole('link', { name: /^Agenda/ })).toBeNull();
    expect(within(sessions).getAllByRole('link', { name: /^Agenda/ })).toHaveLength(11);
  });

  it('leaves the links out for a client, who reaches agendas from their dashboard', async () => {
    const sessions = await openSessions({ ...client, id: parent.id });
    expect(within(sessions).queryByRole('link', { name: /^Agenda/ })).toBeNull();
  });
});
