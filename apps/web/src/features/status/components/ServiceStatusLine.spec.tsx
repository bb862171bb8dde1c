import { act, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  answering,
  notReadyBody,
  readyBody,
  renderApp,
  type FakeFetch,
} from '../../../testing/render-app';

const footerStatus = () => within(screen.getByRole('contentinfo')).getByRole('status');

describe('service status in the footer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says it is checking, then that the service is ready', async () => {
    renderApp('/', answering(200, readyBody));
    expect(footerStatus().textContent).toBe('Service: checking…');
    expect(footerStatus().getAttribute('aria-live')).toBe('polite');
    await screen.findByText('Service: ready');
  });

  it('tells people the service is unavailable when the API is not ready', async () => {
    renderApp('/', answering(503, notReadyBody));
    await screen.findByText('Service unavailable — try again shortly');
  });

  it('tells people the service is unavailable when the API cannot be reached', async () => {
    renderApp('/', () => Promise.reject(new TypeError('fetch failed')));
    await screen.findByText('Service unavailable — try again shortly');
  });

  it('checks again by itself and shows when the service comes back', async () => {
    vi.useFakeTimers();
    let up = false;
    const fetch: FakeFetch = (url, init) =>
      up ? answering(200, readyBody)(url, init) : answering(503, notReadyBody)(url, init);
    renderApp('/', fetch);
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(footerStatus().textContent).toBe('Service unavailable — try again shortly');

    up = true;
    await act(() => vi.advanceTimersByTimeAsync(15_000));
    expect(footerStatus().textContent).toBe('Service: ready');
  });
});
