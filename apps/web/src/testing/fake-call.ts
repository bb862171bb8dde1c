import {
  createCallClient,
  type CallClient,
  type CallClientDeps,
} from '../features/call/call-client/call-client';
import { sessionId } from './call-fixtures';
import { FakeLive } from './fake-live';
import { FakeMedia } from './fake-media';

// Fakes for the live call: a signalling connection that answers like the gateway (./fake-live),
// a mediasoup Device whose transports call back the way mediasoup-client's do (./fake-media),
// and the people and payloads of a call (./call-fixtures), put together into a call client.

export * from './call-fixtures';
export * from './fake-live';
export * from './fake-media';

export interface FakeCall {
  readonly client: CallClient;
  /** The connection the client opened (after its first request). */
  readonly live: () => FakeLive;
  readonly connections: FakeLive[];
  readonly media: FakeMedia;
  readonly auth: { token: string; renewals: number; renewWorks: boolean };
}

/** The client's settings a test may choose. */
export type FakeCallOptions = Pick<
  CallClientDeps,
  | 'now'
  | 'requestTimeoutMs'
  | 'iceServers'
  | 'preferences'
  | 'qualityIntervalMs'
  | 'mediaRetryMs'
  | 'background'
>;

/** A call client for `sessionId` over the fakes; `setUp` sees each connection as it opens. */
export function createFakeCall(
  setUp: (live: FakeLive) => void = () => {},
  options: FakeCallOptions = {},
): FakeCall {
  const connections: FakeLive[] = [];
  const media = new FakeMedia();
  const auth = { token: 'access-1', renewals: 0, renewWorks: true };
  const client = createCallClient({
    sessionId,
    auth: {
      accessToken: () => auth.token,
      async renew() {
        auth.renewals += 1;
        if (auth.renewWorks) auth.token = `access-${auth.renewals + 1}`;
        return auth.renewWorks;
      },
    },
    connect: (options) => {
      const live = new FakeLive(options);
      setUp(live);
      connections.push(live);
      return live;
    },
    captureTracks: (c) => media.captureTracks(c),
    captureScreen: () => media.captureScreen(),
    enumerateDevices: () => media.enumerateDevices(),
    createDevice: () => media.createDevice(),
    tileReportMs: 500,
    ...options,
  });
  return {
    client,
    live: () => connections.at(-1) as FakeLive,
    connections,
    media,
    auth,
  };
}

/** Lets queued acks and the awaits behind them run. */
export async function settle(rounds = 200): Promise<void> {
  for (let i = 0; i < rounds; i += 1) await Promise.resolve();
}
