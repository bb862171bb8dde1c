import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { showPanel, signUpCoordinator } from '@hearth/testing';
import { api } from '../support/api';
import { launchBrowser } from '../support/browser';
import { startServer, type ServerProcess } from '../support/server';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { expectAccessible, until } from './journeys/journey';

// A group session in real Chromium, through the built server, its media worker and the embedded
// database, as its therapist and two clients live it:
// - Ben is in the call with the therapist; Ada, late, first fills in her check-in for the session
//   (open until the session ends) with PHQ-9 question 9 above 0. The therapist's call, without
//   reloading, shows a safety-alert banner over the stage and a count on the Alerts tab, while the
//   agenda stays in the top bar; "Open alerts" shows the alert, Dismiss hides the banner. Ada and
//   Ben, once in the call, see no banner and have no Alerts tab.
// - Ben works the call from the keyboard: Alt+A, Alt+V, Alt+Y and Alt+P switch his microphone,
//   camera, hand and side panel, each said aloud, and the therapist sees the change; "?" lists
//   the shortcuts and Escape closes the list; in the chat's text box the same keys only type.

const password = 'copper meadow lantern';
const screenshotDir = process.env['HEARTH_E2E_SCREENSHOTS'];

/** With HEARTH_E2E_SCREENSHOTS set, a picture of the page for people to look at. */
async function snap(page: Page, name: string): Promise<void> {
  if (!screenshotDir) return;
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

interface Person {
  readonly name: string;
  readonly email: string;
  personId: string;
}

const therapist: Person = { name: 'Dr Iris Vale', email: 'iris@alerts.example', personId: '' };
const ada: Person = { name: 'Ada Brook', email: 'ada@alerts.example', personId: '' };
const ben: Person = { name: 'Ben Hollis', email: 'ben@alerts.example', personId: '' };
const title = 'Tuesday support group';

/** Today's weekday and a wall time two minutes ago, in UTC: a session that is on right now. */
function sessionStartingNow(): { weekday: number; localTime: string; startDate: string } {
  const start = new Date(Date.now() - 2 * 60_000);
  return {
    weekday: start.getUTCDay() === 0 ? 7 : start.getUTCDay(),
    localTime: start.toISOString().slice(11, 16),
    startDate: start.toISOString().slice(0, 10),
  };
}

const tileOf = (page: Page, person: Person) =>
  page.locator(`[data-testid="video-tile"][data-participant-id="${person.personId}"]`);

/** The call's live region, saying `text` (what a screen reader hears after a shortcut). */
const announced = (page: Page, text: string) =>
  page.getByRole('status').filter({ hasText: new RegExp(`^${text}$`) });

/** A control of the call's bar by its name ("Raise hand" carries the hand's place when up). */
const control = (page: Page, name: 'Microphone' | 'Camera' | 'Raise hand') =>
  page
    .getByRole('toolbar', { name: 'Call controls' })
    .getByRole('button', { name: new RegExp(`^${name}( #\\d+)?$`) });

async function pressed(page: Page, name: Parameters<typeof control>[1]): Promise<string | null> {
  return control(page, name).getAttribute('aria-pressed');
}

/** Waits until a control shows as pressed or not (aria-pressed) after a key press. */
async function untilPressed(
  page: Page,
  name: Parameters<typeof control>[1],
  state: 'true' | 'false',
): Promise<void> {
  await control(page, name)
    .and(page.locator(`[aria-pressed="${state}"]`))
    .waitFor();
}

/** Whether a tile's video has a picture (a decoded frame) rather than nothing to show. */
function showsPicture(tile: Locator): Promise<boolean> {
  return tile.locator('video').evaluate((v: HTMLVideoElement) => v.videoWidth > 0);
}

describe('in a live call: a safety alert reaches the therapist, and the keyboard works the call', () => {
  let dataDir: string;
  let server: ServerProcess;
  let smtp: TestSmtpServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pages = new Map<Person, Page>();
  const page = (person: Person) => pages.get(person)!;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hearth-e2e-alerts-'));
    smtp = await startSmtpServer();
    server = await startServer({
      HEARTH_DATA_DIR: dataDir,
      // Not production: every row the embedded database returns is checked against its schema.
      NODE_ENV: 'test',
      SMTP_URL: smtp.url,
    });
    const coordinator = await signUpCoordinator(server.url, smtp, {
      practiceName: 'Harbour IPT',
      displayName: 'Cora Coordinator',
      email: 'cora@alerts.example',
      password,
      timeZone: 'Europe/London',
    });
    for (const [person, role] of [
      [therapist, 'therapist'],
      [ada, 'client'],
      [ben, 'client'],
    ] as const) {
      const { acceptPath } = await api<{ acceptPath: string }>(
        server,
        'POST',
        '/api/invitations',
        { email: person.email, displayName: person.name, roles: [role] },
        coordinator.accessToken,
      );
      const accepted = await api<{ person: { id: string }; accessToken: string }>(
        server,
        'POST',
        `/api${acceptPath}/accept`,
        { password, timeZone: 'Europe/London' },
      );
      person.personId = accepted.person.id;
      if (role === 'client') {
        // Both clients accepted the practice's consent when they first signed in.
        const consent = await api<{ version: number }>(
          server,
          'GET',
          '/api/consent',
          undefined,
          accepted.accessToken,
        );
        await api(
          server,
          'POST',
          '/api/consent/accept',
          { version: consent.version },
          accepted.accessToken,
        );
      }
    }
    // A group course whose first session (with a check-in, as every 4th session has) is on now.
    await api(
      server,
      'POST',
      '/api/courses',
      {
        title,
        format: 'group',
        focusAreas: ['grief'],
        therapistId: therapist.personId,
        maxMembers: 3,
        timeZone: 'UTC',
        ...sessionStartingNow(),
        members: [ada, ben].map((p) => ({
          personId: p.personId,
          relation: 'member',
          status: 'active',
        })),
      },
      coordinator.accessToken,
    );

    browser = await launchBrowser();
    for (const person of [therapist, ada, ben]) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await context.grantPermissions(['camera', 'microphone'], { origin: server.url });
      contexts.push(context);
      const p = await context.newPage();
      // Three browsers on a shared machine: generous, so only a hang fails a step.
      p.setDefaultTimeout(60_000);
      await p.goto(`${server.url}/sign-in`);
      await p.getByLabel('Email address').fill(person.email);
      await p.getByLabel('Password').fill(password);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.getByRole('heading', { level: 1, name: `Hello, ${person.name}` }).waitFor();
      pages.set(person, p);
    }
  }, 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    await smtp?.stop().catch(() => undefined);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** From Home's Join link through the pre-join check and its Join button. */
  async function joinFromHome(person: Person): Promise<void> {
    const p = page(person);
    await p.goto(`${server.url}/home`);
    const link = p.getByRole('link', { name: `Join ${title}, Session 1 of 12` }).first();
    await link.click();
    await p.getByRole('heading', { level: 1, name: 'Get ready to join' }).waitFor();
    await p.getByRole('button', { name: 'Join', exact: true }).click();
  }

  async function admit(person: Person): Promise<void> {
    await joinFromHome(person);
    await page(person).getByRole('heading', { level: 1, name: 'Waiting room' }).waitFor();
    await showPanel(page(therapist), 'People');
    await page(therapist)
      .getByRole('button', { name: `Admit ${person.name}` })
      .click();
    await page(person).getByRole('toolbar', { name: 'Call controls' }).waitFor();
  }

  it('the therapist opens the call, starts the agenda and lets Ben in', async () => {
    const t = page(therapist);
    await joinFromHome(therapist);
    await t.getByRole('toolbar', { name: 'Call controls' }).waitFor();
    await admit(ben);
    await showPanel(t, 'Agenda');
    await t.getByRole('button', { name: 'Start the agenda' }).click();
    await page(ben).getByTestId('agenda-strip').filter({ hasText: /^1\// }).waitFor();
    // A calm session: no banner, and an Alerts tab with nothing to count.
    expect(await t.getByTestId('safety-alert-banner').count()).toBe(0);
    await t.getByRole('tab', { name: 'Alerts', exact: true }).waitFor();
    await showPanel(t, 'Alerts');
    await t.getByText('No safety alerts for this session.').waitFor();
    await showPanel(t, 'Agenda');
  }, 180_000);

  it('Ada fills in her check-in during the session; the therapist’s call shows the alert without a reload', async () => {
    const t = page(therapist);
    const loadedAt = await t.evaluate(() => performance.timeOrigin);
    const strip = t.getByTestId('agenda-strip');
    const agendaItem = await strip.textContent();
    expect(agendaItem).toMatch(/^1\/\d+/);

    // Ada opens her Check-ins: the session's check-in is open until the session ends.
    const a = page(ada);
    await a
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Check-ins' })
      .click();
    await a.getByRole('heading', { level: 1, name: 'Check-ins' }).waitFor();
    await a
      .getByRole('region', { name: 'Before your sessions' })
      .getByRole('link', { name: `Check-in for ${title}, session 1 of 12` })
      .click();
    await a.getByRole('heading', { level: 1, name: 'Check-in before session 1 of 12' }).waitFor();
    const phq9 = a.getByRole('region', { name: 'Mood (PHQ-9)' }).getByRole('group');
    for (let i = 0; i < 8; i += 1) await phq9.nth(i).getByLabel('Not at all').check();
    await phq9.nth(8).getByLabel('More than half the days').check();
    await a.getByText(/Samaritans on 116 123/).waitFor();
    const gad7 = a.getByRole('region', { name: 'Anxiety (GAD-7)' }).getByRole('group');
    for (let i = 0; i < 7; i += 1) await gad7.nth(i).getByLabel('Several days').check();
    await a
      .getByRole('group', { name: /^How is your mood/ })
      .getByLabel('3', { exact: true })
      .check();
    await a.getByRole('button', { name: 'Send my check-in' }).click();
    await a.getByText(/^Thank you — you filled this in/).waitFor();

    // The therapist's call reads the session's alerts every 30 s: the banner comes without a
    // reload (60 s only catches a hang), over the stage, and the Alerts tab counts it.
    const banner = t.getByTestId('safety-alert-banner');
    await banner.waitFor({ timeout: 60_000 });
    expect(await banner.textContent()).toContain(
      `Safety alert: ${ada.name} answered PHQ-9 question 9 in the check-in before session 1.`,
    );
    expect(await t.getByRole('alert').filter({ has: banner }).count()).toBe(1);
    await t.getByRole('tab', { name: 'Alerts 1 new' }).waitFor();
    expect(await t.evaluate(() => performance.timeOrigin)).toBe(loadedAt);
    await snap(t, 'call-safety-alert-banner');
    // The agenda stays in sight, the same item, and the Agenda tab stays open.
    expect(await strip.isVisible()).toBe(true);
    expect(await strip.textContent()).toContain(agendaItem!.replace(/\d+:\d\d of .*$/, ''));
    expect(
      await t.getByRole('tab', { name: 'Agenda', exact: true }).getAttribute('aria-selected'),
    ).toBe('true');
    // The banner sits between the top bar and the video, hiding neither the agenda nor a tile.
    // Measured at one instant: another banner (a weak connection's) may come and go meanwhile.
    const at = await t.evaluate(() => {
      const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
      const alert = box('[data-testid="safety-alert-banner"]');
      return {
        alertTop: alert.top,
        alertBottom: alert.bottom,
        agendaBottom: box('[data-testid="agenda-strip"]').bottom,
        videoTop: box('section[aria-label="Video"]').top,
      };
    });
    expect(at.alertTop).toBeGreaterThanOrEqual(at.agendaBottom - 1);
    expect(at.alertBottom).toBeLessThanOrEqual(at.videoTop + 1);
  }, 180_000);

  it('Ada joins late; neither client sees the alert or an Alerts tab', async () => {
    await admit(ada);
    for (const client of [ada, ben]) {
      const p = page(client);
      await showPanel(p, 'Agenda');
      const tabs = await p
        .getByRole('tablist', { name: 'Side panel' })
        .getByRole('tab')
        .allTextContents();
      expect(tabs).toEqual(['Agenda', 'Chat', 'People', 'Devices']);
      expect(await p.getByTestId('safety-alert-banner').count()).toBe(0);
      const text = await p.locator('body').innerText();
      expect(text).not.toMatch(/safety alert|question 9/i);
      expect(await p.getByTestId('agenda-strip').isVisible()).toBe(true);
    }
    // The therapist still has the banner: it stays until dismissed or the alert is seen.
    await page(therapist).getByTestId('safety-alert-banner').waitFor();
  }, 180_000);

  it('the therapist opens the alert from the banner, checks the view with axe, then dismisses it', async () => {
    const t = page(therapist);
    const banner = t.getByTestId('safety-alert-banner');
    await banner.getByRole('button', { name: 'Open alerts' }).click();
    const alertsTab = t.getByRole('tab', { name: 'Alerts 1 new' });
    expect(await alertsTab.getAttribute('aria-selected')).toBe('true');
    const list = t.getByRole('region', { name: 'Safety alerts' });
    await list.waitFor();
    expect(await list.textContent()).toContain(
      `${ada.name} answered PHQ-9 question 9 (thoughts of being better off dead or of self-harm): more than half the days.`,
    );
    expect(await list.textContent()).toContain(`${title}, check-in before session 1`);
    expect(
      await list.getByRole('link', { name: `Open ${ada.name}’s record (new tab)` }).count(),
    ).toBe(1);
    expect(await t.getByTestId('agenda-strip').isVisible()).toBe(true);

    // The call view with the banner over the stage and the alert open: no axe violations.
    expect(await banner.isVisible()).toBe(true);
    await snap(t, 'call-safety-alert-open');
    await expectAccessible(t, 'call view of the therapist with a safety alert');

    await banner.getByRole('button', { name: 'Dismiss' }).click();
    await banner.waitFor({ state: 'detached' });
    // Dismissed is not seen: the tab keeps its count until the alert is marked as seen.
    await alertsTab.waitFor();
    expect(await t.getByTestId('agenda-strip').isVisible()).toBe(true);
    await list.getByRole('button', { name: 'Mark as seen' }).click();
    await t.getByRole('tab', { name: 'Alerts', exact: true }).waitFor();
    await list.getByText(`— seen by ${therapist.name}`).waitFor();
    expect(await t.getByTestId('safety-alert-banner').count()).toBe(0);
    await showPanel(t, 'People');
  }, 180_000);

  it('Ben switches microphone, camera and hand with Alt shortcuts; each is said and the therapist sees it', async () => {
    const b = page(ben);
    const t = page(therapist);
    const benTile = tileOf(t, ben);
    const benInPeople = t
      .getByRole('region', { name: 'Participants' })
      .getByRole('listitem')
      .filter({ hasText: ben.name });
    // Ben's keys go to the call, not to a control: focus on the page itself.
    await b.locator('body').click({ position: { x: 5, y: 5 } });
    await benTile.waitFor();
    expect(await pressed(b, 'Microphone')).toBe('true');
    expect(await benTile.getByText('Microphone off').count()).toBe(0);

    await b.keyboard.press('Alt+KeyA');
    await untilPressed(b, 'Microphone', 'false');
    await announced(b, 'Microphone off').waitFor();
    await benTile.getByText('Microphone off').waitFor();
    await b.keyboard.press('Alt+KeyA');
    await untilPressed(b, 'Microphone', 'true');
    await announced(b, 'Microphone on').waitFor();
    await benTile.getByText('Microphone off').waitFor({ state: 'detached' });

    expect(await pressed(b, 'Camera')).toBe('true');
    await benInPeople.getByText(/camera on/).waitFor();
    await until('the therapist sees Ben’s video', () => showsPicture(benTile));
    await b.keyboard.press('Alt+KeyV');
    await untilPressed(b, 'Camera', 'false');
    await announced(b, 'Camera off').waitFor();
    // The therapist sees Ben's initials where his video was, and the People tab says so.
    const initials = benTile.getByText('BH', { exact: true });
    await benInPeople.getByText(/camera off/).waitFor();
    await initials.waitFor();
    expect(await showsPicture(benTile)).toBe(false);
    await b.keyboard.press('Alt+KeyV');
    await untilPressed(b, 'Camera', 'true');
    await announced(b, 'Camera on').waitFor();
    await benInPeople.getByText(/camera on/).waitFor();
    await initials.waitFor({ state: 'detached' });
    await until('Ben’s video shows again', () => showsPicture(benTile));

    expect(await pressed(b, 'Raise hand')).toBe('false');
    await b.keyboard.press('Alt+KeyY');
    await untilPressed(b, 'Raise hand', 'true');
    await announced(b, 'Hand raised').waitFor();
    await benTile.getByText('Hand raised (1)').waitFor();
    await snap(t, 'call-shortcut-hand-seen');
    await t
      .getByRole('region', { name: 'Participants' })
      .getByRole('button', { name: `Lower ${ben.name}’s hand` })
      .waitFor();
    await b.keyboard.press('Alt+KeyY');
    await untilPressed(b, 'Raise hand', 'false');
    await announced(b, 'Hand lowered').waitFor();
    await benTile.getByText(/^Hand raised/).waitFor({ state: 'detached' });
  }, 180_000);

  it('Ben hides and shows the side panel with Alt+P and lists the shortcuts with ?', async () => {
    const b = page(ben);
    const tabs = b.getByRole('tablist', { name: 'Side panel' });
    const panelButton = b
      .getByRole('toolbar', { name: 'Call controls' })
      .getByRole('button', { name: /^Side panel/ });
    await tabs.waitFor();
    expect(await panelButton.getAttribute('aria-expanded')).toBe('true');
    await b.keyboard.press('Alt+KeyP');
    await tabs.waitFor({ state: 'detached' });
    await announced(b, 'Side panel hidden').waitFor();
    expect(await panelButton.getAttribute('aria-expanded')).toBe('false');
    await b.keyboard.press('Alt+KeyP');
    await tabs.waitFor();
    await announced(b, 'Side panel shown').waitFor();
    expect(await panelButton.getAttribute('aria-expanded')).toBe('true');

    await b.keyboard.press('Shift+Slash');
    const dialog = b.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    await snap(b, 'call-shortcuts-dialog');
    const rows = await dialog.getByRole('row').allInnerTexts();
    expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
      'Keys What they do',
      'Alt + A Microphone on or off',
      'Alt + V Camera on or off',
      'Alt + Y Raise or lower your hand',
      'Alt + P Show or hide the side panel',
      '? This list of shortcuts',
    ]);
    // While the list is open it has the keyboard: Alt+A leaves the microphone alone.
    await b.keyboard.press('Alt+KeyA');
    await b.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await pressed(b, 'Microphone')).toBe('true');
    expect(await tileOf(page(therapist), ben).getByText('Microphone off').count()).toBe(0);
  }, 120_000);

  it('in the chat’s text box the shortcut keys only type', async () => {
    const b = page(ben);
    await showPanel(b, 'Chat');
    const message = b.getByLabel('Message', { exact: true });
    await message.click();
    await message.pressSequentially('Can I ask something');
    await b.keyboard.press('Alt+KeyA');
    await b.keyboard.press('Alt+KeyY');
    await b.keyboard.press('Alt+KeyP');
    await b.keyboard.press('Shift+Slash');
    expect(await message.inputValue()).toBe('Can I ask something?');
    expect(await b.getByRole('dialog').count()).toBe(0);
    expect(await b.getByRole('tablist', { name: 'Side panel' }).isVisible()).toBe(true);
    expect(await pressed(b, 'Microphone')).toBe('true');
    expect(await pressed(b, 'Raise hand')).toBe('false');
    await b.keyboard.press('Enter');

    // The therapist gets the question as typed, and Ben's microphone and hand are as they were.
    const t = page(therapist);
    await showPanel(t, 'Chat');
    await t
      .getByRole('list', { name: 'Messages' })
      .getByText('Can I ask something?', { exact: true })
      .waitFor();
    const benTile = tileOf(t, ben);
    expect(await benTile.getByText('Microphone off').count()).toBe(0);
    expect(await benTile.getByText(/^Hand raised/).count()).toBe(0);
  }, 120_000);
});
