import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@hearth/contracts';
import { createLazyApiClient } from '../../api/lazy-client';
import { answering, notReadyBody, readyBody } from '../../testing/render-app';
import {
  checkServiceStatus,
  nextCheckDelayMs,
  serviceStatusText,
  toServiceStatus,
} from './service-status';

describe('toServiceStatus', () => {
  it('is ready only when the API says ready', () => {
    expect(toServiceStatus({ kind: 'answered', readiness: readyBody as never })).toBe('ready');
    expect(toServiceStatus({ kind: 'answered', readiness: notReadyBody as never })).toBe(
      'unavailable',
    );
  });

  it('treats any failure as unavailable', () => {
    expect(
      toServiceStatus({ kind: 'failed', error: new ApiError(503, 'http_error', 'down') }),
    ).toBe('unavailable');
    expect(toServiceStatus({ kind: 'failed', error: new TypeError('fetch failed') })).toBe(
      'unavailable',
    );
  });
});

describe('serviceStatusText', () => {
  it('says what a person can do about each status', () => {
    expect(serviceStatusText('checking')).toBe('Service: checking…');
    expect(serviceStatusText('ready')).toBe('Service: ready');
    expect(serviceStatusText('unavailable')).toBe('Service unavailable — try again shortly');
  });
});

describe('nextCheckDelayMs', () => {
  it('checks again sooner after a failure than while ready', () => {
    expect(nextCheckDelayMs('unavailable')).toBeLessThan(nextCheckDelayMs('ready'));
  });
});

describe('checkServiceStatus', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const clientFor = (fetch: (url: string) => Promise<Response>) =>
    createLazyApiClient({ baseUrl: '', fetch: fetch as typeof globalThis.fetch });

  it('asks the readiness endpoint of the contract', async () => {
    const requested: string[] = [];
    const status = await checkServiceStatus(clientFor(answering(200, readyBody, requested)));
    expect(status).toBe('ready');
    expect(requested).toEqual(['/health/ready']);
  });

  it('reports the 503 the API sends while its database is down as unavailable', async () => {
    expect(await checkServiceStatus(clientFor(answering(503, notReadyBody)))).toBe('unavailable');
  });

  it('reports a network failure as unavailable instead of rejecting', async () => {
    const offline = clientFor(() => Promise.reject(new TypeError('fetch failed')));
    expect(await checkServiceStatus(offline)).toBe('unavailable');
  });

  it('gives up on an API that never answers', async () => {
    vi.useFakeTimers();
    const hanging = clientFor(() => new Promise<Response>(() => {}));
    const status = checkServiceStatus(hanging, 1_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await status).toBe('unavailable');
  });
});
