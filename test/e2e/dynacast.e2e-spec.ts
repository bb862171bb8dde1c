import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import {
  createTestDatabase,
  signUpCoordinator,
  startSmtpServer,
  type TestDatabase,
  type TestSmtpServer,
} from '@hearth/testing';
import { api } from '../support/api';
import { chromiumPath } from '../support/browser';
import { startServer, type ServerProcess } from '../support/server';

// Fewer bytes per person, judged in real Chromium through the real SFU. The therapist sends her
// camera (three simulcast layers) and a silent microphone; Ana watches on a phone
// (devicePixelRatio 3). While Ana's tile is small, nobody receives the 1280×720 layer, so the
// therapist's browser must stop sending it (dynacast) and Ana must never get it; when Ana's
// screen grows, the layer comes back. The silent microphone sends Opus DTX: a few packets a
// second instead of 50.

const password = 'copper meadow lantern';

const browserArgs = [
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

interface Person {
  readonly name: string;
  readonly email: string;
  id: string;
}

/** One simulcast encoding of the camera as the sending browser reports it. */
interface OutboundVideo {
  readonly rid: string;
  readonly active: boolean;
  readonly bytesSent: number;
  readonly frameHeight: number;
  readonly qualityLimitationReason: string;
}

function sessionStartingNow(): { weekday: number; localTime: string; startDate: string } {
  const start = new Date(Date.now() - 2 * 60_000);
  return {
    weekday: start.getUTCDay() === 0 ? 7 : start.getUTCDay(),
    localTime: start.toISOString().slice(11, 16),
    startDate: start.toISOString().slice(0, 10),
  };
}

/** Keeps every RTCPeerConnection the page makes (window.__pcs) to read its statistics. */
function recordPeerConnections(): void {
  const pcs: RTCPeerConnection[] = [];
  (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = pcs;
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
      super(...args);
      pcs.push(this);
    }
  };
}

/** Every outbound-rtp entry of the page's peer connections. */
async function outbound(page: Page): Promise<Record<string, unknown>[]> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? [];
    const found: Record<string, unknown>[] = [];
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue;
      for (const stat of (await pc.getStats()).values()) {
        if (stat.type === 'outbound-rtp') found.push({ ...stat });
      }
    }
    return found;
  });
}

async function cameraLayers(page: Page): Promise<Map<string, OutboundVideo>> {
  const layers = new Map<string, OutboundVideo>();
  for (const stat of await outbound(page)) {
    if (stat['kind'] !== 'video' || typeof stat['rid'] !== 'string') continue;
    layers.set(stat['rid'], {
      rid: stat['rid'],
      active: stat['active'] !== false,
      bytesSent: Number(stat['bytesSent'] ?? 0),
      frameHeight: Number(stat['frameHeight'] ?? 0),
      qualityLimitationReason: String(stat['qualityLimitationReason'] ?? ''),
    });
  }
  return layers;
}

async function audioPacketsSent(page: Page): Promise<number> {
  const audio = (await outbound(page)).filter((s) => s['kind'] === 'audio');
  return audio.reduce((total, s) => total + Number(s['packetsSent'] ?? 0), 0);
}

/** The height of the video Ana's page decodes from the therapist right now (0: none yet). */
async function receivedHeight(page: Page, participantId: string): Promise<number> {
  return page.evaluate((id) => {
    const tile = document.querySelector(
      `[data-testid="video-tile"][data-participant-id="${id}"] video`,
    );
    return tile instanceof HTMLVideoElement ? tile.videoHeight : 0;
  }, participantId);
}

async function tileSize(
  page: Page,
  participantId: string,
): Promise<{ w: number; h: number; y: number }> {
  const box = await page
    .locator(`[data-testid="video-tile"][data-participant-id="${participantId}"]`)
    .boundingBox();
  return {
    w: Math.round(box?.width ?? 0),
    h: Math.round(box?.height ?? 0),
    y: Math.round(box?.y ?? 0),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 30_000,
  state?: () => Promise<string>,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(250);
  }
  const seen = state ? `; ${await state()}` : '';
  throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}${seen}`);
}

describe('dynacast and DTX in real Chromium', () => {
  let dir: string;
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  let server: ServerProcess;
  const browsers: Browser[] = [];
  const contexts: BrowserContext[] = [];
  const therapist: Person = { name: 'Dr Rowan Okafor', email: 'rowan@layers.example', id: '' };
  const ana: Person = { name: 'Ana Silva', email: 'ana@layers.example', id: '' };
  const ben: Person = { name: 'Ben Silva', email: 'ben@layers.example', id: '' };
  let joinPath = '';
  let sender: Page;
  let phone: Page;
  /** The sending page's warnings, for failure messages. */
  const warnings: string[] = [];
  const senderState = async () =>
    `sender layers ${JSON.stringify([...(await cameraLayers(sender)).values()])}; ` +
    `phone tile ${JSON.stringify(await tileSize(phone, therapist.id))}; ` +
    `sender warnings: ${warnings.join(' | ') || 'none'}`;

  async function signIn(
    browser: Browser,
    person: Person,
    options: Parameters<Browser['newContext']>[0],
  ): Promise<Page> {
    const context = await browser.newContext(options);
    contexts.push(context);
    await context.grantPermissions(['camera', 'microphone']);
    await context.addInitScript(recordPeerConnections);
    const page = await context.newPage();
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Email address').fill(person.email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: `Hello, ${person.name}` }).waitFor();
    return page;
  }

  async function joinCall(page: Page): Promise<void> {
    await page.goto(`${server.url}${joinPath}`);
    await page.getByRole('heading', { level: 1, name: 'Get ready to join' }).waitFor();
    await page.getByRole('button', { name: 'Join', exact: true }).click();
    await page.getByRole('toolbar', { name: 'Call controls' }).waitFor({ timeout: 30_000 });
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hearth-layers-'));
    // Ten seconds of digital silence, looped by the fake microphone.
    const silence = join(dir, 'silence.wav');
    execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', silence, 'trim', '0', '10']);
    database = await createTestDatabase();
    smtp = await startSmtpServer();
    server = await startServer({
      SMTP_URL: smtp.url,
      HEARTH_DATA_DIR: dir,
      DATABASE_URL: database.url,
      NODE_ENV: 'production',
      REMINDER_INTERVAL_SECONDS: '0',
    });
    const coordinator = await signUpCoordinator(server.url, smtp, {
      practiceName: 'Light Rooms',
      displayName: 'Cora Coordinator',
      email: 'cora@layers.example',
      password,
      timeZone: 'Europe/London',
    });
    for (const person of [therapist, ana, ben]) {
      const roles = person === therapist ? ['therapist'] : ['client'];
      const { acceptPath } = await api<{ acceptPath: string }>(
        server,
        'POST',
        '/api/invitations',
        { email: person.email, displayName: person.name, roles },
        coordinator.accessToken,
      );
      const accepted = await api<{ person: { id: string }; accessToken: string }>(
        server,
        'POST',
        `/api/invitations/${acceptPath.split('/').pop()}/accept`,
        { password, timeZone: 'Europe/London' },
      );
      person.id = accepted.person.id;
      if (person !== therapist) {
        const { version } = await api<{ version: number }>(
          server,
          'GET',
          '/api/consent',
          undefined,
          accepted.accessToken,
        );
        await api(server, 'POST', '/api/consent/accept', { version }, accepted.accessToken);
      }
    }
    const course = await api<{ id: string; sessions: { id: string }[] }>(
      server,
      'POST',
      '/api/courses',
      {
        title: 'Silva couple',
        format: 'couple',
        focusAreas: ['disputes'],
        therapistId: therapist.id,
        timeZone: 'UTC',
        ...sessionStartingNow(),
        members: [
          { personId: ana.id, relation: 'partner', status: 'active' },
          { personId: ben.id, relation: 'partner', status: 'active' },
        ],
      },
      coordinator.accessToken,
    );
    await api(
      server,
      'PUT',
      `/api/courses/${course.id}/live-settings`,
      { autoAdmitMembers: true },
      coordinator.accessToken,
    );
    joinPath = `/sessions/${course.sessions[0]!.id}/join`;
    const launch = (extra: string[]) =>
      chromium.launch({
        executablePath: chromiumPath,
        headless: true,
        args: [...browserArgs, ...extra],
      });
    // The therapist's fake microphone hears nothing at all.
    const quiet = await launch([`--use-file-for-fake-audio-capture=${silence}`]);
    browsers.push(quiet);
    const other = await launch([]);
    browsers.push(other);
    sender = await signIn(quiet, therapist, { viewport: { width: 1280, height: 800 } });
    sender.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    phone = await signIn(other, ana, {
      // A small phone with the browser's bars shown: the call's two tiles, one above the other,
      // are each small enough (under 180 CSS px high) for the middle layer.
      viewport: { width: 390, height: 500 },
      deviceScaleFactor: 3,
      isMobile: true,
      hasTouch: true,
    });
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await server?.stop();
    await smtp?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops sending the top layer while only a phone-sized tile shows it, and sends it again when the tile grows', async () => {
    await joinCall(sender);
    await joinCall(phone);
    await until(
      'Ana sees the therapist',
      async () => (await receivedHeight(phone, therapist.id)) > 0,
      30_000,
      async () =>
        `phone tiles ${await phone.evaluate(() =>
          [...document.querySelectorAll('[data-testid="video-tile"]')]
            .map(
              (t) =>
                `${t.getAttribute('data-participant-id')}:${t.querySelector('video') ? 'video' : 'none'}`,
            )
            .join(' '),
        )}; ${await senderState()}`,
    );
    // Ana looks at the therapist (a tile scrolled off screen receives nothing at all), and
    // joining settles (a consumer that has not reported its tile yet asks for the top layer).
    await phone
      .locator(`[data-testid="video-tile"][data-participant-id="${therapist.id}"]`)
      .scrollIntoViewIfNeeded();
    await sleep(3_000);
    const small = await tileSize(phone, therapist.id);
    // The premise: the tile needs the middle layer (360p at a ratio of 2), not the top one.
    expect(small.h * 2).toBeLessThanOrEqual(360);

    // The phone's tile needs the middle layer (its size × a devicePixelRatio counted as 2): the
    // lowest and middle layers go out, the top one is switched off in the encoder.
    await until(
      'only the top layer is inactive',
      async () => {
        const layers = await cameraLayers(sender);
        return layers.get('r2')?.active === false && layers.get('r1')?.active === true;
      },
      30_000,
      senderState,
    );
    expect((await cameraLayers(sender)).get('r0')?.active).toBe(true);
    const before = await cameraLayers(sender);
    await sleep(3_000);
    const after = await cameraLayers(sender);
    const grew = (rid: string) =>
      (after.get(rid)?.bytesSent ?? 0) - (before.get(rid)?.bytesSent ?? 0);
    console.log(
      `Phone tile ${small.w}×${small.h} CSS px at devicePixelRatio 3; over 3 s the therapist sent ` +
        `r0 ${grew('r0')} B, r1 ${grew('r1')} B, r2 ${grew('r2')} B ` +
        `(limited by: ${[...after.values()].map((l) => `${l.rid} ${l.qualityLimitationReason}`).join(', ')})`,
    );
    expect([...after.keys()].sort()).toEqual(['r0', 'r1', 'r2']);
    expect(grew('r2')).toBe(0);
    expect(grew('r0')).toBeGreaterThan(0);
    expect(grew('r1')).toBeGreaterThan(0);
    // The phone never decodes the 720p layer for its small tile.
    expect(await receivedHeight(phone, therapist.id)).toBeLessThanOrEqual(360);

    // Ana turns her phone into a large screen: the tile grows and the top layer comes back.
    await phone.setViewportSize({ width: 1280, height: 900 });
    const asked = Date.now();
    await until(
      'the top layer is sent again',
      async () => (await cameraLayers(sender)).get('r2')?.active === true,
      15_000,
      senderState,
    );
    const resumedAfter = Date.now() - asked;
    const again = await cameraLayers(sender);
    await sleep(3_000);
    const later = await cameraLayers(sender);
    const top = (later.get('r2')?.bytesSent ?? 0) - (again.get('r2')?.bytesSent ?? 0);
    console.log(
      `Tile ${JSON.stringify(await tileSize(phone, therapist.id))}: top layer on again after ` +
        `${resumedAfter} ms, ${top} B in 3 s; r2 limited by ${later.get('r2')?.qualityLimitationReason}`,
    );
    expect(top).toBeGreaterThan(10_000);
    // A key frame of the large layer reaches Ana (unless the sender's encoder is too busy to
    // produce it at full size, which it says).
    await until(
      'Ana decodes a layer above 360p',
      async () => (await receivedHeight(phone, therapist.id)) > 360,
      20_000,
    );
  }, 180_000);

  it('sends a silent microphone with DTX: far fewer than 50 packets a second', async () => {
    const microphone = sender.getByRole('button', { name: 'Microphone', exact: true });
    expect(await microphone.getAttribute('aria-pressed')).toBe('true');
    const first = await audioPacketsSent(sender);
    await sleep(5_000);
    const rate = ((await audioPacketsSent(sender)) - first) / 5;
    console.log(`Silent microphone: ${rate.toFixed(1)} audio packets per second`);
    expect(first).toBeGreaterThan(0);
    expect(rate).toBeLessThan(15);
  }, 60_000);
});
