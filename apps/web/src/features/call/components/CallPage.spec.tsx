import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import {
  cleo,
  cleoId,
  consumerFor,
  createFakeCall,
  samId,
  sam,
  sessionId,
  settle,
  therapist,
} from '../../../testing/fake-call';
import { memoryPreferences } from '../call-client/audio-only';
import { fakeApi, renderApp, signedInAs, client } from '../../../testing/render-app';
import { openTab, press, renderCall, viewOf } from '../../../testing/render-call';

const liveRegion = () =>
  screen.getAllByRole('status').find((el) => el.getAttribute('aria-live') === 'polite');

describe('the call page', () => {
  it('checks camera, microphone and network before joining', async () => {
    const call = await renderCall(viewOf(cleo, [therapist]), { join: false });
    expect(screen.getByText(/Connection to Hearth: good \(\d+ ms round trip\)/)).toBeTruthy();
    expect(screen.getByRole('meter', { name: 'Microphone level' })).toBeTruthy();
    const cameras = screen.getByRole('combobox', { name: 'Camera to use' });
    expect(
      within(cameras)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['FaceTime camera', 'Camera 2']);
    const mic = screen.getByRole('button', { name: 'Microphone' });
    expect(mic.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(mic);
    await act(() => settle());
    expect(mic.getAttribute('aria-pressed')).toBe('false');
    expect(
      screen.getByText('You will join with your microphone off and your camera on.'),
    ).toBeTruthy();
    // Nothing is joined until the person says so.
    expect(call.live().sent('session:join')).toEqual([]);
  });

  it('offers noise suppression before joining, on unless turned off on this device', async () => {
    const preferences = memoryPreferences(false, false);
    const call = await renderCall(viewOf(cleo, [therapist]), {
      join: false,
      options: { preferences },
    });
    const choice = screen.getByRole('checkbox', {
      name: 'Reduce background noise (on this device)',
    });
    expect((choice as HTMLInputElement).checked).toBe(false);
    const before = call.media.captures.length;
    fireEvent.click(choice);
    await act(() => settle());
    expect((choice as HTMLInputElement).checked).toBe(true);
    expect(preferences.noiseSuppression()).toBe(true);
    // The microphone starts afresh with the new choice.
    expect(call.media.captures.slice(before).map((c) => Boolean(c.audio))).toEqual([true]);
  });

  it('waits in the waiting room until a therapist lets the client in', async () => {
    const waiting = { ...cleo, presence: 'waiting' as const, since: '2026-01-12T09:58:00.000Z' };
    const call = await renderCall(viewOf(waiting, [therapist]));
    expect(screen.getByRole('heading', { level: 1, name: 'Waiting room' })).toBeTruthy();
    expect(screen.getByText('Your therapist will let you in shortly.')).toBeTruthy();
    // Cleo lives in Madrid: 09:58 UTC is 10:58 there.
    expect(screen.getByText('Waiting since 10:58.')).toBeTruthy();
    expect(call.live().sent('session:join')).toEqual([{ sessionId }]);

    await call.server('session:view', viewOf(cleo, [therapist], { activeSpeakerId: therapist.id }));
    expect(screen.queryByRole('heading', { name: 'Waiting room' })).toBeNull();
    const tiles = screen.getAllByTestId('video-tile');
    expect(tiles.map((t) => t.dataset['participantId'])).toEqual([therapist.id, cleoId]);
    expect(tiles.map((t) => t.dataset['speaking'])).toEqual(['true', 'false']);
    expect(tiles.every((t) => t.querySelector('video'))).toBe(true);
    expect(liveRegion()?.textContent).toBe('A therapist let you in.');
    expect(screen.getByRole('complementary', { name: 'Session agenda' })).toBeTruthy();
  });

  it('shows remote video in its tile, and a reconnecting person as such', async () => {
    const call = await renderCall(viewOf(cleo, [sam, therapist]));
    await call.server('media:consumer:new', consumerFor(samId, 'video'));
    const samTile = () =>
      screen.getAllByTestId('video-tile').find((t) => t.dataset['participantId'] === samId);
    expect(samTile()?.querySelector('video')?.hidden).toBe(false);

    await call.server(
      'session:view',
      viewOf(cleo, [{ ...sam, presence: 'reconnecting' }, therapist]),
    );
    expect(samTile()?.dataset['presence']).toBe('reconnecting');
    expect(within(samTile() as HTMLElement).getByText('Reconnecting…')).toBeTruthy();
  });

  it('says on the tile when a person’s video could not be received', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const call = await renderCall(viewOf(cleo, [sam, therapist]));
    call.media.device.recv.failingConsumes = Infinity;
    await call.server('media:consumer:new', consumerFor(samId, 'video'));
    const samTile = () =>
      screen.getAllByTestId('video-tile').find((t) => t.dataset['participantId'] === samId);
    expect(within(samTile() as HTMLElement).queryByText('Video could not be shown')).toBeNull();
    // The tries run out after half a second and one second more.
    await act(() => new Promise((resolve) => setTimeout(resolve, 1600)));
    expect(within(samTile() as HTMLElement).getByText('Video could not be shown')).toBeTruthy();
    expect(warn).toHaveBeenCalledTimes(3);
    warn.mockRestore();
  });

  it('shows a reconnecting banner while the connection is lost', async () => {
    const call = await renderCall(viewOf(cleo, [therapist]));
    await act(async () => call.live().drop());
    expect(screen.getByTestId('reconnecting-banner').textContent).toContain('Reconnecting…');
    await act(async () => {
      call.live().restore();
      await settle();
    });
    expect(screen.queryByTestId('reconnecting-banner')).toBeNull();
    expect(call.live().sent('session:join')).toHaveLength(2);
  });

  it('disables unmuting while a therapist keeps the client muted, and says why', async () => {
    const call = await renderCall(viewOf(cleo, [therapist]));
    await call.server('moderation:muted', { locked: true });
    await call.server(
      'session:view',
      viewOf({ ...cleo, microphoneOn: false, unmuteLocked: true }, [therapist]),
    );
    const mic = screen.getByRole('button', { name: 'Microphone' }) as HTMLButtonElement;
    expect(mic.disabled).toBe(true);
    expect(mic.getAttribute('aria-pressed')).toBe('false');
    // Marked as a device toggle in the call's bar, whose "off" its styles make stand out.
    expect(mic.hasAttribute('data-media')).toBe(true);
    expect(screen.getByText('A therapist muted you. They can allow you to unmute.')).toBeTruthy();
    expect(screen.getByTestId('call-notice').textContent).toContain('A therapist muted you.');
    expect(call.media.device.send.produced[0]?.paused).toBe(true);
  });

  it('raises and lowers the hand', async () => {
    const call = await renderCall(viewOf(cleo, [therapist]));
    await press('Raise hand');
    expect(call.live().sent('hand:raise')).toEqual([{}]);
    await call.server('session:view', viewOf({ ...cleo, handPosition: 1 }, [therapist]));
    const hand = screen.getByRole('button', { name: /Raise hand/ });
    expect(hand.getAttribute('aria-pressed')).toBe('true');
    await press(/Raise hand/);
    expect(call.live().sent('hand:lower')).toEqual([{}]);
  });

  it('lists what arrives from each person in the connection details', async () => {
    const call = await renderCall(viewOf(cleo, [sam]));
    await call.server('media:consumer:new', consumerFor(samId, 'video'));
    await openTab('Devices');
    const stat = await screen.findByTestId('inbound-stat');
    expect(stat.dataset).toMatchObject({
      participantId: samId,
      kind: 'video',
      source: 'camera',
      packetsReceived: '120',
      framesDecoded: '90',
      bytesReceived: '120000',
    });
    expect(stat.textContent).toContain('Sam Okafor, camera');
  });

  it('ends with the therapist’s message when the client is removed', async () => {
    const call = await renderCall(viewOf(cleo, [therapist]));
    await call.server('session:removed', { message: 'Let us talk on the phone.' });
    expect(
      screen.getByRole('heading', { level: 1, name: 'You were removed from the session' }),
    ).toBeTruthy();
    expect(screen.getByText('Message from your therapist: Let us talk on the phone.')).toBeTruthy();
  });

  it('leaves the session', async () => {
    const call = await renderCall(viewOf(cleo, [therapist]));
    await press('Leave');
    expect(
      screen.getByRole('heading', { level: 1, name: 'You have left the session' }),
    ).toBeTruthy();
    expect(call.live().sent('session:leave')).toEqual([{}]);
  });

  it('says why the session cannot be joined', async () => {
    const fake = createFakeCall((live) =>
      live.refuse(
        'session:join',
        'conflict',
        'This session opens at 10:50, 10 minutes before it starts',
      ),
    );
    renderApp(`/sessions/${sessionId}/join`, fakeApi(signedInAs(client)), {
      callClient: () => fake.client,
    });
    await screen.findByRole('heading', { level: 1, name: 'Get ready to join' });
    await press('Join');
    expect(
      screen.getByRole('heading', { level: 1, name: 'You cannot join this session' }),
    ).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe(
      'This session opens at 10:50, 10 minutes before it starts',
    );
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
