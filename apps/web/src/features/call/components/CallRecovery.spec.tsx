import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import {
  cleo,
  consumerFor,
  samId,
  sam,
  settle,
  therapist,
  therapistPerson,
} from '../../../testing/fake-call';
import { openTab, press, renderCall, viewOf } from '../../../testing/render-call';

const tileOf = (id: string) =>
  screen.getAllByTestId('video-tile').find((t) => t.dataset['participantId'] === id) as HTMLElement;

describe('the call when the network falters', () => {
  it('says the audio and video are reconnecting while ICE restarts, and stops once back', async () => {
    const call = await renderCall(viewOf(cleo, [therapist]));
    await act(async () => {
      call.media.device.recv.changeState('disconnected');
      await settle();
    });
    expect(screen.getByTestId('reconnecting-banner').textContent).toBe(
      'Reconnecting your audio and video… You stay in the session.',
    );
    expect(within(tileOf(cleo.id)).getByText('Reconnecting…')).toBeTruthy();
    await act(async () => call.media.device.recv.changeState('connected'));
    expect(screen.queryByTestId('reconnecting-banner')).toBeNull();
  });

  it('shows a connection indicator on every tile, in words for screen readers', async () => {
    const call = await renderCall(viewOf(cleo, [sam, therapist]));
    await call.server('media:consumer:new', consumerFor(samId, 'video'));
    await call.server('media:quality', {
      producers: [{ producerId: 'producer-1', score: 10 }],
      consumers: [
        { consumerId: `consumer-${samId.slice(0, 4)}-video`, score: 9, producerScore: 2 },
      ],
    });
    const sams = within(tileOf(samId)).getByTestId('connection-indicator');
    expect(sams.dataset['grade']).toBe('poor');
    expect(within(sams).getByText('Connection: poor')).toBeTruthy();
    expect(within(tileOf(cleo.id)).getByText('Your connection: good')).toBeTruthy();
  });

  it('offers audio only on a weak downlink, and tells the server when taken', async () => {
    // The stats' clock moves only when the test says, so readings do not hang on the load.
    let clock = 0;
    const call = await renderCall(viewOf(cleo, [sam, therapist]), {
      options: { qualityIntervalMs: 20, now: () => clock },
    });
    await call.server('media:consumer:new', consumerFor(samId, 'video'));
    const recv = call.media.device.recv;
    const at = (received: number, lost: number, bytes: number) => [
      { id: 'T', type: 'transport', selectedCandidatePairId: 'P' },
      { id: 'P', type: 'candidate-pair', state: 'succeeded', currentRoundTripTime: 0.05 },
      {
        id: 'V',
        type: 'inbound-rtp',
        packetsReceived: received,
        packetsLost: lost,
        bytesReceived: bytes,
      },
    ];
    recv.stats = at(1000, 0, 100_000);
    // The first reading: nothing to compare yet, a short round trip.
    await waitFor(() => expect(call.client.getSnapshot().quality.self).toBe('good'), {
      timeout: 10_000,
    });
    // Two seconds later: three packets in four lost and little arriving; no room for video.
    recv.stats = at(1100, 300, 110_000);
    clock = 2000;
    const offer = await screen.findByTestId('audio-only-offer', {}, { timeout: 10_000 });
    expect(offer.textContent).toContain('Your connection is too weak for video.');
    expect(call.live().sent('media:downlink').length).toBeGreaterThan(0);

    await press('Switch to audio only');
    expect(screen.queryByTestId('audio-only-offer')).toBeNull();
    expect(call.live().sent('media:audio-only')).toEqual([{ enabled: true }]);
    await openTab('Devices');
    const box = screen.getByRole('checkbox', { name: /Audio only/ }) as HTMLInputElement;
    expect(box.checked).toBe(true);
    await act(async () => {
      box.click();
      await settle();
    });
    expect(call.live().sent('media:audio-only')).toEqual([{ enabled: true }, { enabled: false }]);
    call.client.dispose();
  });

  it('shows a media failure in plain words, never the browser’s, with a Try again button', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const call = await renderCall(viewOf(cleo, [therapist]), { options: { mediaRetryMs: [] } });
    call.live().refuse('media:capabilities', 'internal', 'Failed to set remote answer sdp');
    await act(async () => {
      await call.client.retryMedia();
      await settle();
    });
    const problem = screen.getByTestId('media-problem');
    expect(problem.getAttribute('role')).toBe('alert');
    expect(problem.textContent).toContain('Your audio and video could not be set up.');
    expect(document.body.textContent).not.toContain('sdp');

    call.live().answer('media:capabilities', { data: { rtpCapabilities: { codecs: [] } } });
    await press('Try again');
    expect(screen.queryByTestId('media-problem')).toBeNull();
    expect(call.client.getSnapshot().media).toBe('live');
    // The raw text went to the console, for whoever supports the person.
    expect(warn).toHaveBeenCalledWith(
      '[call] media set-up:',
      'LiveRequestError',
      'Failed to set remote answer sdp',
    );
    warn.mockRestore();
  });

  it('shows the therapist who is on a poor connection', async () => {
    await renderCall(viewOf(therapist, [{ ...sam, connection: 'poor' } as typeof sam, cleo]), {
      person: therapistPerson,
    });
    await openTab('People');
    const row = screen
      .getAllByTestId('participant-row')
      .find((r) => r.dataset['participantId'] === samId) as HTMLElement;
    expect(row.dataset['connection']).toBe('poor');
    expect(row.textContent).toContain('poor connection');
  });
});
