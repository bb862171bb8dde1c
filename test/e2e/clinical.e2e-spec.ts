import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { signUpCoordinator } from '@hearth/testing';
import { startServer, type ServerProcess } from '../support/server';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';

/** A client's check-ins have their own page in the main navigation (a bottom bar on a phone). */
async function openCheckIns(page: Page): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Check-ins' })
    .click();
  await page.getByRole('heading', { level: 1, name: 'Check-ins' }).waitFor();
}

// The clinical safety path through the real web app, the built server and the embedded
// database: a group client accepts the practice's consent and fills in a check-in with PHQ-9
// question 9 above 0; the group's therapist sees the alert on their home page, and another
// client of the same group sees nothing of it.
const password = 'lantern orchard kettle';
const coordinator = { name: 'Cora Coordinator', email: 'cora@riverside.example' };
const therapist = { name: 'Theo Therapist', email: 'theo@riverside.example' };
const ada = { name: 'Ada Member', email: 'ada@riverside.example' };
const ben = { name: 'Ben Member', email: 'ben@riverside.example' };
const cas = { name: 'Cas Member', email: 'cas@riverside.example' };

async function api<T>(
  server: ServerProcess,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function ok<T>(reply: Promise<{ status: number; body: T }>): Promise<T> {
  const { status, body } = await reply;
  if (status >= 300) throw new Error(`${status} ${JSON.stringify(body)}`);
  return body;
}

/** Tomorrow in London with its ISO weekday: session 1 is then, so its check-in is open. */
function tomorrowInLondon(): { date: string; weekday: number } {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
    new Date(Date.now() + 86_400_000),
  );
  return { date, weekday: ((new Date(`${date}T12:00:00Z`).getUTCDay() + 6) % 7) + 1 };
}

async function signIn(page: Page, server: ServerProcess, who: { name: string; email: string }) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: `Hello, ${who.name}` }).waitFor();
}

describe('clinical safety in the browser: consent, a check-in with question 9, the alert', () => {
  let dataDir: string;
  let server: ServerProcess;
  let smtp: TestSmtpServer;
  let browser: Browser;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let courseId: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hearth-e2e-clinical-'));
    smtp = await startSmtpServer();
    server = await startServer({
      HEARTH_DATA_DIR: dataDir,
      // Not production: every row the embedded database returns is checked against its schema.
      NODE_ENV: 'test',
      SMTP_URL: smtp.url,
    });
    browser = await launchBrowser();

    // The practice (confirmed from its emailed link), its people and a group course, through the API.
    const signUp = await signUpCoordinator(server.url, smtp, {
      practiceName: 'Riverside IPT',
      displayName: coordinator.name,
      email: coordinator.email,
      password,
      timeZone: 'Europe/London',
    });
    for (const [key, person, role] of [
      ['therapist', therapist, 'therapist'],
      ['ada', ada, 'client'],
      ['ben', ben, 'client'],
      ['cas', cas, 'client'],
    ] as const) {
      const { acceptPath } = await ok(
        api<{ acceptPath: string }>(
          server,
          'POST',
          '/api/invitations',
          { email: person.email, displayName: person.name, roles: [role] },
          signUp.accessToken,
        ),
      );
      const accepted = await ok(
        api<{ accessToken: string; person: { id: string } }>(
          server,
          'POST',
          `/api${acceptPath}/accept`,
          { password, timeZone: 'Europe/London' },
        ),
      );
      tokens[key] = accepted.accessToken;
      ids[key] = accepted.person.id;
    }
    const { date, weekday } = tomorrowInLondon();
    const course = await ok(
      api<{ id: string }>(
        server,
        'POST',
        '/api/courses',
        {
          title: 'Riverside group',
          format: 'group',
          focusAreas: ['grief'],
          therapistId: ids['therapist'],
          maxMembers: 3,
          timeZone: 'Europe/London',
          weekday,
          localTime: '10:00',
          startDate: date,
          members: ['ada', 'ben', 'cas'].map((key) => ({
            personId: ids[key],
            relation: 'member',
            status: 'active',
          })),
        },
        signUp.accessToken,
      ),
    );
    courseId = course.id;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('has a client accept the consent and send a check-in with question 9 above 0', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
    const page = await context.newPage();
    await signIn(page, server, ada);

    const banner = page.getByRole('region', { name: 'Your consent is needed' });
    await banner.getByText(/^Read the consent text/).click();
    expect(await banner.getByLabel('Consent text').textContent()).toContain(
      'Interpersonal Psychotherapy',
    );
    await banner.getByRole('button', { name: 'I have read this and I accept' }).click();
    await banner.waitFor({ state: 'detached' });

    await openCheckIns(page);
    await page
      .getByRole('region', { name: 'Before your sessions' })
      .getByRole('link', { name: 'Check-in for Riverside group, session 1 of 12' })
      .click();
    await page
      .getByRole('heading', { level: 1, name: 'Check-in before session 1 of 12' })
      .waitFor();
    const phq9 = page.getByRole('region', { name: 'Mood (PHQ-9)' });
    const phq9Groups = phq9.getByRole('group');
    for (let i = 0; i < 8; i += 1) {
      await phq9Groups.nth(i).getByLabel('Several days').check();
    }
    await phq9Groups.nth(8).getByLabel('Several days').check();
    await page.getByText(/Samaritans on 116 123/).waitFor();
    const gad7Groups = page.getByRole('region', { name: 'Anxiety (GAD-7)' }).getByRole('group');
    for (let i = 0; i < 7; i += 1) {
      await gad7Groups.nth(i).getByLabel('Not at all').check();
    }
    await page
      .getByRole('group', { name: /^How is your mood/ })
      .getByLabel('4', { exact: true })
      .check();
    await page.getByRole('button', { name: 'Send my check-in' }).click();
    await page.getByText(/^Thank you — you filled this in/).waitFor();
    expect(await page.textContent('main')).not.toMatch(/alert/i);
    await context.close();
  });

  it('shows the alert to the group’s therapist', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, server, therapist);
    const alerts = page.getByRole('region', { name: 'Safety alerts' });
    await alerts.getByText(/answered PHQ-9 question 9/).waitFor();
    expect(await alerts.textContent()).toContain(
      'Ada Member answered PHQ-9 question 9 (thoughts of being better off dead or of self-harm): several days.',
    );
    expect(await alerts.textContent()).toContain('Riverside group, check-in before session 1');
    await context.close();
  });

  it('shows another client of the same group nothing of it', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 } });
    const page = await context.newPage();
    await signIn(page, server, ben);
    await page.getByRole('region', { name: 'Your consent is needed' }).waitFor();
    expect(await page.getByRole('region', { name: 'Safety alerts' }).count()).toBe(0);
    await openCheckIns(page);
    await page.getByRole('region', { name: 'Before your sessions' }).waitFor();
    expect(await page.getByRole('region', { name: 'Safety alerts' }).count()).toBe(0);
    const text = await page.textContent('main');
    expect(text).not.toContain('question 9');
    expect(text).not.toContain('Ada');
    await context.close();

    // Nor can Ben reach it through the API: alerts are for therapists, Ada's records are hers.
    expect(
      (await api(server, 'GET', '/api/clinical/alerts', undefined, tokens['ben'])).status,
    ).toBe(403);
    expect(
      (
        await api(
          server,
          'GET',
          `/api/courses/${courseId}/clients/${ids['ada']}/inventory`,
          undefined,
          tokens['ben'],
        )
      ).status,
    ).toBe(404);
    const adaView = await api<{ submitted: unknown }>(
      server,
      'GET',
      `/api/courses/${courseId}/clinical`,
      undefined,
      tokens['ben'],
    );
    expect(adaView.status).toBe(403);
  });
});
