import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../../support/browser';
import { startServer, type ServerProcess } from '../../support/server';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp';

// Journey (d), through the web app alone: someone signed in on two devices forgets their
// password, asks for a link on a third, gets it by email from a real SMTP server, chooses a new
// password — and both earlier devices are signed out.

const person = {
  practice: 'Willow Lane Practice',
  name: 'Rowan Reset',
  email: 'rowan@willow-lane.example',
  password: 'marble lighthouse quiver',
  newPassword: 'copper meadow falcon tundra',
};

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core on the page as it is; every violation is listed with the nodes it hit. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the app's CSP (rightly) refuses inline scripts.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: () => Promise<{ violations: Json[] }> } }).axe;
    type Json = { id: string; nodes: { target: string[] }[] };
    const result = await axe.run();
    return result.violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  });
  return violations;
}

const heading = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name }).waitFor();

describe('journey: forgotten password → emailed link → new password → old sign-ins end', () => {
  let database: TestDatabase;
  let smtp: TestSmtpServer;
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let laptop: Page;
  let phone: Page;
  let library: Page;
  const visited: { path: string; violations: string[] }[] = [];

  const check = async (page: Page) => {
    visited.push({ path: new URL(page.url()).pathname, violations: await axeViolations(page) });
  };

  const device = async (width: number, height: number) => {
    const context = await browser.newContext({ viewport: { width, height } });
    contexts.push(context);
    return context.newPage();
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    smtp = await startSmtpServer();
    dataDir = mkdtempSync(join(tmpdir(), 'hearth-e2e-reset-'));
    server = await startServer({
      DATABASE_URL: database.url,
      HEARTH_DATA_DIR: dataDir,
      NODE_ENV: 'production',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Willow Lane <hearth@willow-lane.example>',
    });
    browser = await launchBrowser();
    laptop = await device(1280, 900);
    phone = await device(375, 812);
    library = await device(1024, 768);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs up on a laptop (confirming from the email) and signs in on a phone; the account page lists both devices', async () => {
    await laptop.goto(`${server.url}/sign-up`);
    await heading(laptop, 'Create a practice');
    await laptop.getByLabel('Practice name').fill(person.practice);
    await laptop.getByLabel('Your name').fill(person.name);
    await laptop.getByLabel('Email address').fill(person.email);
    await laptop.getByLabel('Password').fill(person.password);
    await laptop.getByLabel('Time zone').selectOption('Europe/London');
    await laptop.getByRole('button', { name: 'Create practice' }).click();
    await heading(laptop, 'Check your email');
    await check(laptop);
    // The practice is created from the link in the email that arrives.
    const mail = await smtp.waitFor(
      (m) => m.to.includes(person.email) && m.links.some((l) => l.includes('/confirm-sign-up/')),
    );
    await laptop.goto(mail.links.find((l) => l.includes('/confirm-sign-up/'))!);
    await heading(laptop, 'Create your practice');
    await check(laptop);
    await laptop.getByRole('button', { name: 'Create my practice' }).click();
    await heading(laptop, `Hello, ${person.name}`);

    await phone.goto(`${server.url}/sign-in`);
    await heading(phone, 'Sign in');
    await phone.getByLabel('Email address').fill(person.email);
    await phone.getByLabel('Password').fill(person.password);
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await heading(phone, `Hello, ${person.name}`);

    // The header's name leads to the account page.
    await laptop.getByRole('banner').getByRole('link', { name: person.name }).click();
    await heading(laptop, 'Your account');
    const devices = laptop.getByRole('region', { name: 'Signed-in devices' });
    await devices.getByText('(this device)').waitFor();
    await expect(devices.getByRole('listitem').count()).resolves.toBe(2);
    await check(laptop);
  });

  it('asks for a reset link from the sign-in page of a third device and gets it by email', async () => {
    await library.goto(`${server.url}/sign-in`);
    await check(library);
    await library.getByRole('link', { name: 'Forgotten your password?' }).click();
    await heading(library, 'Forgotten password');
    await library.getByLabel('Email address').fill(person.email.toUpperCase());
    await library.getByRole('button', { name: 'Email me a link' }).click();
    await library.getByText(/we have emailed it a link/).waitFor();
    await check(library);

    const mail = await smtp.waitFor(
      (m) => m.to.includes(person.email) && m.subject === 'Reset your Hearth password',
    );
    expect(mail.from).toContain('hearth@willow-lane.example');
    expect(mail.text).toContain(`Hello ${person.name},`);
    expect(mail.html).toContain('Choose a new password');
    const link = mail.links.find((l) => l.includes('/reset-password/'));
    expect(link?.startsWith(`${server.url}/reset-password/`)).toBe(true);

    await library.goto(link!);
    await heading(library, 'Choose a new password');
    await check(library);
    await library.getByLabel('Password').fill(person.newPassword);
    await library.getByRole('button', { name: 'Save the new password' }).click();
    await library.getByText('you are signed out on every device').waitFor();
    await check(library);

    // The link worked once.
    await library.goto(link!);
    await library.getByLabel('Password').fill('another fresh passphrase here');
    await library.getByRole('button', { name: 'Save the new password' }).click();
    await library
      .getByRole('alert')
      .getByText(/not valid any more/)
      .waitFor();
  });

  it('has signed out the laptop and the phone', async () => {
    for (const page of [laptop, phone]) {
      await page.goto(`${server.url}/account`);
      await heading(page, 'Sign in');
    }
    // The old password no longer works; the new one does.
    await phone.getByLabel('Email address').fill(person.email);
    await phone.getByLabel('Password').fill(person.password);
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await phone.getByRole('alert').getByText('Email or password is incorrect').waitFor();
    await phone.getByLabel('Password').fill(person.newPassword);
    await phone.getByRole('button', { name: 'Sign in' }).click();
    await heading(phone, `Hello, ${person.name}`);
    await phone.goto(`${server.url}/account`);
    await heading(phone, 'Your account');
    const devices = phone.getByRole('region', { name: 'Signed-in devices' });
    await devices.getByText('(this device)').waitFor();
    await expect(devices.getByRole('listitem').count()).resolves.toBe(1);
    await check(phone);
  });

  it('left no accessibility violations on any page it visited', () => {
    expect(visited.filter((v) => v.violations.length > 0)).toEqual([]);
    expect(visited.length).toBeGreaterThanOrEqual(5);
  });
});
