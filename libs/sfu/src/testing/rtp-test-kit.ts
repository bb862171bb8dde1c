// Test helpers for the integration specs: a real UDP sender and sink on 127.0.0.1 that speak
// just enough RTP to drive a mediasoup Router without a browser. Not exported from the library.
import { createSocket, type Socket } from 'node:dgram';
import { createServer } from 'node:net';
import { resolveSfuConfig, type SfuConfig, type SfuConfigInput } from '../sfu-config';

/** SFU settings for tests: two workers on loopback, free ports, quiet logs. */
export function testSfuConfig(overrides: SfuConfigInput = {}): SfuConfig {
  return resolveSfuConfig({
    workerCount: 2,
    workerLogLevel: 'error',
    ...overrides,
    listen: { ip: '127.0.0.1', webRtcServerPort: 0, enableTcp: true, ...overrides.listen },
  });
}

/** One RTP packet's fields (version 2, no CSRCs). */
export interface RtpPacketFields {
  readonly payloadType: number;
  readonly ssrc: number;
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly marker?: boolean;
  readonly payload: Buffer;
  /** ssrc-audio-level (RFC 6464) as a one-byte header extension: id and level in -dBov (0–127). */
  readonly audioLevel?: { readonly extensionId: number; readonly level: number };
}

/** Serialises an RTP packet. */
export function rtpPacket(fields: RtpPacketFields): Buffer {
  const hasExtension = fields.audioLevel !== undefined;
  const header = Buffer.alloc(12);
  header[0] = 0x80 | (hasExtension ? 0x10 : 0);
  header[1] = (fields.marker ? 0x80 : 0) | (fields.payloadType & 0x7f);
  header.writeUInt16BE(fields.sequenceNumber & 0xffff, 2);
  header.writeUInt32BE(fields.timestamp >>> 0, 4);
  header.writeUInt32BE(fields.ssrc >>> 0, 8);
  if (!fields.audioLevel) return Buffer.concat([header, fields.payload]);
  const { extensionId, level } = fields.audioLevel;
  // 0xBEDE one-byte form, one 32-bit word: [id|len-1][V|level][pad][pad]; V=1 marks voice.
  const extension = Buffer.from([
    0xbe,
    0xde,
    0x00,
    0x01,
    (extensionId << 4) | 0,
    0x80 | level,
    0,
    0,
  ]);
  return Buffer.concat([header, extension, fields.payload]);
}

/**
 * An RTCP Sender Report (RFC 3550 §6.4.1) for one stream. mediasoup needs one per simulcast
 * stream before it switches spatial layers: it maps each stream's RTP clock to wall time.
 */
export function rtcpSenderReport(fields: {
  readonly ssrc: number;
  readonly wallTimeMs: number;
  readonly rtpTimestamp: number;
  readonly packetCount: number;
  readonly octetCount: number;
}): Buffer {
  const packet = Buffer.alloc(28);
  packet[0] = 0x80;
  packet[1] = 200;
  packet.writeUInt16BE(6, 2); // length in 32-bit words minus one
  packet.writeUInt32BE(fields.ssrc >>> 0, 4);
  const ntpSeconds = Math.floor(fields.wallTimeMs / 1000) + 2_208_988_800; // 1900 epoch
  const ntpFraction = Math.floor(((fields.wallTimeMs % 1000) / 1000) * 2 ** 32);
  packet.writeUInt32BE(ntpSeconds >>> 0, 8);
  packet.writeUInt32BE(ntpFraction >>> 0, 12);
  packet.writeUInt32BE(fields.rtpTimestamp >>> 0, 16);
  packet.writeUInt32BE(fields.packetCount >>> 0, 20);
  packet.writeUInt32BE(fields.octetCount >>> 0, 24);
  return packet;
}

/** The RTP payload type (or -1 for RTCP, which shares the port under rtcp-mux, RFC 5761). */
export function rtpPayloadType(packet: Buffer): number {
  if (packet.length < 12 || packet[0]! >> 6 !== 2) return -1;
  const second = packet[1]!;
  if (second >= 192 && second <= 223) return -1;
  return second & 0x7f;
}

/** SSRC of an RTP packet. */
export function rtpSsrc(packet: Buffer): number {
  return packet.readUInt32BE(8);
}

/** Offset of the payload in an RTP packet (after CSRCs and header extensions). */
export function rtpPayloadOffset(packet: Buffer): number {
  let offset = 12 + (packet[0]! & 0x0f) * 4;
  if (packet[0]! & 0x10) offset += 4 + packet.readUInt16BE(offset + 2) * 4;
  return offset;
}

/**
 * A VP8 payload that mediasoup reads as a key frame, with a two-byte picture id, TL0PICIDX and
 * temporal layer 0 (what simulcast layer switching needs), ending in a tag byte the sink can
 * read back to tell which simulcast layer it was sent on.
 */
export function vp8KeyFramePayload(
  pictureId: number,
  tl0PictureIndex: number,
  tag: number,
): Buffer {
  return Buffer.from([
    0x90, // X=1, S=1, partition 0
    0xe0, // I, L, T present
    0x80 | ((pictureId >> 8) & 0x7f),
    pictureId & 0xff,
    tl0PictureIndex & 0xff,
    0x00, // TID 0, Y 0, KEYIDX 0
    0x10, // VP8 payload header: P=0 (key frame), show_frame
    0x02,
    0x00,
    0x9d, // key frame start code
    0x01,
    0x2a,
    0x40, // 320 wide
    0x01,
    0xb4, // 180 high
    0x00,
    tag,
  ]);
}

/** One stream a {@link RtpSender} keeps sending. */
export interface RtpStreamSpec {
  readonly payloadType: number;
  readonly ssrc: number;
  /** Payload of the n-th packet. */
  readonly payload: (index: number) => Buffer;
  readonly clockRate: number;
  /** ssrc-audio-level of the n-th packet. */
  readonly audioLevel?: { readonly extensionId: number; readonly level: (index: number) => number };
}

/**
 * Sends packets of every stream every `intervalMs` from one UDP socket to one address, with a
 * Sender Report per stream every half second, as a browser would. RTP timestamps follow the wall
 * clock so the reports and the packets agree.
 */
export class RtpSender {
  #index = 0;
  #timer: NodeJS.Timeout | undefined;

  private constructor(readonly socket: Socket) {}

  static async open(): Promise<RtpSender> {
    return new RtpSender(await bindUdp());
  }

  start(target: { ip: string; port: number }, streams: RtpStreamSpec[], intervalMs = 20): void {
    this.stop();
    const startedAt = Date.now();
    const sent = streams.map(() => ({ packets: 0, octets: 0 }));
    const reportEvery = Math.max(1, Math.round(500 / intervalMs));
    const tick = () => {
      const index = this.#index++;
      const now = Date.now();
      streams.forEach((stream, n) => {
        const timestamp = Math.round(((now - startedAt) * stream.clockRate) / 1000);
        const payload = stream.payload(index);
        const packet = rtpPacket({
          payloadType: stream.payloadType,
          ssrc: stream.ssrc,
          sequenceNumber: index,
          timestamp,
          marker: true,
          payload,
          audioLevel: stream.audioLevel && {
            extensionId: stream.audioLevel.extensionId,
            level: stream.audioLevel.level(index),
          },
        });
        this.socket.send(packet, target.port, target.ip);
        const counters = sent[n]!;
        counters.packets += 1;
        counters.octets += payload.length;
        if (index % reportEvery === 0) {
          const report = rtcpSenderReport({
            ssrc: stream.ssrc,
            wallTimeMs: now,
            rtpTimestamp: timestamp,
            packetCount: counters.packets,
            octetCount: counters.octets,
          });
          this.socket.send(report, target.port, target.ip);
        }
      });
    };
    tick();
    this.#timer = setInterval(tick, intervalMs);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async close(): Promise<void> {
    this.stop();
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }
}

/** A UDP socket that records the RTP packets it receives (RTCP is ignored). */
export class RtpSink {
  readonly packets: Buffer[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('message', (message) => {
      if (rtpPayloadType(message) >= 0) this.packets.push(message);
    });
  }

  static async open(): Promise<RtpSink> {
    return new RtpSink(await bindUdp());
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** Packets received so far for one SSRC. */
  packetsOf(ssrc: number): Buffer[] {
    return this.packets.filter((packet) => rtpSsrc(packet) === ssrc);
  }

  countOf(ssrc: number): number {
    return this.packetsOf(ssrc).length;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }
}

function bindUdp(): Promise<Socket> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve(socket));
  });
}

/** Polls `check` until it returns true; fails after `timeoutMs` (only there to catch hangs). */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(25);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True while a process with this pid exists (a reaped child no longer does). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A port number `base` such that `base .. base + count - 1` are free on 127.0.0.1 (UDP and TCP). */
export async function freeConsecutivePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    const checks = await Promise.all(Array.from({ length: count }, (_, i) => portIsFree(base + i)));
    if (checks.every(Boolean)) return base;
  }
  throw new Error('No free consecutive ports found');
}

async function portIsFree(port: number): Promise<boolean> {
  const udpFree = await new Promise<boolean>((resolve) => {
    const socket = createSocket('udp4');
    socket.once('error', () => resolve(false));
    socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
  });
  if (!udpFree) return false;
  return new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
