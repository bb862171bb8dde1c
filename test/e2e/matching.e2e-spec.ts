import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { startServer, type ServerProcess } from '../support/server';
import { confirmSignUpFromMail } from '../support/sign-up';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { api } from '../support/api';

// Matching through the real web app, the built server and the embedded database: someone in New
// York asks a London practice for couple therapy on its public form, the coordinator sees the
// ranked match with its reasons and accepts it, and the requester follows the invitation to
// their new account and sees the course's first session.
const coordinator = {
  name: 'Cora Coordinator',
  email: 'cora@rivera-practice.example',
  password: 'kettle orchard lantern',
};
const therapist = { name: 'Theo Therapist', email: 'theo@rivera-practice.example' };
const requester = {
  name: 'Sam Rivera',
  email: 'sam@rivera.example',
  password: 'harbour violet compass',
};

/** Next Monday on New York's calendar, 'YYYY-MM-DD'. */
function nextNewYorkMonday(now: Date): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(now);
  const midnight = new Date(`${today}T00:00:00Z`);
  const daysAhead = (8 - midnight.getUTCDay()) % 7 || 7;
  return new Date(midnight.getTime() + daysAhead * 86_400_000).toISOString().slice(0, 10);
}

describe('matching in the browser: public form, ranked match, accepted, invitation followed', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  let smtp: TestSmtpServer;
  let coordinatorContext: BrowserContext;
  let requesterContext: BrowserContext;
  let coordinatorPage: Page;
  let requesterPage: Page;
  let practiceId: string;
  let reference: string;
  let invitationUrl: string;
  const monday = nextNewYorkMonday(new Date());

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hearth-e2e-matching-'));
    smtp = await startSmtpServer();
    server = await startServer({
      SMTP_URL: smtp.url,
      HEARTH_DATA_DIR: dataDir,
      // Not production: every row the embedded database returns is checked against its schema.
      NODE_ENV: 'test',
      THERAPY_REQUEST_MIN_FILL_SECONDS: '2',
    });
    browser = await launchBrowser();
    coordinatorContext = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: 'Europe/London',
    });
    // The requester is in New York, on a phone.
    requesterContext = await browser.newContext({
      viewport: { width: 390, height: 844 },
      timezoneId: 'America/New_York',
    });
    coordinatorPage = await coordinatorContext.newPage();
    requesterPage = await requesterContext.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sets up a practice with a therapist who runs couple IPT on London evenings', async () => {
    const page = coordinatorPage;
    await page.goto(`${server.url}/sign-up`);
    await page.getByLabel('Practice name').fill('Rivera Street Practice');
    await page.getByLabel('Your name').fill(coordinator.name);
    await page.getByLabel('Email address').fill(coordinator.email);
    await page.getByLabel('Password').fill(coordinator.password);
    await page.getByLabel('Time zone').selectOption('Europe/London');
    await page.getByRole('button', { name: 'Create practice' }).click();
    await confirmSignUpFromMail(page, smtp, coordinator.email);
    await page.getByRole('heading', { level: 1, name: `Hello, ${coordinator.name}` }).waitFor();

    const { accessToken, person } = await api<{
      accessToken: string;
      person: { practiceId: string };
    }>(server, 'POST', '/api/auth/login', {
      email: coordinator.email,
      password: coordinator.password,
    });
    practiceId = person.practiceId;
    const { acceptPath } = await api<{ acceptPath: string }>(
      server,
      'POST',
      '/api/invitations',
      { email: therapist.email, displayName: therapist.name, roles: ['therapist'] },
      accessToken,
    );
    const theo = await api<{ person: { id: string } }>(server, 'POST', `/api${acceptPath}/accept`, {
      password: 'quiet meadow lantern',
      timeZone: 'Europe/London',
    });
    await api(
      server,
      'PUT',
      `/api/therapists/${theo.person.id}/profile`,
      {
        modalities: ['IPT'],
        formats: ['couple'],
        focusAreas: ['disputes'],
        languages: ['en'],
        remote: true,
        inPersonLocationIds: [],
        availability: [{ weekday: 1, from: '18:00', to: '21:00' }],
      },
      accessToken,
    );
    // The home page shows where requests arrive.
    await page.reload();
    await page
      .getByRole('region', { name: 'Requests for therapy' })
      .getByText('No requests are waiting.')
      .waitFor();
  });

  it('takes a request on the public form, with no account, and gives a reference', async () => {
    const page = requesterPage;
    await page.goto(`${server.url}/practices/${practiceId}/request-therapy`);
    await page
      .getByRole('heading', { level: 1, name: 'Ask Rivera Street Practice for therapy' })
      .waitFor();
    const openedAt = Date.now();
    await page.getByLabel('Your name').fill(requester.name);
    await page.getByLabel('Email address').fill(requester.email);
    await page.getByLabel('What brings you').fill('We keep arguing about the same things.');
    await page.getByLabel('Interpersonal disputes').check();
    await page.getByLabel(/^Couple/).check();
    expect(await page.getByLabel('Your time zone').inputValue()).toBe('America/New_York');
    await page.getByLabel('Day', { exact: true }).selectOption({ label: 'Monday' });
    await page.getByLabel('From', { exact: true }).fill('13:00');
    await page.getByLabel('To', { exact: true }).fill('16:00');
    await page.getByLabel(/may contact me by email/).check();
    // A person takes longer than the form's minimum; wait it out if the test was quicker.
    await page.waitForTimeout(Math.max(0, 2_200 - (Date.now() - openedAt)));
    await page.getByRole('button', { name: 'Send my request' }).click();
    await page.getByRole('heading', { level: 1, name: /we have your request/ }).waitFor();
    reference = (await page.locator('.reference').textContent()) ?? '';
    expect(reference).toMatch(/^HR-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('shows the coordinator the ranked match with its reasons, and accepts it', async () => {
    const page = coordinatorPage;
    await page.reload();
    const section = page.getByRole('region', { name: 'Requests for therapy' });
    await section.getByText('1 request is waiting.').waitFor();
    await section.getByRole('link', { name: 'See requests' }).click();
    await page.getByRole('link', { name: `${requester.name} (${reference})` }).click();
    await page.getByRole('heading', { level: 1, name: `Request from ${requester.name}` }).waitFor();
    const reasons = page.getByRole('list', { name: `Why ${therapist.name}` });
    const text = await reasons.textContent();
    expect(text).toContain('runs couple IPT');
    expect(text).toContain('works with interpersonal disputes');
    expect(text).toContain('1 shared afternoon slot a week');
    expect(text).toContain('sees clients remotely');
    // The accept form starts at the first shared time, on the requester's clock (New York):
    // 13:00, or 14:00 in the weeks only one side has changed its clocks.
    expect(['13:00', '14:00']).toContain(
      await page.getByLabel('Time', { exact: true }).inputValue(),
    );
    await page.getByLabel('Time', { exact: true }).fill('14:00');
    await page.getByLabel('Starting from').fill(monday);
    await page.getByRole('button', { name: `Accept ${therapist.name}` }).click();
    await page.getByRole('heading', { name: 'Match accepted' }).waitFor();
    invitationUrl = (await page.locator('.invitation-link').getAttribute('href')) ?? '';
    expect(invitationUrl).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);
    await page.getByRole('heading', { name: 'Decision' }).waitFor();

    await page.getByRole('link', { name: 'Open the course' }).first().click();
    const roster = page.getByRole('region', { name: 'Roster' });
    await roster.waitFor();
    expect(await roster.textContent()).toContain(`${requester.name}PartnerInvited`);
  });

  it('lets the requester follow the invitation and see their first session', async () => {
    const page = requesterPage;
    await page.goto(invitationUrl);
    await page.getByLabel('Password').fill(requester.password);
    await page.getByRole('button', { name: 'Accept and sign in' }).click();
    await page.getByRole('heading', { level: 1, name: `Hello, ${requester.name}` }).waitFor();
    const upcoming = page.getByRole('region', { name: 'Your next session' });
    await upcoming.getByText(/Session 1 of 12/).waitFor();
    expect(await upcoming.textContent()).toMatch(
      /Monday, .*, 14:00–14:50 (GMT-[45]|EST|EDT)Couple IPT with Sam Rivera/,
    );
  });
});
