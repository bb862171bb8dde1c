import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
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
  previewOf,
  therapist,
  therapistClash,
} from '../../../testing/scheduling-fixtures';

async function openBuilder(routes: FakeRoutes = {}) {
  const requests: FakeRequest[] = [];
  renderApp(
    '/courses/new',
    fakeApi(
      {
        ...signedInAs(coordinator),
        'GET /api/people': {
          status: 200,
          body: { people: [coordinator, therapist, parent, child] },
        },
        ...routes,
      },
      requests,
    ),
  );
  await screen.findByRole('heading', { level: 1, name: 'New course' });
  await screen.findByLabelText(child.displayName);
  return requests;
}

const change = (label: string | RegExp, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

/** A family course for Pat (parent) and Kit (child) with Theo, on Mondays at 10:00. */
function planFamilyCourse() {
  change('Title', 'Okafor family');
  fireEvent.click(screen.getByLabelText(/^Family/));
  fireEvent.click(screen.getByLabelText('Interpersonal disputes'));
  change('Therapist', therapist.id);
  fireEvent.click(screen.getByLabelText(parent.displayName));
  fireEvent.click(screen.getByLabelText(child.displayName));
  change(`Relation of ${parent.displayName}`, 'parent');
  change(`Relation of ${child.displayName}`, 'child');
  change('Day', '1');
  change('Start time', '10:00');
  change('Starting from', '2026-01-12');
}

async function click(name: string) {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name }));
  });
}

describe('course builder', () => {
  it('explains each format and the capacity of the chosen one', async () => {
    await openBuilder();
    expect(screen.getByLabelText(/^Couple — Two partners/)).toBeDefined();
    fireEvent.click(screen.getByLabelText(/^Couple/));
    expect(screen.getByText(/A couple course has exactly 2 clients\. 0 chosen\./)).toBeDefined();
    fireEvent.click(screen.getByLabelText(/^Group/));
    expect((screen.getByLabelText('Minutes each') as HTMLInputElement).value).toBe('90');
    expect((screen.getByLabelText('Sessions') as HTMLInputElement).value).toBe('12');
    expect((screen.getByLabelText('Course time zone') as HTMLSelectElement).value).toBe(
      coordinator.timeZone,
    );
  });

  it('checks the plan with the contract before sending it', async () => {
    const requests = await openBuilder();
    await click('Preview the series');
    const title = screen.getByLabelText('Title');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(title);
    expect(screen.getByRole('group', { name: 'Focus areas' }).textContent).toContain(
      'Must name at least one focus area',
    );
    expect(requests.some((r) => r.path === '/api/courses/preview')).toBe(false);
  });

  it('shows the API’s field errors beside the fields and the client they name', async () => {
    await openBuilder({
      'POST /api/courses/preview': apiError(400, 'validation_failed', 'Invalid request', {
        issues: [
          {
            location: 'body',
            path: 'therapistId',
            message: 'must be a therapist of this practice',
          },
          {
            location: 'body',
            path: 'members.1.personId',
            message: 'must be a client of this practice',
          },
        ],
      }),
    });
    planFamilyCourse();
    await click('Preview the series');

    const therapistSelect = screen.getByLabelText('Therapist');
    expect(therapistSelect.getAttribute('aria-invalid')).toBe('true');
    expect(therapistSelect.getAttribute('aria-describedby')).toBe('course-therapistId-error');
    expect(document.getElementById('course-therapistId-error')?.textContent).toBe(
      'Error: Must be a therapist of this practice',
    );
    expect(document.activeElement).toBe(therapistSelect);
    // members.1 is the second client chosen: Kit.
    const kit = screen
      .getByLabelText(child.displayName)
      .closest('.choice-group__item') as HTMLElement;
    expect(kit.textContent).toContain('Must be a client of this practice');
    const pat = screen
      .getByLabelText(parent.displayName)
      .closest('.choice-group__item') as HTMLElement;
    expect(pat.textContent).not.toContain('Must be');
  });

  it('previews the series with phases and times, highlights a clash and will not save it', async () => {
    const requests = await openBuilder({
      'POST /api/courses/preview': {
        status: 200,
        body: previewOf({ 3: [therapistClash(3)] }),
      },
    });
    planFamilyCourse();
    await click('Preview the series');

    expect(requests.find((r) => r.path === '/api/courses/preview')?.body).toEqual({
      title: 'Okafor family',
      format: 'family',
      focusAreas: ['disputes'],
      therapistId: therapist.id,
      coTherapistId: null,
      sessionCount: 12,
      durationMinutes: 50,
      timeZone: 'Europe/London',
      weekday: 1,
      localTime: '10:00',
      startDate: '2026-01-12',
      members: [
        { personId: parent.id, relation: 'parent', status: 'invited' },
        { personId: child.id, relation: 'child', status: 'invited' },
      ],
    });
    const preview = screen.getByRole('region', { name: 'Series preview' });
    expect(document.activeElement).toBe(preview);
    const items = within(preview)
      .getAllByRole('listitem')
      .filter((li) => li.querySelector('.series__label'));
    expect(items).toHaveLength(12);
    expect(items[0]?.textContent).toBe(
      'Session 1 of 12Initial phaseMonday, 12 January 2026, 10:00–10:50 GMT',
    );
    expect(items[11]?.textContent).toContain('Termination phase');
    expect(items[2]?.hasAttribute('data-conflict')).toBe(true);
    expect(items[2]?.textContent).toContain(
      'Clash: Theo Therapist (therapist) already has a session then: Monday, 26 January 2026, 10:30–11:20 GMT.',
    );
    expect(preview.textContent).toContain('1 session clashes with a session already booked.');
    expect(
      (within(preview).getByRole('button', { name: 'Save course' }) as HTMLButtonElement).disabled,
    ).toBe(true);

    // Any change to the plan makes the preview out of date.
    change('Start time', '11:00');
    expect(screen.queryByRole('region', { name: 'Series preview' })).toBeNull();
  });

  it('shows a clash booked since the preview when saving is refused, then saves once', async () => {
    let attempts = 0;
    const requests = await openBuilder({
      'POST /api/courses/preview': { status: 200, body: previewOf() },
      'POST /api/courses': () => {
        attempts += 1;
        return attempts === 1
          ? apiError(409, 'conflict', 'This time overlaps a session already booked', {
              reason: 'double_booked',
              conflicts: [therapistClash(2)],
            })
          : { status: 201, body: courseDetail() };
      },
      [`GET /api/courses/${courseId}`]: { status: 200, body: courseDetail() },
    });
    planFamilyCourse();
    await click('Preview the series');
    const preview = screen.getByRole('region', { name: 'Series preview' });
    expect(preview.textContent).toContain('No clashes');

    await click('Save course');
    const alert = within(preview).getByRole('alert');
    expect(alert.textContent).toBe('This time overlaps a session already booked');
    expect(document.activeElement).toBe(alert);
    const second = within(preview).getByText('Session 2 of 12').closest('li') as HTMLElement;
    expect(second.textContent).toContain('Clash: Theo Therapist (therapist)');
    expect(
      (within(preview).getByRole('button', { name: 'Save course' }) as HTMLButtonElement).disabled,
    ).toBe(true);

    // Theo's other session moved: preview again, and this time the save goes through.
    await click('Preview the series');
    await click('Save course');
    await screen.findByRole('heading', { level: 1, name: 'Okafor family' });

    const saves = requests.filter((r) => r.method === 'POST' && r.path === '/api/courses');
    expect(saves).toHaveLength(2);
    const keys = saves.map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('says so when the roster is more than the format holds', async () => {
    await openBuilder({
      'POST /api/courses/preview': apiError(
        409,
        'conflict',
        'This individual course is full: it has room for 1 client',
        { reason: 'capacity_exceeded', format: 'individual', capacity: 1 },
      ),
    });
    planFamilyCourse();
    fireEvent.click(screen.getByLabelText(/^Individual/));
    await click('Preview the series');
    expect(screen.getByRole('alert').textContent).toBe(
      'This individual course is full: it has room for 1 client',
    );
  });
});
