import { decodeTrailer, E2EE_FRAME_MARKER } from '@hearth/contracts';
import { password, showPanel, type Person } from '@hearth/testing';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startSchedulingApp, type SchedulingHarness } from '../testing/scheduling-harness';
import { SfuService } from './sfu.service';
import { acceptConsent, courseStartingNow } from './testing/live-sockets';

// End-to-end encrypted media in real Chromium, through the web app, against the real API,
// PostgreSQL and mediasoup: three pages decode each other while a consumer on the session's own
// Router (a PlainTransport into a UDP socket here) receives only encrypted frames — the VP8
// header the server needs in the clear, the rest sealed, every frame ending in the E2EE trailer.
// A removed participant is cut off and everyone else's media moves to keys they never got.

const webDist = join(process.cwd(), 'dist/apps/web');
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

jest.setTimeout(480_000);

let h: SchedulingHarness;
let browser: Browser;
let therapist: Person;
let ana: Person;
let ben: Person;
let sessionId: string;
const contexts: BrowserContext[] = [];
const taps: { close(): void }[] = [];
const startedAt = Date.now();
// Where a slow run spends its time.
const step = (what: string) =>
  // eslint-disable-next-line no-console
  console.log(`${((Date.now() - startedAt) / 1000).toFixed(0)} s: ${what}`);
const pages = new Map<Person, Page>();

async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
  state: () => string = () => '',
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what} ${state()}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function openPage(person: Person): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['camera', 'microphone']);
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${h.t.baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(person.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: `Hello, ${person.displayName}` }).waitFor();
  await page.goto(`${h.t.baseUrl}/sessions/${sessionId}/join`);
  await page.getByRole('heading', { level: 1, name: 'Get ready to join' }).waitFor();
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  pages.set(person, page);
  return page;
}

/** Opens a tab of the call's side panel, opening the panel first when it is closed. */
/** Frames `page` decoded of `from`'s video, as its connection details list them. */
async function framesDecoded(page: Page, from: Person): Promise<number> {
  await showPanel(page, 'Devices');
  const stat = page.locator(
    `[data-testid="inbound-stat"][data-participant-id="${from.personId}"][data-kind="video"]`,
  );
  if ((await stat.count()) === 0) return 0;
  return Number((await stat.first().getAttribute('data-frames-decoded')) ?? 0);
}

async function decodes(page: Page, from: Person) {
  let first = 0;
  await until(`${from.displayName}'s video decodes`, async () => {
    first = await framesDecoded(page, from);
    return first > 0;
  });
  await until(`${from.displayName}'s video keeps decoding`, async () => {
    return (await framesDecoded(page, from)) > first + 10;
  });
}

async function safetyWords(page: Page): Promise<string> {
  await showPanel(page, 'People');
  return String(await page.getByTestId('safety-words').textContent());
}

interface RtpPacket {
  readonly sequence: number;
  readonly timestamp: number;
  readonly marker: boolean;
  readonly payloadType: number;
  readonly payload: Uint8Array;
}

function parseRtp(packet: Buffer): RtpPacket | null {
  if (packet.length < 12 || packet[0]! >> 6 !== 2) return null;
  const csrcs = packet[0]! & 0x0f;
  let offset = 12 + csrcs * 4;
  if (packet[0]! & 0x10) {
    const words = packet.readUInt16BE(offset + 2);
    offset += 4 + words * 4;
  }
  let end = packet.length;
  if (packet[0]! & 0x20) end -= packet[packet.length - 1]!;
  return {
    sequence: packet.readUInt16BE(2),
    timestamp: packet.readUInt32BE(4),
    marker: (packet[1]! & 0x80) !== 0,
    payloadType: packet[1]! & 0x7f,
    payload: packet.subarray(offset, end),
  };
}

/** The VP8 payload descriptor's length and whether the packet starts a frame. */
function vp8Descriptor(payload: Uint8Array): { length: number; start: boolean } {
  let at = 1;
  const first = payload[0]!;
  if (first & 0x80) {
    const ext = payload[at++]!;
    if (ext & 0x80) at += payload[at]! & 0x80 ? 2 : 1;
    if (ext & 0x40) at += 1;
    if (ext & 0x30) at += 1;
  }
  return { length: at, start: (first & 0x10) !== 0 && (first & 0x0f) === 0 };
}

/** Receives one producer's RTP through a PlainTransport on the session's Router. */
async function tap(producerId: string) {
  const room = h.t.app.get(SfuService).rooms.get(sessionId);
  if (!room) throw new Error('no room for the session');
  const udp: UdpSocket = createSocket('udp4');
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  const packets: RtpPacket[] = [];
  udp.on('message', (message) => {
    const parsed = parseRtp(message);
    if (parsed) packets.push(parsed);
  });
  const transport = await room.router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
    rtcpMux: true,
    comedia: false,
  });
  await transport.connect({ ip: '127.0.0.1', port: udp.address().port });
  const consumer = await transport.consume({
    producerId,
    rtpCapabilities: room.router.rtpCapabilities,
  });
  const handle = {
    packets,
    payloadType: consumer.rtpParameters.codecs[0]!.payloadType,
    mimeType: consumer.rtpParameters.codecs[0]!.mimeType,
    requestKeyFrame: () => consumer.requestKeyFrame(),
    close() {
      if (transport.closed) return;
      transport.close();
      udp.close();
    },
  };
  taps.push(handle);
  return handle;
}

/** Whole VP8 frames out of the packets (a frame's packets share a timestamp). */
function vp8Frames(packets: readonly RtpPacket[], payloadType: number) {
  const byTimestamp = new Map<number, RtpPacket[]>();
  for (const packet of packets) {
    if (packet.payloadType !== payloadType) continue;
    const list = byTimestamp.get(packet.timestamp) ?? [];
    list.push(packet);
    byTimestamp.set(packet.timestamp, list);
  }
  const frames: Uint8Array[] = [];
  for (const list of byTimestamp.values()) {
    list.sort((x, y) => {
      const d = (x.sequence - y.sequence) & 0xffff;
      return d === 0 ? 0 : d < 0x8000 ? 1 : -1;
    });
    const first = list[0]!;
    const last = list[list.length - 1]!;
    const contiguous = list.every(
      (p, i) => i === 0 || ((p.sequence - list[i - 1]!.sequence) & 0xffff) === 1,
    );
    if (!last.marker || !vp8Descriptor(first.payload).start || !contiguous) continue;
    const parts = list.map((p) => p.payload.subarray(vp8Descriptor(p.payload).length));
    const frame = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      frame.set(part, at);
      at += part.length;
    }
    frames.push(frame);
  }
  return frames;
}

beforeAll(async () => {
  if (!existsSync(join(webDist, 'index.html'))) {
    throw new Error(`Build the web app first (npx nx run web:build): ${webDist} is missing`);
  }
  h = await startSchedulingApp({ LIVE_E2EE: 'true', WEB_DIST_DIR: webDist });
  const p = await h.practice();
  therapist = await p.person('Dr Rowan Okafor', ['therapist']);
  ana = await p.person('Ana Silva', ['client']);
  ben = await p.person('Ben Silva', ['client']);
  for (const client of [ana, ben]) await acceptConsent(client);
  const course = await courseStartingNow(h, p.coordinator, {
    therapistId: therapist.personId,
    members: [
      { personId: ana.personId, relation: 'partner', status: 'active' },
      { personId: ben.personId, relation: 'partner', status: 'active' },
    ],
  });
  sessionId = course.first;
  browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
  });
}, 120_000);

afterAll(async () => {
  for (const handle of taps) handle.close();
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await h?.close();
});

it('three pages decode each other while the server relays only encrypted frames; a removed one is cut off', async () => {
  const t = await openPage(therapist);
  await t.getByRole('toolbar', { name: 'Call controls' }).waitFor();
  for (const client of [ana, ben]) {
    const page = await openPage(client);
    await page.getByRole('heading', { level: 1, name: 'Waiting room' }).waitFor();
    await showPanel(t, 'People');
    await t.getByRole('button', { name: `Admit ${client.displayName}` }).click();
    await page.getByRole('toolbar', { name: 'Call controls' }).waitFor();
  }
  step('all three in the call');
  const a = pages.get(ana)!;
  const b = pages.get(ben)!;

  // Everyone decodes everyone (each frame was decrypted in the receiving page's worker).
  for (const [page, from] of [
    [t, ana],
    [t, ben],
    [a, therapist],
    [a, ben],
    [b, therapist],
    [b, ana],
  ] as const) {
    await decodes(page, from);
  }
  step('everyone decodes everyone');

  // The same safety code on every page, and the therapist is told every page reports it.
  let words = '';
  await until('every page shows the same safety code', async () => {
    const all = await Promise.all([t, a, b].map(safetyWords));
    words = all[0]!;
    return all.every((w) => w === all[0] && /·/.test(w));
  });
  await until('the therapist sees that every page agrees', async () =>
    /Everyone’s page shows this code/.test(
      String(await t.getByTestId('safety-agreement').textContent()),
    ),
  );
  step(`safety code on all three pages, and the therapist told so: ${words}`);

  // Breakouts: Ana and Ben in rooms of their own, each with its own keys and safety code; the
  // therapist visiting Ana's room gets its keys, and everyone decodes everyone again after.
  await showPanel(t, 'Rooms');
  await t.getByLabel(`Room for ${ana.displayName}`).selectOption({ label: 'Room 1' });
  await t.getByLabel(`Room for ${ben.displayName}`).selectOption({ label: 'Room 2' });
  await t.getByRole('button', { name: 'Open breakout rooms' }).click();
  await t.getByRole('button', { name: 'Visit room 1' }).click();
  await decodes(t, ana);
  await decodes(a, therapist);
  await until('room 1 shares a code that room 2 does not', async () => {
    const [inRoom1, anaWords, benWords] = await Promise.all([t, a, b].map(safetyWords));
    return inRoom1 === anaWords && benWords !== anaWords && /·/.test(benWords!);
  });
  step('breakout room 1 with the therapist decodes under its own keys');
  await showPanel(t, 'Rooms');
  await t.getByRole('button', { name: 'Bring everyone back' }).click();
  await decodes(b, ana);
  await decodes(a, ben);
  await until('everyone shares one code again', async () => {
    const all = await Promise.all([t, a, b].map(safetyWords));
    return all.every((w) => w === all[0]);
  });
  step('back in the main room, everyone decodes everyone');

  // What the server relays of Ana's camera and microphone, taken from the Router itself.
  const room = h.t.app.get(SfuService).rooms.get(sessionId)!;
  const producerOf = (kind: 'audio' | 'video') =>
    room.producers().find((pr) => pr.appData.peerId === ana.personId && pr.kind === kind)!;
  const camera = await tap(producerOf('video').id);
  const microphone = await tap(producerOf('audio').id);
  expect(camera.mimeType).toBe('video/VP8');
  await camera.requestKeyFrame();
  await until(
    'frames of Ana arrive at the tap',
    async () =>
      vp8Frames(camera.packets, camera.payloadType).length >= 30 && microphone.packets.length >= 30,
    60_000,
    () =>
      `${camera.packets.length} video packets (${vp8Frames(camera.packets, camera.payloadType).length} whole frames), ${microphone.packets.length} audio packets`,
  );
  step('frames of Ana at the tap');
  const frames = vp8Frames(camera.packets, camera.payloadType);
  const trailers = frames.map((frame) => decodeTrailer(frame));
  // Every whole frame ends in the trailer; none is plain VP8.
  expect(trailers.filter((tr) => tr === null)).toHaveLength(0);
  for (const frame of frames) expect(frame[frame.length - 1]).toBe(E2EE_FRAME_MARKER);
  // Counters never repeat under a key.
  const seen = new Set(trailers.map((tr) => `${tr!.keyId}:${tr!.counter}`));
  expect(seen.size).toBe(trailers.length);
  // The server still reads what it needs: keyframes show their VP8 start code in the clear (so
  // layer switching and keyframe requests work), and only the VP8 header is clear.
  const keyframes = frames.filter((frame) => (frame[0]! & 0x01) === 0);
  expect(keyframes.length).toBeGreaterThan(0);
  for (const frame of keyframes) {
    expect([...frame.subarray(3, 6)]).toEqual([0x9d, 0x01, 0x2a]);
    expect(decodeTrailer(frame)!.clearBytes).toBe(10);
  }
  for (const frame of frames.filter((f) => (f[0]! & 0x01) === 1)) {
    expect(decodeTrailer(frame)!.clearBytes).toBe(3);
  }
  // Opus: every packet is one encrypted frame with nothing in the clear.
  const opus = microphone.packets.filter((p) => p.payloadType === microphone.payloadType);
  expect(opus.length).toBeGreaterThan(0);
  for (const packet of opus) expect(decodeTrailer(packet.payload)?.clearBytes).toBe(0);
  const keyBefore = new Set(trailers.map((tr) => tr!.keyId));

  // The therapist removes Ben: his page ends, and Ana's media moves to a key he never got.
  await showPanel(t, 'People');
  await t.getByRole('button', { name: `Remove ${ben.displayName}`, exact: true }).click();
  await t.getByRole('button', { name: `Yes, remove ${ben.displayName}` }).click();
  await b.getByText('You were removed from the session.').waitFor();
  step('Ben removed');
  const removedAt = camera.packets.length;
  await until('Ana sends under a new key', async () => {
    const later = vp8Frames(camera.packets.slice(removedAt), camera.payloadType);
    return later.some((frame) => !keyBefore.has(decodeTrailer(frame)?.keyId ?? -1));
  });
  step('Ana sends under a new key');
  const after = vp8Frames(camera.packets.slice(removedAt), camera.payloadType).map(decodeTrailer);
  expect(after.every((tr) => tr !== null)).toBe(true);
  // The therapist and Ana go on decoding each other under the new keys.
  await decodes(t, ana);
  await decodes(a, therapist);
  // Ben's page decodes nothing more: it holds no media connection after the removal.
  expect(await b.locator('[data-testid="inbound-stat"]').count()).toBe(0);
  camera.close();
  microphone.close();
});

it('a browser that cannot encrypt is told so before joining, and gets no media in the call', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['camera', 'microphone']);
  contexts.push(context);
  // A browser with neither RTCRtpScriptTransform nor createEncodedStreams.
  await context.addInitScript(() => {
    const scope = globalThis as unknown as Record<string, { prototype?: object } | undefined>;
    delete scope['RTCRtpScriptTransform'];
    for (const name of ['RTCRtpSender', 'RTCRtpReceiver']) {
      const prototype = scope[name]?.prototype as { createEncodedStreams?: unknown } | undefined;
      if (prototype) delete prototype.createEncodedStreams;
    }
  });

  const page = await context.newPage();
  await page.goto(`${h.t.baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(ana.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: `Hello, ${ana.displayName}` }).waitFor();
  await page.goto(`${h.t.baseUrl}/sessions/${sessionId}/join`);
  await page.getByText(/This browser cannot encrypt calls end to end/).waitFor();
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  const t = pages.get(therapist)!;
  await until('Ana is in the call or waiting', async () => {
    if ((await page.getByRole('heading', { level: 1, name: 'Waiting room' }).count()) > 0) {
      await showPanel(t, 'People');
      const admit = t.getByRole('button', { name: `Admit ${ana.displayName}` });
      if ((await admit.count()) > 0) await admit.click();
    }
    return (await page.getByRole('toolbar', { name: 'Call controls' }).count()) > 0;
  });
  await page
    .getByText('This browser cannot encrypt calls, and this session is end-to-end encrypted.')
    .first()
    .waitFor();
  // Nothing is sent in the clear instead: the server has no producer of this page.
  const room = h.t.app.get(SfuService).rooms.get(sessionId)!;
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect(room.producers().filter((p) => p.appData.peerId === ana.personId)).toEqual([]);
});
