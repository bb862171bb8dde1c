import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CheckInForm } from '@hearth/contracts';
import { fakeApi, renderApp, signedInAs, type FakeRequest } from '../../../testing/render-app';
import { courseId, parent, sessionId } from '../../../testing/scheduling-fixtures';
import { checkIn } from '../../../testing/clinical-fixtures';

const path = `/api/sessions/${sessionId(1)}/check-in`;

function form(overrides: Partial<CheckInForm> = {}): CheckInForm {
  return {
    sessionId: sessionId(1),
    courseId,
    courseTitle: 'Okafor family',
    number: 1,
    sessionCount: 12,
    startsAt: '2026-01-12T10:00:00.000Z',
    availability: 'open',
    submitted: null,
    ...overrides,
  };
}

async function open(first: CheckInForm, afterSubmit?: CheckInForm) {
  const requests: FakeRequest[] = [];
  let current = first;
  renderApp(
    `/sessions/${sessionId(1)}/check-in`,
    fakeApi(
      {
        ...signedInAs(parent),
        [`GET ${path}`]: () => ({ status: 200, body: current }),
        [`POST ${path}`]: () => {
          if (afterSubmit) current = afterSubmit;
          return { status: 201, body: checkIn(1, 10, 6, 6) };
        },
      },
      requests,
    ),
  );
  await screen.findByRole('heading', { level: 1, name: 'Check-in before session 1 of 12' });
  return requests;
}

function answer(legendStart: string, label: string) {
  const phq9 = screen.getByRole('region', { name: 'Mood (PHQ-9)' });
  const group = within(phq9).getByRole('group', { name: new RegExp(`^${legendStart}`) });
  fireEvent.click(within(group).getByLabelText(label));
}

describe('check-in page', () => {
  it('asks every PHQ-9 and GAD-7 question and the mood, and refuses gaps', async () => {
    const requests = await open(form());
    const phq9 = screen.getByRole('region', { name: 'Mood (PHQ-9)' });
    expect(within(phq9).getAllByRole('group')).toHaveLength(9);
    expect(
      within(screen.getByRole('region', { name: 'Anxiety (GAD-7)' })).getAllByRole('group'),
    ).toHaveLength(7);
    expect(
      within(screen.getByRole('group', { name: /^How is your mood/ })).getAllByRole('radio'),
    ).toHaveLength(11);

    answer('1. Little interest', 'Several days');
    fireEvent.click(screen.getByRole('button', { name: 'Send my check-in' }));
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      'Please answer every question: 16 still need an answer.',
    );
    expect(screen.getAllByText('Please choose an answer.')).toHaveLength(16);
    expect(requests.some((r) => r.method === 'POST' && r.path === path)).toBe(false);
  });

  it('sends the answers in order, with a safety note when question 9 is above 0', async () => {
    const requests = await open(
      form(),
      form({ submitted: { ...checkIn(1, 10, 6, 6), phq9: [1, 1, 1, 1, 1, 1, 1, 1, 2] } }),
    );
    for (let i = 1; i <= 8; i += 1) answer(`${i}\\. `, 'Several days');
    expect(screen.queryByText(/Samaritans/)).toBeNull();
    answer('9\\. Thoughts that you would be better off dead', 'More than half the days');
    expect(screen.getByText(/Samaritans on 116 123/)).toBeDefined();
    const gad7 = screen.getByRole('region', { name: 'Anxiety (GAD-7)' });
    within(gad7)
      .getAllByRole('group')
      .forEach((group, i) =>
        fireEvent.click(within(group).getByLabelText(i < 2 ? 'Nearly every day' : 'Not at all')),
      );
    fireEvent.click(screen.getByLabelText('6'));
    fireEvent.click(screen.getByRole('button', { name: 'Send my check-in' }));

    await screen.findByText(/^Thank you — you filled this in/);
    expect(requests.find((r) => r.method === 'POST' && r.path === path)?.body).toEqual({
      phq9: [1, 1, 1, 1, 1, 1, 1, 1, 2],
      gad7: [3, 3, 0, 0, 0, 0, 0],
      mood: 6,
    });
    // The client sees where to turn, and nothing about an alert.
    expect(screen.getByText(/Samaritans/)).toBeDefined();
    expect(document.body.textContent).not.toMatch(/alert/i);
  });

  it('says when the check-in is not open', async () => {
    await open(form({ availability: 'not_yet_open' }));
    expect(screen.getByText(/opens 72 hours before the session/)).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Send my check-in' })).toBeNull();
  });
});
