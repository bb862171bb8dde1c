import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ali,
  aliId,
  cleo,
  cleoId,
  sam,
  samId,
  settle,
  therapist,
  therapistPerson,
} from '../../../testing/fake-call';
import { openTab, press, renderCall, viewOf } from '../../../testing/render-call';

const waitingCleo = { ...cleo, presence: 'waiting' as const, since: '2026-01-12T09:52:00.000Z' };
const samWithHand = { ...sam, handPosition: 2 };
const aliWithHand = { ...ali, handPosition: 1 };

async function openPanel() {
  const call = await renderCall(viewOf(therapist, [waitingCleo, samWithHand, aliWithHand]), {
    person: therapistPerson,
  });
  await openTab(/^People/);
  return call;
}

const row = (id: string) =>
  screen
    .getAllByTestId('participant-row')
    .find((r) => r.dataset['participantId'] === id) as HTMLElement;

describe('the participants panel for therapists', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-12T10:00:00.000Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the waiting room with how long each person has waited', async () => {
    await openPanel();
    expect(screen.getByRole('tab', { name: /^People/ }).textContent).toContain('1 waiting');
    expect(row(cleoId).dataset['presence']).toBe('waiting');
    expect(within(row(cleoId)).getByText(/waiting 8 min/)).toBeTruthy();
    expect(row(samId).dataset['presence']).toBe('admitted');
  });

  it('admits one person, or everyone waiting', async () => {
    const call = await openPanel();
    await press('Admit Cleo Client');
    await press('Admit all (1)');
    expect(call.live().sent('lobby:admit')).toEqual([{ participantId: cleoId }]);
    expect(call.live().sent('lobby:admit-all')).toEqual([{}]);
  });

  it('denies entry with a message', async () => {
    const call = await openPanel();
    await press('Deny Cleo Client');
    fireEvent.change(screen.getByLabelText('Message to Cleo Client (optional)'), {
      target: { value: 'Please join next week instead.' },
    });
    await press('Deny entry to Cleo Client');
    expect(call.live().sent('lobby:deny')).toEqual([
      { participantId: cleoId, message: 'Please join next week instead.' },
    ]);
  });

  it('mutes one person with unmute locked, mutes all, and allows unmuting again', async () => {
    const call = await openPanel();
    await press('Mute Sam Okafor');
    fireEvent.click(screen.getByLabelText(/Lock unmute/));
    await press('Mute Ali Okafor');
    await press('Mute all');
    await call.server(
      'session:view',
      viewOf(therapist, [
        waitingCleo,
        { ...samWithHand, microphoneOn: false, unmuteLocked: true },
        aliWithHand,
      ]),
    );
    await press('Allow Sam Okafor to unmute');
    await press('Allow everyone to unmute');
    const live = call.live();
    expect(live.sent('moderation:mute')).toEqual([
      { participantId: samId, lock: false },
      { participantId: aliId, lock: true },
    ]);
    expect(live.sent('moderation:mute-all')).toEqual([{ lock: true }]);
    expect(live.sent('moderation:unlock-mute')).toEqual([{ participantId: samId }, {}]);
  });

  it('removes someone only after a confirmation', async () => {
    const call = await openPanel();
    await press('Remove Sam Okafor');
    expect(call.live().sent('moderation:remove')).toEqual([]);
    await press('Keep Sam Okafor');
    await press('Remove Sam Okafor');
    await press('Yes, remove Sam Okafor');
    expect(call.live().sent('moderation:remove')).toEqual([{ participantId: samId }]);
  });

  it('sends someone back to the waiting room and locks the session', async () => {
    const call = await openPanel();
    await press('Send Ali Okafor to the waiting room');
    const lock = screen.getByRole('button', { name: 'Lock session' });
    expect(lock.getAttribute('aria-pressed')).toBe('false');
    await press('Lock session');
    expect(call.live().sent('lobby:send-back')).toEqual([{ participantId: aliId }]);
    expect(call.live().sent('moderation:lock')).toEqual([{ locked: true }]);
  });

  it('lists raised hands in queue order and lowers them', async () => {
    const call = await openPanel();
    const queue = screen.getByRole('heading', { name: 'Raised hands' })
      .nextElementSibling as HTMLElement;
    expect(
      within(queue)
        .getAllByRole('listitem')
        .map((li) => li.firstChild?.textContent),
    ).toEqual(['Ali Okafor', 'Sam Okafor']);
    await press('Lower Sam Okafor’s hand');
    await press('Lower all hands');
    expect(call.live().sent('hand:lower')).toEqual([{ participantId: samId }]);
    expect(call.live().sent('hand:lower-all')).toEqual([{}]);
  });

  it('announces a new arrival in the waiting room', async () => {
    const call = await openPanel();
    await call.server(
      'session:view',
      viewOf(therapist, [
        waitingCleo,
        samWithHand,
        aliWithHand,
        {
          ...cleo,
          id: '55555555-5555-4555-8555-555555555555',
          displayName: 'Dee Okafor',
          presence: 'waiting',
        },
      ]),
    );
    await act(() => settle());
    const live = screen
      .getAllByRole('status')
      .find((el) => el.getAttribute('aria-live') === 'polite');
    expect(live?.textContent).toBe('Dee Okafor is in the waiting room.');
  });

  it('shows whose background is blurred, as words only', async () => {
    const call = await openPanel();
    expect(within(row(samId)).queryByText(/background blurred/)).toBeNull();
    await call.server(
      'session:view',
      viewOf(therapist, [
        waitingCleo,
        { ...samWithHand, backgroundProcessed: true },
        { ...aliWithHand, backgroundProcessed: true, cameraOn: false },
      ]),
    );
    await act(() => settle());
    expect(within(row(samId)).getByText(/camera on, background blurred or replaced/)).toBeTruthy();
    // With the camera off there is no picture to speak of.
    expect(within(row(aliId)).queryByText(/background blurred/)).toBeNull();
    expect(within(row(samId)).queryByRole('button', { name: /background|blur/i })).toBeNull();
  });

  it('shows clients no moderation', async () => {
    await renderCall(viewOf(cleo, [therapist, sam]));
    await openTab(/^People/);
    expect(screen.queryByRole('button', { name: 'Lock session' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Mute / })).toBeNull();
    expect(screen.queryByRole('heading', { name: /Waiting room/ })).toBeNull();
    expect(screen.queryByRole('tab', { name: 'Rooms' })).toBeNull();
    expect(screen.queryByRole('tab', { name: /^Alerts/ })).toBeNull();
  });
});
