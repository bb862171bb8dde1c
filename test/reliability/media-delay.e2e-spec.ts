import { faultInjectionAvailableOrWarn } from '../support/net-faults';
import { startUdpDelay, type UdpDelay } from '../support/udp-delay';
import {
  frames,
  type MediaCall,
  nextFrame,
  type Person,
  sleep,
  startMediaCall,
  until,
} from './media-call';

// Delay without netem: every datagram between Ana's browser and the SFU waits 150 ms in a
// user-space relay, each way (test/support/udp-delay.ts), and her only path to the SFU goes
// through it (a DNAT on her browser's cgroup, her TCP to the SFU dropped). A 300 ms round trip
// is a slow mobile or intercontinental path: the call must work through it both ways.

const ONE_WAY_MS = 150;
/**
 * The longest time without a new frame that still counts as flowing video — the same bound as
 * the other fault tests (a busy CI machine also delays the relay itself, which runs in the test).
 */
const MAX_GAP_MS = 5_000;

const run = faultInjectionAvailableOrWarn('media delay (cgroup v2 + iptables)')
  ? describe
  : describe.skip;

run('a client whose media path adds 150 ms each way', () => {
  let call: MediaCall;
  let relay: UdpDelay;

  beforeAll(async () => {
    call = await startMediaCall();
    relay = await startUdpDelay({ targetPort: call.sfuPort, delayMs: ONE_WAY_MS });
    for (const person of [call.therapist, call.ben]) await call.enter(person);
  }, 180_000);

  afterAll(async () => {
    try {
      await call?.close();
    } finally {
      await relay?.stop();
    }
  }, 60_000);

  it('joins, and everyone decodes video both ways with a 300 ms round trip', async () => {
    call.faults.routeThrough(call.sfuPort, relay.port);
    const joinedAt = Date.now();
    await call.enter(call.ana);
    const others: Person[] = [call.therapist, call.ben];
    await Promise.all([
      ...others.map((viewer) => nextFrame(viewer, call.ana, joinedAt, 30_000)),
      ...others.map((from) => nextFrame(call.ana, from, joinedAt, 30_000)),
    ]);
    // The round trip her browser measures shows the relay's delay.
    let rtt = 0;
    await until('her browser measures the round trip', async () => {
      rtt = await call.ana.page.evaluate(async () => {
        const pcs = (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? [];
        let worst = 0;
        for (const pc of pcs) {
          if (pc.connectionState !== 'connected') continue;
          for (const s of (await pc.getStats()).values() as Iterable<Record<string, unknown>>) {
            if (s['type'] === 'candidate-pair' && s['nominated']) {
              worst = Math.max(worst, Number(s['currentRoundTripTime'] ?? 0));
            }
          }
        }
        return worst;
      });
      return rtt > 0;
    });
    expect(rtt).toBeGreaterThanOrEqual((2 * ONE_WAY_MS * 0.9) / 1000);

    // 15 s of call: her video keeps flowing to the therapist and the therapist's to her.
    let gapMs = 0;
    const end = Date.now() + 15_000;
    while (Date.now() < end) {
      await sleep(500);
      const now = Date.now();
      gapMs = Math.max(
        gapMs,
        now - (await frames(call.therapist, call.ana)).lastAt,
        now - (await frames(call.ana, call.therapist)).lastAt,
      );
    }
    console.log(
      `delay ${ONE_WAY_MS} ms each way: round trip ${Math.round(rtt * 1000)} ms, longest gap ${gapMs} ms, ` +
        `datagrams relayed ${relay.forwarded.toTarget} out, ${relay.forwarded.toClient} back`,
    );
    expect(gapMs).toBeLessThan(MAX_GAP_MS);
    // Her media really crossed the relay all along: 15 s of audio and video, both ways.
    expect(relay.forwarded.toTarget).toBeGreaterThan(300);
    expect(relay.forwarded.toClient).toBeGreaterThan(300);
  }, 120_000);
});
