import { faultInjectionAvailableOrWarn } from '../support/net-faults';
import {
  audioPackets,
  cameraLayers,
  frames,
  type MediaCall,
  nextFrame,
  type Person,
  showPanel,
  sleep,
  startMediaCall,
  until,
  watchReadiness,
  workerPids,
} from './media-call';

// What really breaks on a therapy call, in real Chromium through the built server and its
// mediasoup worker: one client's MEDIA is cut (her UDP and her TCP to the SFU's port dropped by
// iptables for her browser's cgroup alone) while her socket.io connection stays up, for 20 s (her
// seat is held) and for 110 s (longer than the 60 s seat hold); 10 % of her media packets are
// lost for 30 s; the mediasoup worker is SIGKILLed. Throughout, the API process stays up,
// /health/ready answers 200 and the two other people keep seeing each other. One server for every
// scenario keeps the suite within a few minutes; the longest cut runs last.
//
// Delay is not tested: this kernel has no netem. How it could be: test/support/net-faults.ts.

// Timing here is generous (a shared, loaded machine); the targets (3 s after a cut, 5 s after a
// worker kill) are measured by `npm run bench -- resilience`.
const BACK_AFTER_CUT_MS = 30_000;
const BACK_AFTER_SEAT_LOST_MS = 60_000;
const BACK_AFTER_WORKER_KILL_MS = 15_000;
/** The longest gap in the others' video that still counts as "never stopped". */
const MAX_GAP_MS = 5_000;

const run = faultInjectionAvailableOrWarn('media faults (cgroup v2 + iptables)')
  ? describe
  : describe.skip;

run('one client’s media cut, lossy or its worker killed, in a live couple session', () => {
  let call: MediaCall;
  let everyone: Person[];

  beforeAll(async () => {
    const t0 = Date.now();
    const step = (what: string) => console.log(`set-up: ${what} after ${Date.now() - t0} ms`);
    call = await startMediaCall();
    step('server and sign-ins');
    everyone = [call.therapist, call.ana, call.ben];
    for (const person of everyone) await call.enter(person);
    step('everyone in');
    for (const person of everyone) await showPanel(person, 'Devices');
    for (const viewer of everyone) {
      for (const from of everyone) {
        if (viewer !== from) await nextFrame(viewer, from, 0, 45_000);
      }
    }
    step('everyone sees everyone');
  }, 240_000);

  afterAll(async () => {
    if (process.env.HEARTH_FAULTS_LOG && call) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(process.env.HEARTH_FAULTS_LOG, call.server.output.join('\n'));
    }
    await call?.close();
  }, 60_000);

  const others = () => [call.therapist, call.ben];

  /**
   * Runs `during` for `ms` while checking every second that the API lives, that the therapist and
   * Ben keep seeing each other; returns the longest gap between their frames and the readiness
   * failures.
   */
  async function hold(ms: number): Promise<{ gapMs: number; notReady: number[] }> {
    const readiness = watchReadiness(call.server);
    const startedAt = Date.now();
    let gapMs = 0;
    let notReady: number[] = [];
    const end = Date.now() + ms;
    try {
      while (Date.now() < end) {
        await sleep(1000);
        expect(call.server.child.exitCode).toBeNull();
        const now = Date.now();
        for (const [viewer, from] of [
          [call.therapist, call.ben],
          [call.ben, call.therapist],
        ] as const) {
          const gap = now - (await frames(viewer, from)).lastAt;
          if (gap > MAX_GAP_MS && gap > gapMs) {
            console.log(
              `${viewer.key} has seen no frame of ${from.key}'s for ${gap} ms, ${now - startedAt} ms into the cut`,
            );
          }
          gapMs = Math.max(gapMs, gap);
        }
      }
    } finally {
      notReady = await readiness.stop();
    }
    return { gapMs, notReady };
  }

  /** Restores the network; returns ms from then to the first frame of Ana's at each of the others. */
  async function restoreAndTimeBack(timeoutMs: number): Promise<Record<string, number>> {
    const restoredAt = Date.now();
    call.faults.restore();
    const back: Record<string, number> = {};
    await Promise.all([
      ...others().map(async (viewer) => {
        back[`${viewer.key} sees ana`] =
          (await nextFrame(viewer, call.ana, restoredAt, timeoutMs)) - restoredAt;
      }),
      ...others().map(async (from) => {
        back[`ana sees ${from.key}`] =
          (await nextFrame(call.ana, from, restoredAt, timeoutMs)) - restoredAt;
      }),
    ]);
    return back;
  }

  function cutAna(): void {
    call.faults.cut({ sfuPort: call.sfuPort });
  }

  it('a 20 s media cut: the seat is held, the others carry on, and her video comes back by itself', async () => {
    const before = await call.ana.page.evaluate(() => performance.timeOrigin);
    cutAna();
    const { gapMs, notReady } = await hold(20_000);
    // The cut is real: nobody saw a frame of Ana's for the last seconds of it.
    for (const viewer of others()) {
      expect(Date.now() - (await frames(viewer, call.ana)).lastAt).toBeGreaterThan(5_000);
    }
    const back = await restoreAndTimeBack(BACK_AFTER_CUT_MS);
    console.log(`20 s cut: others' longest gap ${gapMs} ms; back after ${JSON.stringify(back)}`);
    expect(notReady).toEqual([]);
    expect(gapMs).toBeLessThan(MAX_GAP_MS);
    expect(call.server.child.exitCode).toBeNull();
    // The same page and the same seat: no reload, no waiting room.
    expect(await call.ana.page.evaluate(() => performance.timeOrigin)).toBe(before);
    expect(await call.ana.page.getByRole('heading', { name: 'Waiting room' }).count()).toBe(0);
  }, 120_000);

  it('10 % random loss on her media for 30 s: video flows on at a lower layer, audio flows on', async () => {
    // Before the loss the therapist receives the layer her tile asks for (640 wide on this
    // viewport) once Ana's sending has ramped up after the earlier tests: after the 110 s cut her
    // browser sent only the layer still wanted (dynacast) and its bandwidth estimate starts low,
    // so on a busy machine the middle layer may take a while to come back.
    // If it does not, her browser must have turned the layer back on (dynacast asked for it)
    // and be holding it back for its own CPU or bandwidth: the machine's doing, not Hearth's.
    // The loss must then still leave video and audio flowing, but no lower layer can show.
    // The width that met the wait: read again a moment later, the layer may already have
    // dropped on a busy machine, and the comparison below is with what she received before.
    let widthBefore = 0;
    const midLayer = await until(
      'the therapist receives Ana’s 640-wide layer',
      async () => {
        widthBefore = (await frames(call.therapist, call.ana)).width;
        return widthBefore >= 640;
      },
      60_000,
    ).then(
      () => true,
      async (error: Error) => {
        const layers = await cameraLayers(call.ana);
        const mid = layers.find((layer) => layer.rid === 'r1');
        console.log(`middle layer not received before the loss: ${JSON.stringify(layers)}`);
        if (!mid?.active || !['cpu', 'bandwidth'].includes(mid.limitation)) throw error;
        return false;
      },
    );
    call.faults.cut({ sfuPort: call.sfuPort, probability: 0.1 });
    let videoGapMs = 0;
    let audioStalls = 0;
    const widths = new Set<number>();
    const readiness = watchReadiness(call.server);
    try {
      const started = Date.now();
      const end = Date.now() + 30_000;
      let audioBefore = await audioPackets(call.therapist, call.ana);
      let lastAudioCheck = Date.now();
      while (Date.now() < end) {
        await sleep(500);
        const seen = await frames(call.therapist, call.ana);
        videoGapMs = Math.max(videoGapMs, Date.now() - seen.lastAt);
        if (!widths.has(seen.width))
          console.log(`width ${seen.width} after ${Date.now() - started} ms`);
        widths.add(seen.width);
        // The panel's figures refresh every second: a 3 s window sees at least two refreshes.
        if (Date.now() - lastAudioCheck >= 3000) {
          const audioNow = await audioPackets(call.therapist, call.ana);
          if (audioNow <= audioBefore) audioStalls += 1;
          audioBefore = audioNow;
          lastAudioCheck = Date.now();
        }
      }
    } finally {
      call.faults.restore();
    }
    expect(await readiness.stop()).toEqual([]);
    console.log(
      `10 % loss: width before ${widthBefore}, widths seen ${[...widths].join(', ')}, longest video gap ${videoGapMs} ms, audio stalls ${audioStalls}`,
    );
    expect(videoGapMs).toBeLessThan(MAX_GAP_MS);
    expect(audioStalls).toBe(0);
    // Her browser sends less when its estimate falls, and the SFU forwards a lower simulcast layer.
    if (midLayer) expect(Math.min(...widths)).toBeLessThan(widthBefore);
  }, 120_000);

  it('SIGKILL of the mediasoup worker: everyone decodes everyone’s video again', async () => {
    const [worker] = workerPids(call.server);
    expect(worker).toBeGreaterThan(0);
    const pairs = everyone.flatMap((viewer) =>
      everyone.filter((from) => from !== viewer).map((from) => [viewer, from] as const),
    );
    const oldTracks = await Promise.all(
      pairs.map(async ([viewer, from]) => (await frames(viewer, from)).track),
    );
    const killedAt = Date.now();
    process.kill(worker!, 'SIGKILL');
    const back: Record<string, number> = {};
    await Promise.all(
      pairs.map(async ([viewer, from], i) => {
        back[`${viewer.key} sees ${from.key}`] =
          (await nextFrame(viewer, from, killedAt, BACK_AFTER_WORKER_KILL_MS, oldTracks[i])) -
          killedAt;
      }),
    );
    console.log(`worker SIGKILL: video back after ${JSON.stringify(back)}`);
    expect(call.server.output.join('\n')).toContain('media worker replaced');
    expect(call.server.child.exitCode).toBeNull();
  }, 60_000);

  it('a 110 s media cut (longer than the seat hold): the process lives and she gets back in by herself', async () => {
    cutAna();
    const { gapMs, notReady } = await hold(110_000);
    const back = await restoreAndTimeBack(BACK_AFTER_SEAT_LOST_MS);
    console.log(`110 s cut: others' longest gap ${gapMs} ms; back after ${JSON.stringify(back)}`);
    expect(notReady).toEqual([]);
    expect(gapMs).toBeLessThan(MAX_GAP_MS);
    await until(
      'the therapist sees Ana admitted',
      async () =>
        (await call.therapist.page
          .locator(
            `[data-testid="video-tile"][data-participant-id="${call.ana.id}"][data-presence="admitted"]`,
          )
          .count()) === 1,
    );
    // And still up a while later (the hold timer's aftermath once crashed the process).
    await sleep(5_000);
    expect(call.server.child.exitCode).toBeNull();
  }, 240_000);
});
