import { faultInjectionAvailableOrWarn } from '../support/net-faults';
import {
  audioPackets,
  type MediaCall,
  nextFrame,
  showPanel,
  startMediaCall,
  until,
} from './media-call';

// A person who joins before their camera and microphone are ready — the browser still starting
// them, or waiting for the person to allow them — must be seen and heard once they are: their
// tracks go out as soon as they arrive, without a click. Ana's getUserMedia answers only after
// 8 s and she presses Join at once.

const DEVICES_DELAY_MS = 8_000;

// The media-call harness runs Ana's browser in a cgroup of its own (root and cgroup v2).
const run = faultInjectionAvailableOrWarn('late devices (the media-call harness)')
  ? describe
  : describe.skip;

run('a client who joins before her camera is ready', () => {
  let call: MediaCall;

  beforeAll(async () => {
    call = await startMediaCall({}, { anaDevicesDelayMs: DEVICES_DELAY_MS });
    await call.enter(call.therapist);
  }, 180_000);

  afterAll(async () => {
    await call?.close();
  }, 60_000);

  it('is seen and heard once her devices start, with no click', async () => {
    const joinedAt = Date.now();
    await call.enter(call.ana);
    // She is in the call before her devices answered.
    expect(
      await call.ana.page.evaluate(
        () => (window as unknown as { __devicesAnswered: number }).__devicesAnswered,
      ),
    ).toBe(0);
    await nextFrame(call.therapist, call.ana, joinedAt, 30_000);
    await showPanel(call.therapist, 'Devices');
    await until(
      'the therapist receives her audio',
      async () => (await audioPackets(call.therapist, call.ana)) > 0,
      15_000,
    );
  }, 90_000);
});
