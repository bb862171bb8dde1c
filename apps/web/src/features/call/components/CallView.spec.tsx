import { act, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleo, sam, settle, therapist, therapistPerson } from '../../../testing/fake-call';
import { openTab, press, renderCall, viewOf } from '../../../testing/render-call';

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

  it('gives three people two rows of large tiles on a laptop’s stage beside the side panel', async () => {
    // What a 1280×800 window leaves the stage beside the open side panel.
    stageOf(890, 640);
    await renderCall(viewOf(therapist, [cleo, sam]), { person: therapistPerson });
    await openTab('Devices');
    const call = screen.getByRole('region', { name: 'Video' }).closest('.call') as HTMLElement;
    expect(call.dataset['drawer']).toBe('open');
    const tiles = tileBoxes();
    expect(tiles).toHaveLength(3);
    // Two on the first row, one centred under them; none squeezed into a column.
    expect(tiles[0]?.y).toBe(tiles[1]?.y);
    expect(tiles[2]?.y).toBeGreaterThan((tiles[0]?.y ?? 0) + (tiles[0]?.height ?? 0));
    for (const tile of tiles) {
      expect(tile.width).toBeGreaterThanOrEqual(320);
      expect(tile.x + tile.width).toBeLessThanOrEqual(890);
      expect(tile.y + tile.height).toBeLessThanOrEqual(640);
    }

    await press(/^Side panel/);
    expect(call.dataset['drawer']).toBe('closed');
    expect(screen.queryByRole('tablist', { name: 'Side panel' })).toBeNull();

    // Open again, it closes from inside too (the phone's bottom sheet covers the bar's button),
    // and the keyboard's focus goes back to the button that opens it.
    await press(/^Side panel/);
    await press('Close side panel');
    expect(call.dataset['drawer']).toBe('closed');
    const bar = screen.getByRole('toolbar', { name: 'Call controls' });
    expect(document.activeElement).toBe(within(bar).getByRole('button', { name: /^Side panel/ }));
  });

  it('keeps every control’s full name while narrow bars show a short label', async () => {
    await renderCall(viewOf(therapist, [cleo, { ...sam, presence: 'waiting' }]), {
      person: therapistPerson,
    });
    const bar = screen.getByRole('toolbar', { name: 'Call controls' });
    expect(within(bar).getAllByRole('button')).toHaveLength(7);
    for (const name of [
      'Microphone',
      'Camera',
      'Share screen',
      'Raise hand',
      'Side panel',
      'More',
      'Leave',
    ]) {
      expect(within(bar).getByRole('button', { name })).toBeTruthy();
    }
    // The short forms are for the eye only.
    const share = within(bar).getByRole('button', { name: 'Share screen' });
    expect(share.querySelector('[aria-hidden="true"]:not(svg)')?.textContent).toBe('Share');
    // Leave comes last, after one's own media, the panel and the menu.
    expect(within(bar).getAllByRole('button').at(-1)?.textContent).toBe('Leave');
    // The panel's tabs carry the counts: one person waits to be let in.
    const tabs = screen.getByRole('tablist', { name: 'Side panel' });
    expect(
      within(tabs)
        .getAllByRole('tab')
        .map((t) => t.textContent),
    ).toEqual(['Agenda', 'Chat', 'People 1 waiting', 'Rooms', 'Alerts', 'Devices']);
    expect(within(tabs).getByRole('tab', { name: /^People\s?1 waiting$/ })).toBeTruthy();
    // Closed, the panel's button carries the count instead.
    await press('Side panel');
    expect(within(bar).getByRole('button', { name: 'Side panel 1 new' })).toBeTruthy();
  });

  it('switches the microphone and camera from the Connection details in the call', async () => {
    const call = await renderCall(viewOf(cleo, [therapist]));
    await openTab('Devices');
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
