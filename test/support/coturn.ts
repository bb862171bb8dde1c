import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths';

// coturn (Debian's `turnserver`) on 127.0.0.1 for the TURN tests: a TCP and a TLS listener (TLS
// with a self-signed certificate made here with openssl), Hearth's time-limited credentials
// (`use-auth-secret` with a shared secret), and the production peer rules of
// docker/coturn/turnserver.conf read from that file, so the test proves the shipped rules.
//
// One exception, and why: in the test the SFU listens on 127.0.0.1, a loopback peer that the
// shipped rules (rightly) deny. coturn refuses loopback peers unless `allow-loopback-peers`, and
// `allowed-peer-ip` lets exactly one address through the denied ranges: only 127.0.0.1, the SFU's
// address, is allowed; every other denied range (the rest of 127/8, private, link-local, ...)
// stays denied. That is the shipped config's own advice for an SFU on a private address.

export interface Coturn {
  /** Where coturn listens: plain TURN over TCP (also UDP) and TURN over TLS. */
  readonly tcpPort: number;
  readonly tlsPort: number;
  /** The shared secret (give the API the same as TURN_SECRET). */
  readonly secret: string;
  /** TURN_URLS for the API: the TCP and the TLS listener. */
  readonly urls: string;
  /** The certificate's SHA-256 SPKI hash (base64), for Chromium's --ignore-certificate-errors-spki-list. */
  readonly spkiHash: string;
  readonly output: string[];
  stop(): Promise<void>;
}

/** The peer rules (denied-peer-ip lines) of the shipped coturn configuration. */
export function shippedPeerRules(): string[] {
  return readFileSync(join(repoRoot, 'docker/coturn/turnserver.conf'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('denied-peer-ip='));
}

async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startCoturn(options: { sfuAddress: string }): Promise<Coturn> {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-coturn-'));
  let child: ChildProcess | undefined;
  const stop = async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const cert = join(dir, 'cert.pem');
    const key = join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const spkiHash = execFileSync('sh', [
      '-c',
      `openssl x509 -in '${cert}' -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64`,
    ])
      .toString()
      .trim();
    const tcpPort = await freeTcpPort();
    let tlsPort = await freeTcpPort();
    while (tlsPort === tcpPort) tlsPort = await freeTcpPort();
    const relayBase = 50_000 + (process.pid % 100) * 100;
    const secret = randomBytes(32).toString('hex');
    const config = [
      'listening-ip=127.0.0.1',
      'relay-ip=127.0.0.1',
      `listening-port=${tcpPort}`,
      `tls-listening-port=${tlsPort}`,
      `min-port=${relayBase}`,
      `max-port=${relayBase + 99}`,
      'realm=hearth',
      'use-auth-secret',
      `static-auth-secret=${secret}`,
      'fingerprint',
      `cert=${cert}`,
      `pkey=${key}`,
      'no-dtls',
      // As shipped (docker/coturn/turnserver.conf):
      'no-tcp-relay',
      'no-multicast-peers',
      'no-rfc5780',
      'no-stun-backward-compatibility',
      'response-origin-only-with-rfc5780',
      'no-software-attribute',
      'no-cli',
      ...shippedPeerRules(),
      // The test's only exception (see the top of this file): the SFU's own address.
      'allow-loopback-peers',
      `allowed-peer-ip=${options.sfuAddress}`,
      `userdb=${join(dir, 'turndb')}`,
      `pidfile=${join(dir, 'turnserver.pid')}`,
      'log-file=stdout',
      'simple-log',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'turnserver.conf'), config);
    const output: string[] = [];
    child = spawn('turnserver', ['-c', join(dir, 'turnserver.conf')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = child;
    started.stdout!.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n')));
    started.stderr!.on('data', (chunk: Buffer) => output.push(...chunk.toString().split('\n')));
    // Ready when both listeners accept connections.
    const deadline = Date.now() + 20_000;
    for (const port of [tcpPort, tlsPort]) {
      for (;;) {
        if (started.exitCode !== null) {
          throw new Error(`turnserver exited (${started.exitCode}):\n${output.join('\n')}`);
        }
        const open = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(500) })
          .then(() => true)
          .catch((error: Error & { cause?: { code?: string } }) => {
            return error.cause?.code !== 'ECONNREFUSED';
          });
        if (open) break;
        if (Date.now() > deadline) throw new Error(`turnserver did not listen on ${port}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    return {
      tcpPort,
      tlsPort,
      secret,
      urls: `turn:127.0.0.1:${tcpPort}?transport=tcp,turns:127.0.0.1:${tlsPort}?transport=tcp`,
      spkiHash,
      output,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
