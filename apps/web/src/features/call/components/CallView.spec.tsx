import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleo, sam, settle, therapist, therapistPerson } from '../../../testing/fake-call';
import { press, renderCall, viewOf } from '../../../testing/render-call';

/** A ResizeObserver that reports the video stage at this size (jsdom lays nothing out). */
function stageOf(width: number, height: number) {
  class StageObserver {
    constructor(private readonly callback: ResizeObserverCallback) {}
    observe(element: Element) {
      const size = element.classList.contains('video-grid')
        ? { width, height }
        : { width: 0, height: 0 };
      this.callback(
        [{ target: element, contentRect: size } as unknown as ResizeObserverEntry],
        this as unknown as ResizeObserver,
      );
    }
    unobserve() {}
    disconnect() {}
  }
  vi.stubGlobal('ResizeObserver', StageObserver);
}

const tileBoxes = () =>
  screen.getAllByTestId('video-tile').map((tile) => ({
    x: parseFloat(tile.style.left),
    y: parseFloat(tile.style.top),
    width: parseFloat(tile.style.width),
    height: parseFloat(tile.style.height),
  }));

describe('the call view', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('heads the call with the session, its times on the viewer’s clock and the time left', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-12T10:15:30.000Z'));
    await renderCall(viewOf(cleo, [therapist]));
    const heading = screen.getByRole('heading', {
      level: 1,
      name: 'Okafor family · Session 3 of 12 · Initial phase',
    });
    const header = heading.parentElement as HTMLElement;
    // Cleo lives in Madrid: 10:00 UTC is 11:00 there.
    expect(header.textContent).toContain('Family session, 11:00–11:50 CET');
    expect(screen.getByTestId('session-time-left').textContent).toBe(
      'Started 15 min ago · 34 min left',
    );
    expect(header.textContent).toContain('Main room');
  });

  it('counts on the server’s clock when the device’s is behind, and keeps counting', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
    // This device's clock is 9 minutes slow: it reads 09:54 when the server's reads 10:03.
    vi.setSystemTime(new Date('2026-01-12T09:54:00.000Z'));
    await renderCall(viewOf(cleo, [therapist]), { serverNow: '2026-01-12T10:03:00.000Z' });
    const timeLeft = () => screen.getByTestId('session-time-left').textContent;
    expect(timeLeft()).toBe('Started 3 min ago · 47 min left');
    await act(async () => {
      vi.advanceTimersByTime(60_000);
      await settle();
    });
    expect(timeLeft()).toBe('Started 4 min ago · 46 min left');
  });

  it('counts on the server’s clock when the device’s is ahead', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-12T10:07:00.000Z'));
    await renderCall(viewOf({ ...cleo, presence: 'waiting' }, [therapist]), {
      serverNow: '2026-01-12T09:55:30.000Z',
    });
    expect(screen.getByTestId('session-time-left').textContent).toBe('Starts in 5 min');
  });

  it('shows which session one waits for in the waiting room', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-12T09:55:00.000Z'));
    await renderCall(viewOf({ ...cleo, presence: 'waiting' }, [therapist]));
    const waiting = screen.getByRole('article', { name: 'Waiting room' });
    expect(waiting.textContent).toContain('Okafor family · Session 3 of 12 · Initial phase');
    expect(waiting.textContent).toContain('Family session, 11:00–11:50 CET');
    expect(screen.getByTestId('session-time-left').textContent).toBe('Starts in 5 min');
  });

  it('gives three people two rows of large tiles on a laptop’s stage with a panel open', async () => {
    // What a 1280×800 window leaves the stage beside the Connection details and the agenda.
    stageOf(695, 500);
    await renderCall(viewOf(therapist, [cleo, sam]), { person: therapistPerson });
    await press('Connection details');
    const body = screen.getByRole('region', { name: 'Video' }).parentElement as HTMLElement;
    expect(body.dataset['panel']).toBe('details');
    const tiles = tileBoxes();
    expect(tiles).toHaveLength(3);
    // Two on the first row, one centred under them; none squeezed into a column.
    expect(tiles[0]?.y).toBe(tiles[1]?.y);
    expect(tiles[2]?.y).toBeGreaterThan((tiles[0]?.y ?? 0) + (tiles[0]?.height ?? 0));
    for (const tile of tiles) {
      expect(tile.width).toBeGreaterThanOrEqual(320);
      expect(tile.x + tile.width).toBeLessThanOrEqual(695);
      expect(tile.y + tile.height).toBeLessThanOrEqual(500);
    }

    await press('Connection details');
    expect(body.dataset['panel']).toBeUndefined();
  });

  it('keeps every control’s full name while narrow bars show a short label', async () => {
    await renderCall(viewOf(therapist, [cleo, { ...sam, presence: 'waiting' }]), {
      person: therapistPerson,
    });
    const bar = screen.getByRole('toolbar', { name: 'Call controls' });
    const names = within(bar)
      .getAllByRole('button')
      .map((b) => b.textContent);
    expect(names).toHaveLength(9);
    for (const name of [
      'Microphone',
      'Camera',
      'Share screen',
      'Raise hand',
      'Chat',
      'Breakout rooms',
      'Connection details',
      'Leave',
    ]) {
      expect(within(bar).getByRole('button', { name })).toBeTruthy();
    }
    expect(within(bar).getByRole('button', { name: /^Participants\s?1 waiting$/ })).toBeTruthy();
    // The short forms are for the eye only.
    const connection = within(bar).getByRole('button', { name: 'Connection details' });
    expect(connection.querySelector('[aria-hidden="true"]')?.textContent).toBe('Connection');
    // Leave comes last, after one's own media and the panels.
    expect(within(bar).getAllByRole('button').at(-1)?.textContent).toBe('Leave');
  });

  it('switches the microphone and camera from the Connection details in the call', async () => {
    const call = await renderCall(viewOf(cleo, [therapist]));
    await press('Connection details');
    await act(() => settle());
    const panel = screen.getByRole('region', { name: 'Connection details' });
    const microphone = within(panel).getByRole('combobox', { name: 'Microphone to use' });
    expect(
      within(microphone)
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Built-in microphone', 'USB headset']);
    await act(async () => {
      fireEvent.change(microphone, { target: { value: 'audio-usb' } });
      await settle();
    });
    const sent = call.media.device.send.produced.find((p) => p.kind === 'audio');
    expect(sent?.track?.getSettings().deviceId).toBe('audio-usb');
    expect((microphone as HTMLSelectElement).value).toBe('audio-usb');

    const camera = within(panel).getByRole('combobox', { name: 'Camera to use' });
    await act(async () => {
      fireEvent.change(camera, { target: { value: 'video-usb' } });
      await settle();
    });
    const video = call.media.device.send.produced.find((p) => p.kind === 'video');
    expect(video?.track?.getSettings().deviceId).toBe('video-usb');
    // The server was not asked to renegotiate: the same producers carry the new tracks.
    expect(call.live().sent('media:produce')).toHaveLength(2);
  });
});
