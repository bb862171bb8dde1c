import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeTransport } from '../../../testing/fake-call';
import { createIceRecovery, type IceRecoveryDeps } from './ice-recovery';
import { LiveRequestError } from './live-connection';

function recoveryWith(restart: IceRecoveryDeps['restart'], up = () => true) {
  const events: boolean[] = [];
  let rebuilds = 0;
  const recovery = createIceRecovery({
    restart,
    canRestart: up,
    rebuild: () => {
      rebuilds += 1;
    },
    onRecovering: (on) => events.push(on),
    delaysMs: [1000, 2000],
  });
  return { recovery, events, rebuilds: () => rebuilds };
}

const transport = (id = 'recv-1') =>
  new FakeTransport('recv', {
    id,
    iceParameters: {},
    iceCandidates: [],
    dtlsParameters: {},
  } as never);

describe('ICE recovery', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('restarts at once, then with backoff until the transport connects', async () => {
    const restarts: string[] = [];
    const r = recoveryWith(async (t) => restarts.push(t.id));
    const t = transport();
    r.recovery.observe(t, 'disconnected');
    expect(r.events).toEqual([true]);
    await vi.advanceTimersByTimeAsync(0);
    expect(restarts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(restarts).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(restarts).toHaveLength(3);
    // The last delay repeats, for as long as the cut lasts.
    await vi.advanceTimersByTimeAsync(2000 * 10);
    expect(restarts).toHaveLength(13);
    r.recovery.observe(t, 'connected');
    expect(r.events).toEqual([true, false]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(restarts).toHaveLength(13);
    expect(r.recovery.recovering()).toBe(false);
  });

  it('runs one loop per transport, however many times the state repeats', async () => {
    const restarts: string[] = [];
    const r = recoveryWith(async (t) => restarts.push(t.id));
    const a = transport('a');
    const b = transport('b');
    r.recovery.observe(a, 'disconnected');
    r.recovery.observe(a, 'failed');
    r.recovery.observe(b, 'failed');
    await vi.advanceTimersByTimeAsync(0);
    expect(restarts.sort()).toEqual(['a', 'b']);
    r.recovery.observe(a, 'connected');
    expect(r.events).toEqual([true]);
    r.recovery.observe(b, 'connected');
    expect(r.events).toEqual([true, false]);
  });

  it('waits while the signalling is down, and stops once the transport is closed', async () => {
    let up = false;
    const restarts: string[] = [];
    const r = recoveryWith(
      async (t) => restarts.push(t.id),
      () => up,
    );
    const t = transport();
    r.recovery.observe(t, 'failed');
    await vi.advanceTimersByTimeAsync(3000);
    expect(restarts).toEqual([]);
    up = true;
    await vi.advanceTimersByTimeAsync(2000);
    expect(restarts).toHaveLength(1);
    t.close();
    await vi.advanceTimersByTimeAsync(2000);
    expect(restarts).toHaveLength(1);
    expect(r.recovery.recovering()).toBe(false);
  });

  it('keeps trying through time-outs, and sets the media up afresh after repeated refusals', async () => {
    let answer: Error = new LiveRequestError('timeout', 'no answer');
    const r = recoveryWith(async () => {
      throw answer;
    });
    r.recovery.observe(transport(), 'failed');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(r.rebuilds()).toBe(0);
    answer = new LiveRequestError('not_found', 'No such transport');
    await vi.advanceTimersByTimeAsync(6000);
    expect(r.rebuilds()).toBe(1);
    expect(r.recovery.recovering()).toBe(false);
  });

  it('stops every loop on reset', async () => {
    const restarts: string[] = [];
    const r = recoveryWith(async (t) => restarts.push(t.id));
    r.recovery.observe(transport(), 'failed');
    await vi.advanceTimersByTimeAsync(0);
    r.recovery.reset();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(restarts).toHaveLength(1);
    expect(r.events).toEqual([true, false]);
  });
});
