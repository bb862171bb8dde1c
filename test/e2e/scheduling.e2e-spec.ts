import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { startServer, type ServerProcess } from '../support/server';
import { confirmSignUpFromMail } from '../support/sign-up';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { api } from '../support/api';

// The scheduling story through the real web app, the built server and the embedded database:
// a coordinator builds a family course for two invited clients in the builder, previews it,
// saves it and finds it in the week view; one of the clients then sees it on their home page.
const coordinator = {
  name: 'Cora Coordinator',
  email: 'cora@okafor-practice.example',
  password: 'kettle orchard lantern',
};
const therapist = { name: 'Theo Therapist', email: 'theo@okafor-practice.example' };
const parent = {
  name: 'Pat Okafor',
  email: 'pat@okafor-practice.example',
  password: 'harbour violet compass',
};
const child = { name: 'Kit Okafor', email: 'kit@okafor-practice.example' };
const courseTitle = 'Okafor family';

// Set HEARTH_E2E_SCREENSHOTS to a folder to keep pictures of the builder and the week view.
const screenshotDir = process.env.HEARTH_E2E_SCREENSHOTS;

async function snap(page: Page, name: string): Promise<void> {
  if (!screenshotDir) return;
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

const pathOf = (page: Page) => new URL(page.url()).pathname;

async function noSideways(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

/** Next Monday on London's calendar, 'YYYY-MM-DD': the course starts then, so it is all ahead. */
function nextLondonMonday(now: Date): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
  const midnight = new Date(`${today}T00:00:00Z`);
  const daysAhead = (8 - midnight.getUTCDay()) % 7 || 7;
  return new Date(midnight.getTime() + daysAhead * 86_400_000).toISOString().slice(0, 10);
}

describe('scheduling in the browser: build a family course, see it in the week and at home', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let smtp: TestSmtpServer;
  let coordinatorContext: BrowserContext;
  let parentContext: BrowserContext;
  let coordinatorPage: Page;
  let parentPage: Page;
  const monday = nextLondonMonday(new Date());
  let parentInvitation: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hearth-e2e-scheduling-'));
    smtp = await startSmtpServer();
    server = await startServer({
      SMTP_URL: smtp.url,
      HEARTH_DATA_DIR: dataDir,
      // Not production: every row the embedded database returns is checked against its schema.
      NODE_ENV: 'test',
    });
    browser = await launchBrowser();
    coordinatorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Family members often join from a phone.
    parentContext = await browser.newContext({
      viewport: { width: 375, height: 812 },
      timezoneId: 'Europe/London',
    });
    coordinatorPage = await coordinatorContext.newPage();
    parentPage = await parentContext.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs up a practice, and invites a therapist and two family members who accept', async () => {
    const page = coordinatorPage;
    await page.goto(`${server.url}/sign-up`);
    await page.getByLabel('Practice name').fill('Okafor Street Practice');
    await page.getByLabel('Your name').fill(coordinator.name);
    await page.getByLabel('Email address').fill(coordinator.email);
    await page.getByLabel('Password').fill(coordinator.password);
    await page.getByLabel('Time zone').selectOption('Europe/London');
    await page.getByRole('button', { name: 'Create practice' }).click();
    await confirmSignUpFromMail(page, smtp, coordinator.email);
    await page.getByRole('heading', { level: 1, name: `Hello, ${coordinator.name}` }).waitFor();

    // Invitations through the API keep the story short; the identity test covers the invite form.
    const { accessToken } = await api<{ accessToken: string }>(server, 'POST', '/api/auth/login', {
      email: coordinator.email,
      password: coordinator.password,
    });
    const invite = (person: { name: string; email: string }, role: string) =>
      api<{ acceptPath: string }>(
        server,
        'POST',
        '/api/invitations',
        { email: person.email, displayName: person.name, roles: [role] },
        accessToken,
      );
    const accept = (acceptPath: string, password: string) =>
      api(server, 'POST', `/api${acceptPath}/accept`, { password, timeZone: 'Europe/London' });
    await accept((await invite(therapist, 'therapist')).acceptPath, 'quiet meadow lantern');
    await accept((await invite(child, 'client')).acceptPath, 'silver otter meadow');
    parentInvitation = (await invite(parent, 'client')).acceptPath;

    // Pat accepts on their phone, and has nothing scheduled yet.
    await parentPage.goto(`${server.url}${parentInvitation}`);
    await parentPage.getByLabel('Password').fill(parent.password);
    await parentPage.getByRole('button', { name: 'Accept and sign in' }).click();
    await parentPage.getByRole('heading', { level: 1, name: `Hello, ${parent.name}` }).waitFor();
    await parentPage
      .getByRole('region', { name: 'Your next session' })
      .getByText(/Nothing in the next 8 weeks/)
      .waitFor();
  });

  it('builds a family course in the builder, previews its series and saves it', async () => {
    const page = coordinatorPage;
    await page.reload();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Courses' })
      .click();
    await page
      .getByRole('region', { name: 'Courses' })
      .getByRole('link', { name: 'New course' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'New course' }).waitFor();
    await page.getByLabel(child.name, { exact: true }).waitFor();

    await page.getByLabel('Title', { exact: true }).fill(courseTitle);
    await page.getByLabel(/^Family/).check();
    await page.getByLabel('Interpersonal disputes').check();
    await page.getByLabel('Therapist', { exact: true }).selectOption({ label: therapist.name });
    await page.getByLabel(parent.name, { exact: true }).check();
    await page.getByLabel(child.name, { exact: true }).check();
    await page.getByLabel(`Relation of ${parent.name}`).selectOption('parent');
    await page.getByLabel(`Relation of ${child.name}`).selectOption('child');
    await page.getByLabel('Day', { exact: true }).selectOption({ label: 'Wednesday' });
    await page.getByLabel('Start time').fill('10:00');
    await page.getByLabel('Starting from').fill(monday);
    expect(await page.getByLabel('Course time zone').inputValue()).toBe('Europe/London');
    expect(await page.getByLabel('Minutes each').inputValue()).toBe('50');
    await page.getByRole('button', { name: 'Preview the series' }).click();

    const preview = page.getByRole('region', { name: 'Series preview' });
    await preview.waitFor();
    expect(await preview.textContent()).toContain('No clashes');
    const sessions = preview.locator('.series > li');
    expect(await sessions.count()).toBe(12);
    expect(await sessions.first().textContent()).toMatch(
      /^Session 1 of 12Initial phaseWednesday, \d+ \w+ \d{4}, 10:00–10:50 (GMT|BST)$/,
    );
    expect(await sessions.last().textContent()).toContain('Termination phase');
    await snap(page, 'builder-desktop');
    await page.setViewportSize({ width: 375, height: 812 });
    await noSideways(page);
    await snap(page, 'builder-375');
    await page.setViewportSize({ width: 1280, height: 900 });

    await preview.getByRole('button', { name: 'Save course' }).click();
    await page.getByRole('heading', { level: 1, name: courseTitle }).waitFor();
    expect(pathOf(page)).toMatch(/^\/courses\/[0-9a-f-]{36}$/);
    const roster = page.getByRole('region', { name: 'Roster' });
    expect(await roster.textContent()).toContain(`${parent.name}ParentInvited`);
    expect(await roster.textContent()).toContain(`${child.name}ChildInvited`);
    expect(
      await page.getByRole('region', { name: 'Sessions' }).locator('.series > li').count(),
    ).toBe(12);
  });

  it('shows the course in the coordinator’s week view, on the Wednesday', async () => {
    const page = coordinatorPage;
    await page.goto(`${server.url}/home`);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Calendar' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Calendar' }).waitFor();
    // The course starts next week.
    await page.getByRole('link', { name: /Next week/ }).click();
    const wednesday = page.getByRole('region', { name: /^Wednesday, / });
    const entry = wednesday.getByRole('listitem').filter({ hasText: courseTitle });
    await entry.waitFor();
    expect(await entry.textContent()).toMatch(/^10:00–10:50 (GMT|BST)Okafor familySession 1 of 12/);
    expect(await page.getByRole('region', { name: /^Monday, / }).textContent()).toContain(
      'No sessions',
    );
    await snap(page, 'week-desktop');
    await page.setViewportSize({ width: 375, height: 812 });
    await noSideways(page);
    await snap(page, 'week-375');
  });

  it('shows a family member the upcoming sessions on their home, Join not yet open', async () => {
    const page = parentPage;
    await page.reload();
    // A place the coordinator offers is Pat's to accept, and joining asks for the consent too.
    await page.getByRole('button', { name: `Accept your place in ${courseTitle}` }).click();
    await page.getByText(`You accepted your place in ${courseTitle}.`).waitFor();
    const consent = page.getByRole('region', { name: 'Your consent is needed' });
    await consent.getByText(/^Read the consent text/).click();
    await consent.getByRole('button', { name: 'I have read this and I accept' }).click();
    await consent.waitFor({ state: 'detached' });
    // Home leads with the next session: when Join opens, and no disabled Join to stumble on.
    const next = page.getByRole('region', { name: 'Your next session' });
    await next.getByText('Session 1 of 12 · Initial phase').waitFor();
    expect(await next.textContent()).toContain(courseTitle);
    expect(await next.textContent()).toMatch(/10:00–10:50 (GMT|BST)/);
    expect(await next.textContent()).toContain('Opens at 09:50');
    expect(await page.getByRole('button', { name: /^Join/ }).count()).toBe(0);
    // The other weeks are folded away until wanted.
    const upcoming = page.getByRole('region', { name: 'Your upcoming sessions' });
    expect(await upcoming.isVisible()).toBe(false);
    await page.getByText('All your upcoming sessions').click();
    const items = upcoming.getByRole('listitem');
    // Eight weeks ahead from before next Monday holds sessions 1–7 or 1–8.
    await items.first().waitFor();
    expect(await items.count()).toBeGreaterThanOrEqual(7);
    expect(await items.first().textContent()).toContain(courseTitle);
    await noSideways(page);
    await snap(page, 'client-home-375');
  });
});
