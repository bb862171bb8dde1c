#!/usr/bin/env node
// Proves that the installed mediasoup-worker really forwards media, including the two parts the
// offline build replaces or patches: SRTP (libsrtp 3 API over Debian's libsrtp 2, see
// subprojects/libsrtp3/include/srtp.h) and the DTLS handshake (patches/0001-…).
//
// Everything runs on 127.0.0.1 inside one worker, in under ten seconds:
//
//   dgram sender ──RTP──▶ PlainTransport "in" (producer: opus, and VP8 straight to "out")
//     ▶ for each SRTP crypto suite: PlainTransport ══SRTP══▶ PlainTransport (consumer → producer)
//     ▶ WebRtcTransport (on a WebRtcServer) ⇄ dgram relay ⇄ WebRtcTransport:
//          ICE (STUN requests made here), DTLS handshake between the two, then SRTP
//     ▶ PlainTransport "out" (consumers) ──RTP──▶ dgram receiver: every payload must arrive.
//
// Usage (Node >= 22, as mediasoup 3.27 requires):
//   node tools/mediasoup-worker/verify-worker.mjs [--root DIR]
// Exit code 0 when all checks pass, 1 otherwise.

import crypto from 'node:crypto';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const TAG = '[verify-worker]';
const PACKETS = 50;
const PACKET_INTERVAL_MS = 20;
// Loopback loses nothing, but a worker still setting up a hop may drop the first packets.
const MIN_DELIVERED = 0.9;
const OVERALL_TIMEOUT_MS = 30_000;
const LOCALHOST = '127.0.0.1';
const SRTP_SUITES = [
  'AEAD_AES_256_GCM',
  'AEAD_AES_128_GCM',
  'AES_CM_128_HMAC_SHA1_80',
  'AES_CM_128_HMAC_SHA1_32',
];

function projectRoot() {
  const argv = process.argv.slice(2);
  const flag = argv.indexOf('--root');

  if (flag !== -1 && argv[flag + 1]) {
    return path.resolve(argv[flag + 1]);
  }

  return path.resolve(
    process.env.HEARTH_ROOT || path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..'),
  );
}

// A failure whose message says it all (no stack trace needed).
class VerifyError extends Error {}

function log(message) {
  console.log(`${TAG} ${message}`);
}

// --- STUN (RFC 5389 / 8445), just enough to be the ICE controlling agent towards mediasoup ---

function stunAttribute(type, value) {
  const padding = (4 - (value.length % 4)) % 4;
  const attribute = Buffer.alloc(4 + value.length + padding);

  attribute.writeUInt16BE(type, 0);
  attribute.writeUInt16BE(value.length, 2);
  value.copy(attribute, 4);

  return attribute;
}

function stunBindingRequest({ usernameFragment, password }) {
  const header = Buffer.alloc(20);

  header.writeUInt16BE(0x0001, 0); // Binding request
  header.writeUInt32BE(0x2112a442, 4); // magic cookie
  crypto.randomBytes(12).copy(header, 8);

  const priority = Buffer.alloc(4);

  priority.writeUInt32BE(0x6e001eff);

  let body = Buffer.concat([
    stunAttribute(0x0006, Buffer.from(`${usernameFragment}:verify`)), // USERNAME
    stunAttribute(0x0024, priority), // PRIORITY
    stunAttribute(0x802a, crypto.randomBytes(8)), // ICE-CONTROLLING
    stunAttribute(0x0025, Buffer.alloc(0)), // USE-CANDIDATE: nominate this pair at once
  ]);

  // MESSAGE-INTEGRITY covers the message with the length field already counting itself.
  header.writeUInt16BE(body.length + 24, 2);
  body = Buffer.concat([
    body,
    stunAttribute(
      0x0008,
      crypto
        .createHmac('sha1', password)
        .update(Buffer.concat([header, body]))
        .digest(),
    ),
  ]);

  header.writeUInt16BE(body.length + 8, 2);

  const fingerprint = Buffer.alloc(4);

  fingerprint.writeUInt32BE((zlib.crc32(Buffer.concat([header, body])) ^ 0x5354554e) >>> 0);

  return Buffer.concat([header, body, stunAttribute(0x8028, fingerprint)]); // FINGERPRINT
}

// --- RTP ---

function rtpPacket({ payloadType, sequenceNumber, timestamp, ssrc, payload }) {
  const header = Buffer.alloc(12);

  header[0] = 0x80;
  header[1] = payloadType;
  header.writeUInt16BE(sequenceNumber, 2);
  header.writeUInt32BE(timestamp, 4);
  header.writeUInt32BE(ssrc, 8);

  return Buffer.concat([header, payload]);
}

// A VP8 payload that mediasoup recognises as a key frame: payload descriptor with S=1, PID=0,
// then a key-frame header (P=0, show_frame, start code, 320x240).
function vp8KeyFramePayload(marker) {
  return Buffer.concat([
    Buffer.from([0x10, 0x10, 0x00, 0x00, 0x9d, 0x01, 0x2a, 0x40, 0x01, 0xf0, 0x00]),
    marker,
  ]);
}

async function bindSocket() {
  const socket = dgram.createSocket('udp4');

  socket.bind(0, LOCALHOST);
  await once(socket, 'listening');

  return socket;
}

// Rejects when the worker process dies (set in main()); every wait below races against it, so
// a crash (like the DTLS one the patch fixes) is reported at once and as what it is.
let workerDeath = new Promise(() => {});

function withTimeout(promise, ms, what) {
  let timer;

  return Promise.race([
    promise,
    workerDeath,
    new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

// Consumes `producer` on `from`, produces the same stream on `to`: one hop of the chain.
async function relay(router, producer, from, to) {
  const consumer = await from.consume({
    producerId: producer.id,
    rtpCapabilities: router.rtpCapabilities,
  });

  return to.produce({
    kind: consumer.kind,
    rtpParameters: {
      codecs: consumer.rtpParameters.codecs,
      // Without header extensions the receiving side matches the stream by SSRC alone.
      headerExtensions: [],
      encodings: [{ ssrc: consumer.rtpParameters.encodings[0].ssrc }],
      rtcp: consumer.rtpParameters.rtcp,
    },
  });
}

async function srtpPlainPair(router, suite) {
  const options = {
    listenInfo: { protocol: 'udp', ip: LOCALHOST },
    rtcpMux: true,
    enableSrtp: true,
    srtpCryptoSuite: suite,
  };
  const a = await router.createPlainTransport(options);
  const b = await router.createPlainTransport(options);

  await a.connect({ ip: LOCALHOST, port: b.tuple.localPort, srtpParameters: b.srtpParameters });
  await b.connect({ ip: LOCALHOST, port: a.tuple.localPort, srtpParameters: a.srtpParameters });

  return [a, b];
}

/**
 * Two WebRtcTransports talking DTLS-SRTP to each other through a UDP relay that first does the
 * ICE connectivity check (as a browser would) on each side.
 */
async function webRtcPair(router, webRtcServer, sockets) {
  const client = await router.createWebRtcTransport({ webRtcServer });
  const server = await router.createWebRtcTransport({
    listenInfos: [{ protocol: 'udp', ip: LOCALHOST }],
  });
  const sides = [
    { transport: client, socket: await bindSocket() },
    { transport: server, socket: await bindSocket() },
  ];

  // Handed to the caller at once, so they are closed even when the handshake fails.
  sockets.push(...sides.map((side) => side.socket));

  for (const [side, other] of [sides, [...sides].reverse()]) {
    const candidate = side.transport.iceCandidates.find((c) => c.protocol === 'udp');

    side.remote = { address: candidate.address, port: candidate.port };
    // STUN (first byte 0..3) stays on its side; DTLS and SRTP go to the other transport.
    side.socket.on('message', (message) => {
      if (message[0] > 3) {
        other.socket.send(message, other.remote.port, other.remote.address);
      }
    });
  }

  const connected = sides.map(
    ({ transport }) =>
      new Promise((resolve, reject) => {
        transport.on('dtlsstatechange', (state) => {
          if (state === 'connected') {
            resolve();
          } else if (state === 'failed' || state === 'closed') {
            reject(new Error(`DTLS ${state} on a WebRtcTransport`));
          }
        });
      }),
  );

  // A remote role of "server" makes `client` the DTLS client, which starts the handshake.
  await client.connect({
    dtlsParameters: { role: 'server', fingerprints: server.dtlsParameters.fingerprints },
  });
  await server.connect({
    dtlsParameters: { role: 'client', fingerprints: client.dtlsParameters.fingerprints },
  });

  // The server side first, so its tuple exists when the client's first DTLS packet arrives.
  for (const side of [...sides].reverse()) {
    side.socket.send(
      stunBindingRequest(side.transport.iceParameters),
      side.remote.port,
      side.remote.address,
    );
  }

  await withTimeout(Promise.all(connected), 10_000, 'DTLS between the two WebRtcTransports');

  return [server, client];
}

async function main() {
  if (Number(process.versions.node.split('.')[0]) < 22) {
    throw new VerifyError(`mediasoup 3.27 needs Node >= 22; this is ${process.version}`);
  }

  const root = projectRoot();
  const mediasoup = createRequire(path.join(root, 'package.json'))('mediasoup');

  log(
    `mediasoup ${mediasoup.version}, worker binary ${process.env.MEDIASOUP_WORKER_BIN || mediasoup.workerBin}`,
  );

  const worker = await mediasoup.createWorker({ logLevel: 'warn' });
  let died = null;

  workerDeath = new Promise((_, reject) => {
    worker.on('died', (error) => {
      died = error;
      reject(new VerifyError(`the worker died: ${error.message}`));
    });
  });
  // Observed through the races in withTimeout(); this only keeps Node from calling it unhandled.
  workerDeath.catch(() => {});

  const sockets = [];

  try {
    const router = await worker.createRouter({
      mediaCodecs: [
        { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 },
        { kind: 'video', mimeType: 'video/VP8', clockRate: 90000 },
      ],
    });
    const webRtcServer = await worker.createWebRtcServer({
      listenInfos: [{ protocol: 'udp', ip: LOCALHOST }],
    });

    const [serverSocket] = (await webRtcServer.dump()).udpSockets;

    log(
      `worker pid ${worker.pid}; router with opus + VP8; WebRtcServer on ${serverSocket.ip}:${serverSocket.port}`,
    );

    const input = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: LOCALHOST },
      rtcpMux: true,
      comedia: true,
    });
    const output = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: LOCALHOST },
      rtcpMux: true,
    });
    const sender = await bindSocket();
    const receiver = await bindSocket();

    sockets.push(sender, receiver);
    await output.connect({ ip: LOCALHOST, port: receiver.address().port });

    const audioSsrc = 0x11223344;
    const videoSsrc = 0x55667788;
    const audio = await input.produce({
      kind: 'audio',
      rtpParameters: {
        codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }],
        encodings: [{ ssrc: audioSsrc }],
      },
    });
    const video = await input.produce({
      kind: 'video',
      rtpParameters: {
        codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }],
        encodings: [{ ssrc: videoSsrc }],
      },
    });

    // Audio takes the long way: every SRTP suite, then DTLS-SRTP between WebRtcTransports.
    let audioAtEnd = audio;
    const hops = [];

    for (const suite of SRTP_SUITES) {
      const [a, b] = await srtpPlainPair(router, suite);

      audioAtEnd = await relay(router, audioAtEnd, a, b);
      hops.push(`SRTP ${suite}`);
    }

    const webrtc = await webRtcPair(router, webRtcServer, sockets);

    audioAtEnd = await relay(router, audioAtEnd, ...webrtc);
    hops.push('DTLS-SRTP WebRtcTransport pair (ICE + DTLS handshake done)');
    log(`audio path: plain in → ${hops.join(' → ')} → plain out`);

    const audioOut = await output.consume({
      producerId: audioAtEnd.id,
      rtpCapabilities: router.rtpCapabilities,
    });
    const videoOut = await output.consume({
      producerId: video.id,
      rtpCapabilities: router.rtpCapabilities,
    });
    const streams = [
      {
        name: 'opus',
        out: audioOut,
        payloadType: 111,
        ssrc: audioSsrc,
        clock: 960,
        payload: (m) => m,
        got: new Set(),
      },
      {
        name: 'VP8',
        out: videoOut,
        payloadType: 96,
        ssrc: videoSsrc,
        clock: 3000,
        payload: vp8KeyFramePayload,
        got: new Set(),
      },
    ];

    receiver.on('message', (packet) => {
      // RTP version 2; RTCP (second byte 200-207) never matches a consumer's SSRC at 8..11.
      if (packet.length < 12 || packet[0] >> 6 !== 2) {
        return;
      }

      const ssrc = packet.readUInt32BE(8);
      const stream = streams.find((s) => s.out.rtpParameters.encodings[0].ssrc === ssrc);
      const marker = /hearth-verify-(\d+)/.exec(packet.toString('latin1'));

      if (
        stream &&
        marker &&
        (packet[1] & 0x7f) === stream.out.rtpParameters.codecs[0].payloadType
      ) {
        stream.got.add(Number(marker[1]));
      }
    });

    for (let i = 0; i < PACKETS; i++) {
      for (const stream of streams) {
        const marker = Buffer.from(`hearth-verify-${i}-${'x'.repeat(40)}`);

        sender.send(
          rtpPacket({
            payloadType: stream.payloadType,
            sequenceNumber: 1000 + i,
            timestamp: 5000 + i * stream.clock,
            ssrc: stream.ssrc,
            payload: stream.payload(marker),
          }),
          input.tuple.localPort,
          input.tuple.localAddress,
        );
      }

      await new Promise((resolve) => setTimeout(resolve, PACKET_INTERVAL_MS));
    }

    await new Promise((resolve) => setTimeout(resolve, 500));

    let failed = false;

    for (const stream of streams) {
      const ratio = stream.got.size / PACKETS;
      const ok = ratio >= MIN_DELIVERED;

      failed ||= !ok;
      log(
        `${ok ? 'ok  ' : 'FAIL'} ${stream.name}: ${stream.got.size}/${PACKETS} RTP packets arrived at the receiver`,
      );
    }

    const stats = await audioAtEnd.getStats();

    log(
      `last audio producer saw ${stats[0]?.packetCount ?? 0} packets after ${hops.length} encrypted hops`,
    );

    if (died) {
      throw new VerifyError(`worker died: ${died.message}`);
    }

    if (failed) {
      throw new VerifyError('not enough RTP packets made it through');
    }
  } finally {
    for (const socket of sockets) {
      socket.close();
    }

    worker.close();
  }

  log(
    'PASS: worker created a router, WebRtcServer and transports, completed ICE + DTLS, and forwarded RTP/SRTP',
  );
}

const timer = setTimeout(() => {
  console.error(`${TAG} FAIL: no result after ${OVERALL_TIMEOUT_MS / 1000}s`);
  process.exit(1);
}, OVERALL_TIMEOUT_MS);

try {
  await main();
  clearTimeout(timer);
} catch (error) {
  clearTimeout(timer);
  // Expected failures explain themselves; anything else gets its stack.
  console.error(`${TAG} FAIL: ${error instanceof VerifyError ? error.message : error.stack}`);
  process.exitCode = 1;
}

// mediasoup keeps signal handlers (and, after a failure, maybe sockets) that would keep Node
// alive; a check must always end.
process.exit();
