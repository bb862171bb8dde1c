import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { alert } from '../../../testing/clinical-fixtures';
import { sessionId } from '../../../testing/call-fixtures';
import { cleo, sam, settle, therapist, therapistPerson } from '../../../testing/fake-call';
import { openTab, press, renderCall, viewOf } from '../../../testing/render-call';

const announced = () =>
  screen.getAllByRole('status').find((el) => el.getAttribute('aria-live') === 'polite')
    ?.textContent;

async function key(code: string, init: KeyboardEventInit = {}, target: Element = document.body) {
  await act(async () => {
    fireEvent.keyDown(target, { code, altKey: true, ...init });
    await settle();
  });
}

describe('the call view’s own tools', () => {
  afterEach(() => localStorage.clear());

  it('takes the whole window: no site header, navigation or footer in the call', async () => {
    await renderCall(viewOf(cleo, [therapist]));
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
    expect(screen.queryByRole('contentinfo')).toBeNull();
    expect(screen.getByRole('heading', { level: 1 })).toBeTruthy();
  });

  it('tells the therapist of a safety alert in a banner, leaving the agenda where it is', async () => {
    await renderCall(viewOf(therapist, [cleo, sam]), {
      person: therapistPerson,
      routes: {
        [`GET /api/sessions/${sessionId}/alerts`]: { status: 200, body: { alerts: [alert] } },
      },
    });
    const banner = await screen.findByTestId('safety-alert-banner');
    // The alert is from session 1's check-in, not yet seen; this call is session 3.
    expect(banner.textContent).toContain(
      'Safety alert: Pat Parent answered PHQ-9 question 9 in the check-in before session 1.',
    );
    expect(banner.textContent).not.toContain('this session');
    expect(screen.getByRole('tab', { name: 'Alerts 1 new' })).toBeTruthy();
    // The agenda is still the open tab; the alert did not push it away.
    expect(screen.getByRole('tab', { name: 'Agenda' }).getAttribute('aria-selected')).toBe('true');

    await press('Open alerts');
    const alerts = screen.getByRole('region', { name: 'Safety alerts' });
    const record = within(alerts).getByRole('link', { name: /Pat Parent’s record/ });
    // A record opens beside the call, never in its place.
    expect(record.getAttribute('target')).toBe('_blank');

    await press('Dismiss');
    expect(screen.queryByTestId('safety-alert-banner')).toBeNull();
    expect(screen.getByRole('tab', { name: 'Alerts 1 new' })).toBeTruthy();
    // With the panel closed (as on a phone), its button still counts the unseen alert.
    await press(/^Side panel/);
    const bar = screen.getByRole('toolbar', { name: 'Call controls' });
    expect(within(bar).getByRole('button', { name: 'Side panel 1 new' })).toBeTruthy();
  });

  it('shows clients no alerts tab and no breakout rooms', async () => {
    await renderCall(viewOf(cleo, [therapist]));
    const tabs = screen.getByRole('tablist', { name: 'Side panel' });
    expect(
      within(tabs)
        .getAllByRole('tab')
        .map((t) => t.textContent),
    ).toEqual(['Agenda', 'Chat', 'People', 'Devices']);
    expect(screen.queryByTestId('safety-alert-banner')).toBeNull();
  });

  it('answers keyboard shortcuts, says what they did, and leaves typing alone', async () => {
    const call = await renderCall(viewOf(cleo, [therapist]));
    const microphone = () => screen.getByRole('button', { name: 'Microphone' });
    expect(microphone().getAttribute('aria-pressed')).toBe('true');

    await key('KeyA');
    expect(microphone().getAttribute('aria-pressed')).toBe('false');
    expect(announced()).toBe('Microphone off');

    await key('KeyY');
    expect(call.live().sent('hand:raise')).toHaveLength(1);
    expect(announced()).toBe('Hand raised');

    await key('KeyP');
    expect(screen.queryByRole('tablist', { name: 'Side panel' })).toBeNull();
    await key('KeyP');
    await openTab(/^Chat/);
    const message = screen.getByLabelText('Message');
    await key('KeyA', {}, message);
    expect(microphone().getAttribute('aria-pressed')).toBe('false');

    await key('Slash', { altKey: false, shiftKey: true, key: '?' });
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(dialog.textContent).toContain('Alt + A');
    expect(dialog.textContent).toContain('Microphone on or off');
  });

  it('switches between the speaker and an even grid, and makes one’s own video small', async () => {
    await renderCall(viewOf(cleo, [therapist, sam]));
    expect(screen.getAllByTestId('video-tile')).toHaveLength(3);

    await press('More');
    fireEvent.click(screen.getByRole('menuitem', { name: 'Make your own video small' }));
    await act(() => settle());
    const tiles = screen.getAllByTestId('video-tile');
    expect(tiles).toHaveLength(3);
    const own = tiles.find((t) => t.classList.contains('video-tile--thumbnail'));
    expect(own?.textContent).toContain('(you)');
    expect(JSON.parse(localStorage.getItem('hearth.call.view') ?? '{}')).toEqual({
      layout: 'speaker',
      selfMinimised: true,
    });

    await press('More');
    fireEvent.click(screen.getByRole('menuitem', { name: 'Show everyone the same size' }));
    await act(() => settle());
    expect(JSON.parse(localStorage.getItem('hearth.call.view') ?? '{}')).toMatchObject({
      layout: 'grid',
    });
  });
});
