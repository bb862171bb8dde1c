import { api } from '../support/api';
import { type Coturn, shippedPeerRules, startCoturn } from '../support/coturn';
import { faultInjectionAvailableOrWarn } from '../support/net-faults';
import {
  iceReport,
  type MediaCall,
  nextFrame,
  type Person,
  password,
  selectedPairs,
  startMediaCall,
  until,
} from './media-call';

// TURN proven: coturn on 127.0.0.1 with the shipped peer rules (test/support/coturn.ts says the one
// exception the test needs), the API handing out short-lived credentials for it from
// /api/ice-servers, and a client whose network lets no UDP out and no TCP to the SFU (iptables on
// her browser's cgroup) joining a couple session through TURN over TCP, then over TLS, and both
// ways decoding video. Her selected candidate pair must be a relay over that transport.

const TTL_SECONDS = 600;

const run = faultInjectionAvailableOrWarn('TURN relay (cgroup v2 + iptables)')
  ? describe
  : describe.skip;

run('a client whose network blocks UDP joins through coturn', () => {
  let coturn: Coturn;
  let call: MediaCall;

  beforeAll(async () => {
    coturn = await startCoturn({ sfuAddress: '127.0.0.1' });
    call = await startMediaCall(
      {
        TURN_URLS: coturn.urls,
        TURN_SECRET: coturn.secret,
        TURN_CREDENTIAL_TTL_SECONDS: String(TTL_SECONDS),
      },
      // The test's self-signed certificate, trusted by its key hash (Chromium's own option).
      { anaArgs: [`--ignore-certificate-errors-spki-list=${coturn.spkiHash}`] },
    );
    for (const person of [call.therapist, call.ben]) await call.enter(person);
  }, 180_000);

  afterAll(async () => {
    try {
      await call?.close();
    } finally {
      await coturn?.stop();
    }
  }, 60_000);

  it('runs coturn with the production peer rules', () => {
    const rules = shippedPeerRules();
    expect(rules).toContain('denied-peer-ip=127.0.0.0-127.255.255.255');
    expect(rules).toContain('denied-peer-ip=10.0.0.0-10.255.255.255');
    expect(rules.length).toBeGreaterThan(20);
  });

  it('gives short-lived coturn credentials from /api/ice-servers', async () => {
    const { accessToken } = await api<{ accessToken: string }>(
      call.server,
      'POST',
      '/api/auth/login',
      {
        email: call.ana.email,
        password,
      },
    );
    const now = Math.floor(Date.now() / 1000);
    const reply = await api<{
      iceServers: { urls: string[]; username?: string; credential?: string }[];
      expiresAt: string;
    }>(call.server, 'GET', '/api/ice-servers', undefined, accessToken);
    const relay = reply.iceServers.find((s) => s.username);
    expect(relay?.urls).toEqual(coturn.urls.split(','));
    const [expiry, personId] = relay!.username!.split(':');
    expect(personId).toBe(call.ana.id);
    expect(Number(expiry)).toBeGreaterThan(now);
    expect(Number(expiry)).toBeLessThanOrEqual(now + TTL_SECONDS + 5);
    expect(new Date(reply.expiresAt).getTime()).toBe(Number(expiry) * 1000);
  });

  async function joinsThrough(transport: 'tcp' | 'tls', blockedTurnPort: number): Promise<void> {
    // No UDP at all, no TCP to the SFU, and not the other TURN listener: only this one is left.
    call.faults.cut({ sfuPort: call.sfuPort, tcpPorts: [blockedTurnPort] });
    const joinedAt = Date.now();
    await call.enter(call.ana);
    const others: Person[] = [call.therapist, call.ben];
    try {
      await Promise.all([
        ...others.map((viewer) => nextFrame(viewer, call.ana, joinedAt, 45_000)),
        ...others.map((from) => nextFrame(call.ana, from, joinedAt, 45_000)),
      ]);
    } catch (error) {
      // Her side of ICE and coturn's last words tell where the path broke.
      throw new Error(
        `${(error as Error).message}\nher ICE: ${await iceReport(call.ana)}\n` +
          `coturn: ${coturn.output.slice(-30).join('\n')}`,
      );
    }
    let pairs: Awaited<ReturnType<typeof selectedPairs>> = [];
    await until('her peer connections are connected', async () => {
      pairs = await selectedPairs(call.ana);
      return pairs.length >= 2;
    });
    console.log(`TURN over ${transport}: selected pairs ${JSON.stringify(pairs)}`);
    for (const pair of pairs) {
      expect(pair).toMatchObject({ localType: 'relay', relayProtocol: transport });
    }
  }

  it('joins through TURN over TCP and everyone decodes video both ways', async () => {
    await joinsThrough('tcp', coturn.tlsPort);
  }, 120_000);

  it('joins through TURN over TLS and everyone decodes video both ways', async () => {
    // A fresh page: she leaves and comes back with only the TLS listener reachable.
    await call.ana.page.goto(`${call.server.url}/`);
    await joinsThrough('tls', coturn.tcpPort);
  }, 120_000);
});
