import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';

// A UDP relay that holds every datagram for a fixed time, both ways: the delay a long or busy
// network path adds, without netem. Each client address gets an upstream socket of its own, so
// the target sees one peer per client and answers it there; answers go back to the client from
// the relay's own port (so a DNAT in front of it reverses them, see NetFaults.routeThrough).
// Only node: imports.

export interface UdpDelay {
  readonly port: number;
  /** Datagrams forwarded so far, each way. */
  readonly forwarded: { toTarget: number; toClient: number };
  stop(): Promise<void>;
}

export async function startUdpDelay(options: {
  readonly targetPort: number;
  readonly targetHost?: string;
  /** Added one way; a round trip gets twice this. */
  readonly delayMs: number;
}): Promise<UdpDelay> {
  const host = options.targetHost ?? '127.0.0.1';
  const front = createSocket('udp4');
  const upstreams = new Map<string, Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const forwarded = { toTarget: 0, toClient: 0 };
  let stopped = false;
  const later = (send: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) send();
    }, options.delayMs);
    timers.add(timer);
  };
  const upstreamFor = (client: RemoteInfo): Socket => {
    const key = `${client.address}:${client.port}`;
    let upstream = upstreams.get(key);
    if (!upstream) {
      const socket = createSocket('udp4');
      socket.on('message', (message) =>
        later(() => {
          forwarded.toClient += 1;
          front.send(message, client.port, client.address);
        }),
      );
      socket.on('error', () => undefined);
      socket.bind(0, '127.0.0.1');
      upstreams.set(key, socket);
      upstream = socket;
    }
    return upstream;
  };
  front.on('message', (message, client) => {
    const upstream = upstreamFor(client);
    later(() => {
      forwarded.toTarget += 1;
      upstream.send(message, options.targetPort, host);
    });
  });
  front.on('error', () => undefined);
  await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', resolve));
  return {
    port: front.address().port,
    forwarded,
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      for (const socket of [front, ...upstreams.values()]) {
        await new Promise<void>((resolve) => socket.close(() => resolve()));
      }
    },
  };
}
