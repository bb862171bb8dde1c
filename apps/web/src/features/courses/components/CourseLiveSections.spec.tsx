import { act, fireEvent, screen, within } from '@testing-library/react';
import type { Attendance, Person } from '@hearth/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  apiError,
  coordinator,
  fakeApi,
  renderApp,
  signedInAs,
  type FakeReply,
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
} from '../../../testing/scheduling-fixtures';

const attendancePath = `GET /api/sessions/${sessionId(1)}/attendance`;
const settingsPath = `/api/courses/${courseId}/live-settings`;

const attended: Attendance = {
  sessionId: sessionId(1),
  people: [
    {
      personId: child.id,
      displayName: child.displayName,
      firstJoinedAt: null,
      firstAdmittedAt: null,
      lastLeftAt: null,
      events: [],
    },
    {
      personId: parent.id,
      displayName: parent.displayName,
      firstJoinedAt: '2026-01-12T09:58:00.000Z',
      firstAdmittedAt: '2026-01-12T10:00:00.000Z',
      lastLeftAt: '2026-01-12T10:51:00.000Z',
      events: [
        { kind: 'joined', at: '2026-01-12T09:58:00.000Z' },
        { kind: 'admitted', at: '2026-01-12T10:00:00.000Z' },
        { kind: 'left', at: '2026-01-12T10:51:00.000Z' },
      ],
    },
  ],
};

async function openCourse(person: Person, routes: FakeRoutes = {}) {
  const requests: FakeRequest[] = [];
  renderApp(
    `/courses/${courseId}`,
    fakeApi(
      {
        ...signedInAs(person),
        'GET /api/people': { status: 200, body: { people: [coordinator, therapist, parent] } },
        [`GET /api/courses/${courseId}`]: { status: 200, body: courseDetail() },
        [`GET ${settingsPath}`]: { status: 200, body: { autoAdmitMembers: false } },
        ...routes,
      },
      requests,
    ),
  );
  await screen.findByRole('heading', { level: 1, name: 'Okafor family' });
  return requests;
}

const sessionItem = (n: number) =>
  within(screen.getByRole('region', { name: 'Sessions' })).getAllByRole('listitem')[
    n - 1
  ] as HTMLElement;

async function openAttendance() {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Attendance, session 1 of 12' }));
  });
  return screen.findByRole('region', { name: 'Attendance, session 1 of 12' });
}

describe('attendance on the course page', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-20T12:00:00.000Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows who came to a session and when, on the coordinator’s clock', async () => {
    const requests = await openCourse(coordinator, {
      [attendancePath]: { status: 200, body: attended },
    });
    const region = await openAttendance();
    await within(region).findByRole('table');
    const rows = within(region)
      .getAllByRole('row')
      .map((row) => row.textContent);
    expect(rows).toEqual([
      'PersonFirst joinedAdmittedLast left',
      'Pat Parent09:5810:0010:51',
      'Kit Child———',
    ]);
    expect(region.textContent).toContain('Times in GMT');
    expect(region.textContent).toContain('Pat Parent: Joined 09:58, Admitted 10:00, Left 10:51');
    expect(requests.find((r) => r.path.endsWith('/attendance'))?.headers['authorization']).toBe(
      'Bearer access-1',
    );
  });

  it('offers attendance only once a session’s room has opened, never for a cancelled one', async () => {
    await openCourse(therapist, { [attendancePath]: { status: 200, body: attended } });
    expect(within(sessionItem(1)).getByRole('button', { name: /^Attendance/ })).toBeTruthy();
    expect(within(sessionItem(2)).queryByRole('button', { name: /^Attendance/ })).toBeNull();
    expect(within(sessionItem(3)).queryByRole('button', { name: /^Attendance/ })).toBeNull();
  });

  it('says when nobody has joined yet', async () => {
    await openCourse(therapist, {
      [attendancePath]: { status: 200, body: { sessionId: sessionId(1), people: [] } },
    });
    const region = await openAttendance();
    expect(await within(region).findByText('Nobody has joined yet.')).toBeTruthy();
  });

  it('explains a refusal, with nothing to try again', async () => {
    await openCourse(therapist, {
      [attendancePath]: apiError(403, 'forbidden', 'Not your course'),
    });
    const region = await openAttendance();
    expect((await within(region).findByRole('alert')).textContent).toBe(
      'Only the course’s therapists and the practice’s coordinators can see who attended.',
    );
    expect(within(region).queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('explains a missing session', async () => {
    await openCourse(coordinator, { [attendancePath]: apiError(404, 'not_found', 'Not found') });
    const region = await openAttendance();
    expect((await within(region).findByRole('alert')).textContent).toBe(
      'We can’t find this session. It may have been removed.',
    );
  });

  it('offers to try again after another failure', async () => {
    let calls = 0;
    await openCourse(coordinator, {
      [attendancePath]: (): FakeReply => {
        calls += 1;
        return calls === 1
          ? apiError(500, 'internal', 'Something went wrong')
          : { status: 200, body: attended };
      },
    });
    const region = await openAttendance();
    expect((await within(region).findByRole('alert')).textContent).toContain(
      'We could not load the attendance.',
    );
    await act(async () => {
      fireEvent.click(within(region).getByRole('button', { name: 'Try again' }));
    });
    expect(await within(region).findByRole('table')).toBeTruthy();
  });
});

describe('the course’s live room setting', () => {
  it('lets a coordinator let roster members skip the waiting room, saying when it saves', async () => {
    let release: (reply: FakeReply) => void = () => {};
    const requests = await openCourse(coordinator, {
      [`PUT ${settingsPath}`]: () => new Promise<FakeReply>((resolve) => (release = resolve)),
    });
    const region = screen.getByRole('region', { name: 'Live room' });
    const box = (await within(region).findByRole('checkbox', {
      name: 'Let roster members skip the waiting room',
    })) as HTMLInputElement;
    expect(box.checked).toBe(false);

    await act(async () => {
      fireEvent.click(box);
    });
    expect(box.checked).toBe(true);
    expect(box.disabled).toBe(true);
    expect(within(region).getByRole('status').textContent).toBe('Saving…');
    expect(requests.find((r) => r.method === 'PUT')?.body).toEqual({ autoAdmitMembers: true });

    await act(async () => {
      release({ status: 200, body: { autoAdmitMembers: true } });
    });
    expect(within(region).getByRole('status').textContent).toBe('Saved.');
    expect(box.checked).toBe(true);
    expect(box.disabled).toBe(false);
  });

  it('shows the API’s refusal and keeps the stored setting', async () => {
    await openCourse(therapist, {
      [`PUT ${settingsPath}`]: apiError(403, 'forbidden', 'Not allowed'),
    });
    const region = screen.getByRole('region', { name: 'Live room' });
    const box = (await within(region).findByRole('checkbox')) as HTMLInputElement;
    await act(async () => {
      fireEvent.click(box);
    });
    expect((await within(region).findByRole('alert')).textContent).toBe(
      'Your change was not saved. Only the practice’s coordinators and this course’s therapists can change its live room.',
    );
    expect(box.checked).toBe(false);
  });

  it('is not offered to a therapist who does not run the course', async () => {
    const other: Person = { ...therapist, id: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b' };
    await openCourse(other);
    expect(screen.queryByRole('region', { name: 'Live room' })).toBeNull();
  });
});
