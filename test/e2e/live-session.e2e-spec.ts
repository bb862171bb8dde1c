import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { ServerEventCheck, signUpCoordinator, socketIoEvent } from '@hearth/testing';
import { startServer, type ServerProcess } from '../support/server';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { api } from '../support/api';
import { showPanel as showTab } from '@hearth/testing';

// A couple session in real Chromium with fake camera and microphone, through the built server,
// its mediasoup worker and the embedded database: the therapist admits two clients, everyone
// decodes everyone's video and receives their audio, mute is seen, a breakout separates the
// partners and "bring everyone back" reunites them, a client whose network is cut for 5 s gets
// their seat back, and a removed client is cut off. Every event the server sends to the pages
// is read off their sockets and parsed against the wire contract.

const password = 'copper meadow lantern';
const screenshotDir = process.env.HEARTH_E2E_SCREENSHOTS;

interface Person {
  readonly name: string;
  readonly email: string;
  personId: string;
}

const therapist: Person = { name: 'Dr Rowan Okafor', email: 'rowan@live.example', personId: '' };
const ana: Person = { name: 'Ana Silva', email: 'ana@live.example', personId: '' };
const ben: Person = { name: 'Ben Silva', email: 'ben@live.example', personId: '' };

/** Today's weekday and a wall time two minutes ago, in UTC: a session that is on right now. */
function sessionStartingNow(): { weekday: number; localTime: string; startDate: string } {
  const start = new Date(Date.now() - 2 * 60_000);
  return {
    weekday: start.getUTCDay() === 0 ? 7 : start.getUTCDay(),
    localTime: start.toISOString().slice(11, 16),
    startDate: start.toISOString().slice(0, 10),
  };
}

async function snap(page: Page, name: string): Promise<void> {
  if (!screenshotDir) return;
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/** The inbound statistics a page shows for one sender's track, or null when not listed. */
async function inbound(
  page: Page,
  from: Person,
  kind: 'audio' | 'video',
): Promise<{ packets: number; frames: number } | null> {
  const stat = page.locator(
    `[data-testid="inbound-stat"][data-participant-id="${from.personId}"][data-kind="${kind}"]`,
  );
  if ((await stat.count()) === 0) return null;
  const first = stat.first();
  return {
    packets: Number(await first.getAttribute('data-packets-received')),
    frames: Number((await first.getAttribute('data-frames-decoded')) ?? 0),
  };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** Waits until `page` decodes `from`'s video and receives their audio. */
async function receives(page: Page, from: Person): Promise<void> {
  await until(`media from ${from.name} arrives`, async () => {
    const video = await inbound(page, from, 'video');
    const audio = await inbound(page, from, 'audio');
    return (video?.frames ?? 0) > 0 && (audio?.packets ?? 0) > 0;
  });
}

/** Whether `from`'s video is still flowing into `page` (packets grow over 1.5 s). */
async function videoFlowing(page: Page, from: Person): Promise<boolean> {
  const before = (await inbound(page, from, 'video'))?.packets ?? 0;
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const after = (await inbound(page, from, 'video'))?.packets ?? 0;
  return after > before;
}

/** What the server sends to the browsers' live sockets, parsed against the wire contract. */
const serverEvents = new ServerEventCheck();

function checkServerEventsOf(page: Page): void {
  page.on('websocket', (socket) => {
    if (!socket.url().includes('/api/live/socket.io')) return;
    socket.on('framereceived', ({ payload }) => {
      try {
        const sent = typeof payload === 'string' ? socketIoEvent(payload) : null;
        if (sent) serverEvents.record(sent.event, sent.args);
        else if (typeof payload !== 'string') serverEvents.mismatches.push('a binary frame');
      } catch {
        serverEvents.mismatches.push('an unreadable frame');
      }
    });
  });
}

const tileOf = (page: Page, person: Person) =>
  page.locator(`[data-testid="video-tile"][data-participant-id="${person.personId}"]`);

describe('a live couple session in the browser', () => {
  let dataDir: string;
  let server: ServerProcess;
  let smtp: TestSmtpServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pages = new Map<Person, Page>();
  let joinPath: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hearth-e2e-live-'));
    smtp = await startSmtpServer();
    server = await startServer({
      HEARTH_DATA_DIR: dataDir,
      NODE_ENV: 'production',
      SMTP_URL: smtp.url,
    });
    const coordinator = await signUpCoordinator(server.url, smtp, {
      practiceName: 'Riverside IPT',
      displayName: 'Cora Coordinator',
      email: 'cora@live.example',
      password,
      timeZone: 'Europe/London',
    });
    for (const [person, roles] of [
      [therapist, ['therapist']],
      [ana, ['client']],
      [ben, ['client']],
    ] as const) {
      const { acceptPath } = await api<{ acceptPath: string }>(
        server,
        'POST',
        '/api/invitations',
        { email: person.email, displayName: person.name, roles },
        coordinator.accessToken,
      );
      const token = acceptPath.split('/').pop();
      const accepted = await api<{ person: { id: string }; accessToken: string }>(
        server,
        'POST',
        `/api/invitations/${token}/accept`,
        { password, timeZone: 'Europe/London' },
      );
      person.personId = accepted.person.id;
      if (roles[0] === 'client') {
        // Clients accept the practice's consent before their first session.
        const consent = await fetch(`${server.url}/api/consent`, {
          headers: { authorization: `Bearer ${accepted.accessToken}` },
        }).then((r) => r.json() as Promise<{ version: number }>);
        await api(
          server,
          'POST',
          '/api/consent/accept',
          { version: consent.version },
          accepted.accessToken,
        );
      }
    }
    const course = await api<{ sessions: { id: string }[] }>(
      server,
      'POST',
      '/api/courses',
      {
        title: 'Silva couple',
        format: 'couple',
        focusAreas: ['disputes'],
        therapistId: therapist.personId,
        timeZone: 'UTC',
        ...sessionStartingNow(),
        members: [
          { personId: ana.personId, relation: 'partner', status: 'active' },
          { personId: ben.personId, relation: 'partner', status: 'active' },
        ],
      },
      coordinator.accessToken,
    );
    joinPath = `/sessions/${course.sessions[0]!.id}/join`;
    browser = await launchBrowser();
    for (const person of [therapist, ana, ben]) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.grantPermissions(['camera', 'microphone']);
      contexts.push(context);
      const page = await context.newPage();
      checkServerEventsOf(page);
      await page.goto(`${server.url}/sign-in`);
      await page.getByLabel('Email address').fill(person.email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: `Hello, ${person.name}` }).waitFor();
      pages.set(person, page);
    }
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const page = (person: Person) => pages.get(person)!;

  async function enter(person: Person): Promise<void> {
    const p = page(person);
    await p.goto(`${server.url}${joinPath}`);
    await p.getByRole('heading', { level: 1, name: 'Get ready to join' }).waitFor();
    if (person === ana) await snap(p, 'live-pre-join');
    await p.getByRole('button', { name: 'Join', exact: true }).click();
  }

  // A tab's name may carry a count after its label ("People 2 waiting").
  const showPanel = (person: Person, name: string) => showTab(page(person), name);

  it('the therapist admits both clients from the waiting room and everyone sees and hears everyone', async () => {
    await enter(therapist);
    await page(therapist).getByRole('toolbar', { name: 'Call controls' }).waitFor();
    for (const client of [ana, ben]) {
      await enter(client);
      await page(client).getByRole('heading', { level: 1, name: 'Waiting room' }).waitFor();
      if (client === ana) await snap(page(ana), 'live-waiting-room');
    }
    await showPanel(therapist, 'People');
    await page(therapist)
      .getByRole('button', { name: `Admit ${ana.name}` })
      .click();
    await page(therapist)
      .getByRole('button', { name: `Admit ${ben.name}` })
      .click();
    for (const client of [ana, ben]) {
      await page(client).getByRole('toolbar', { name: 'Call controls' }).waitFor();
    }
    for (const person of [therapist, ana, ben]) await showPanel(person, 'Devices');
    await receives(page(therapist), ana);
    await receives(page(therapist), ben);
    await receives(page(ana), therapist);
    await receives(page(ana), ben);
    await receives(page(ben), therapist);
    await receives(page(ben), ana);
    await snap(page(therapist), 'live-therapist-three-tiles');
  });

  it('the therapist leads the agenda and both clients’ sidebars follow', async () => {
    const current = (person: Person) =>
      page(person)
        .getByRole('complementary', { name: 'Session agenda' })
        .locator('[data-testid="agenda-item"][aria-current="step"]');
    const t = page(therapist);
    await showPanel(therapist, 'Agenda');
    await t.getByRole('button', { name: 'Start the agenda' }).click();
    // The current item is in sight in the top bar whatever tab a client has open…
    for (const client of [ana, ben]) {
      await page(client)
        .getByTestId('agenda-strip')
        .filter({ hasText: 'Welcome and introductions' })
        .waitFor();
    }
    // …and the Agenda tab has the whole agenda.
    for (const client of [ana, ben]) {
      await showPanel(client, 'Agenda');
      await current(client).filter({ hasText: 'Welcome and introductions' }).waitFor();
    }
    // A go-round: both partners in roster order, the first one speaking now.
    await page(ana).getByText(`${ana.name} (you) — speaking now`).waitFor();
    await t.getByRole('button', { name: 'Next item' }).click();
    for (const person of [therapist, ana, ben]) {
      await current(person).filter({ hasText: 'Symptom review' }).waitFor();
    }
    await snap(page(ana), 'live-client-agenda');
    await snap(t, 'live-therapist-agenda');
    if (screenshotDir) {
      // Family members often join from a phone: the same call at a phone's width.
      await page(ben).setViewportSize({ width: 390, height: 844 });
      await page(ben).screenshot({ path: join(screenshotDir, 'live-phone.png'), fullPage: true });
      await page(ben).setViewportSize({ width: 1280, height: 800 });
    }
    // Everyone's timers run on the server's clock.
    const clocks = await Promise.all(
      [ana, ben].map((p) => page(p).getByTestId('agenda-session-clock').textContent()),
    );
    expect(clocks[0]).toMatch(/^Session \d+:\d\d · \d+:\d\d left$/);
  });

  it('a client who mutes is seen muted by the others', async () => {
    const anaTileForBen = tileOf(page(ben), ana);
    expect(await anaTileForBen.getByText('Microphone off').count()).toBe(0);
    await page(ana).getByRole('button', { name: 'Microphone', exact: true }).click();
    await anaTileForBen.getByText('Microphone off').waitFor();
    await tileOf(page(therapist), ana).getByText('Microphone off').waitFor();
    await page(ana).getByRole('button', { name: 'Microphone', exact: true }).click();
    await until(
      'the microphone is on again',
      async () => (await anaTileForBen.getByText('Microphone off').count()) === 0,
    );
  });

  it('a breakout separates the partners and bringing everyone back reunites them', async () => {
    const t = page(therapist);
    // The partners' received media is read off their Devices tab (connection figures).
    for (const person of [ana, ben]) await showPanel(person, 'Devices');
    await showPanel(therapist, 'Rooms');
    await t.getByLabel(`Room for ${ana.name}`).selectOption({ label: 'Room 1' });
    await t.getByLabel(`Room for ${ben.name}`).selectOption({ label: 'Room 2' });
    await t.getByRole('button', { name: 'Open breakout rooms' }).click();
    await until(
      'the partners stop receiving each other',
      async () => !(await videoFlowing(page(ana), ben)) && !(await videoFlowing(page(ben), ana)),
    );
    await t.getByRole('button', { name: 'Bring everyone back' }).click();
    await until(
      'the partners receive each other again',
      async () => (await videoFlowing(page(ana), ben)) && (await videoFlowing(page(ben), ana)),
    );
    await showPanel(therapist, 'Devices');
    await until('the therapist receives Ana again', () => videoFlowing(t, ana));
  });

  it('a client whose network is cut for 5 s comes back to the same seat', async () => {
    const context = contexts[1]!;
    await context.setOffline(true);
    await tileOf(page(therapist), ana)
      .and(page(therapist).locator('[data-presence="reconnecting"]'))
      .waitFor({ timeout: 15_000 });
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await context.setOffline(false);
    await tileOf(page(therapist), ana)
      .and(page(therapist).locator('[data-presence="admitted"]'))
      .waitFor({ timeout: 30_000 });
    await showPanel(ana, 'Devices');
    await until(
      'media flows both ways again',
      async () =>
        (await videoFlowing(page(therapist), ana)) && (await videoFlowing(page(ana), therapist)),
      30_000,
    );
    // The same seat: Ana was never sent back to the waiting room.
    expect(await page(ana).getByRole('heading', { name: 'Waiting room' }).count()).toBe(0);
  });

  it('when the media worker dies, everyone gets their media back without reloading', async () => {
    const { execFileSync } = await import('node:child_process');
    const workerPid = Number(
      execFileSync('pgrep', ['-P', String(server.child.pid), '-f', 'mediasoup-worker'])
        .toString()
        .trim()
        .split('\n')[0],
    );
    expect(workerPid).toBeGreaterThan(0);
    const before = await page(ana).evaluate(() => performance.timeOrigin);
    for (const person of [therapist, ana, ben]) await showPanel(person, 'Devices');
    process.kill(workerPid, 'SIGKILL');
    await until(
      'media flows again between everyone',
      async () =>
        (await videoFlowing(page(ana), therapist)) &&
        (await videoFlowing(page(ben), ana)) &&
        (await videoFlowing(page(therapist), ben)),
      30_000,
    );
    // The same page: nothing was reloaded.
    expect(await page(ana).evaluate(() => performance.timeOrigin)).toBe(before);
    expect(server.output.join('\n')).toContain('media worker replaced');
  });

  it('a removed client is cut off and cannot come back', async () => {
    const t = page(therapist);
    await showPanel(therapist, 'People');
    await t.getByRole('button', { name: `Remove ${ben.name}` }).click();
    await t.getByRole('button', { name: `Yes, remove ${ben.name}` }).click();
    await page(ben)
      .getByRole('heading', { level: 1, name: 'You were removed from the session' })
      .waitFor();
    await until(
      'Ben is gone from Ana’s call',
      async () => (await tileOf(page(ana), ben).count()) === 0,
    );
    await page(ben).goto(`${server.url}${joinPath}`);
    await page(ben).getByRole('button', { name: 'Join', exact: true }).click();
    await page(ben)
      .getByRole('alert')
      .filter({ hasText: 'You were removed from this session' })
      .waitFor();
  });

  it('every event the server sent to the browsers kept to the wire contract', () => {
    expect(serverEvents.mismatches).toEqual([]);
    expect([...new Set(serverEvents.received)].sort()).toEqual(
      expect.arrayContaining([
        'agenda:progress',
        'agenda:state',
        'media:consumer:closed',
        'media:consumer:new',
        'media:consumer:paused',
        'media:quality',
        'media:reset',
        'session:removed',
        'session:view',
      ]),
    );
  });
});
