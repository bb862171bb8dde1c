import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { startServer, type ServerProcess } from '../support/server';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';

// One practice's story, through the real web app, the built server and the embedded database:
// a coordinator creates the practice and invites a client, who accepts on their own device.
const practice = 'Elm Street Practice';
const coordinator = {
  name: 'Cora Coordinator',
  email: 'cora@elm-street.example',
  password: 'kettle orchard lantern',
};
const client = {
  name: 'Cleo Client',
  email: 'cleo@elm-street.example',
  password: 'harbour violet compass',
};

const hello = (page: Page, name: string) =>
  page.getByRole('heading', { level: 1, name: `Hello, ${name}` }).waitFor();

const pathOf = (page: Page) => new URL(page.url()).pathname;

async function noSideways(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
}

describe('identity in the browser: sign up, invite, accept, reload, sign out, sign in', () => {
  let dataDir: string;
  let server: ServerProcess;
  let smtp: TestSmtpServer;
  let browser: Browser;
  let coordinatorContext: BrowserContext;
  let clientContext: BrowserContext;
  let coordinatorPage: Page;
  let clientPage: Page;
  let invitationUrl: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hearth-e2e-identity-'));
    // 127.0.0.1 counts as a secure origin for Chromium, so the Secure refresh cookie sticks
    // without COOKIE_SECURE=false.
    smtp = await startSmtpServer();
    server = await startServer({
      HEARTH_DATA_DIR: dataDir,
      // Not production: every row the embedded database returns is checked against its schema.
      NODE_ENV: 'test',
      SMTP_URL: smtp.url,
    });
    browser = await launchBrowser();
    coordinatorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // The client joins from a phone-sized screen, as family members often do.
    clientContext = await browser.newContext({ viewport: { width: 375, height: 812 } });
    coordinatorPage = await coordinatorContext.newPage();
    clientPage = await clientContext.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a practice through the sign-up page and its emailed link, landing on the coordinator’s home', async () => {
    const page = coordinatorPage;
    await page.goto(`${server.url}/sign-in`);
    await page.getByRole('link', { name: 'Create a practice' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create a practice' }).waitFor();
    await page.getByLabel('Practice name').fill(practice);
    await page.getByLabel('Your name').fill(coordinator.name);
    await page.getByLabel('Email address').fill(coordinator.email);
    await page.getByLabel('Password').fill(coordinator.password);
    await page.getByLabel('Time zone').selectOption('Europe/London');
    await page.getByRole('button', { name: 'Create practice' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
    // The practice is created from the link in the email that arrives.
    const mail = await smtp.waitFor((m) => m.to.includes(coordinator.email));
    await page.goto(mail.links.find((l) => l.includes('/confirm-sign-up/'))!);
    await page.getByRole('button', { name: 'Create my practice' }).click();

    await hello(page, coordinator.name);
    expect(pathOf(page)).toBe('/home');
    // The practice's people have a page of their own in the main navigation.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'People' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    expect(pathOf(page)).toBe('/people');
    const people = page.getByRole('region', { name: 'People' });
    await people.getByText(`${coordinator.name} (you)`).waitFor();
    expect(await people.textContent()).toContain(coordinator.email);

    // The refresh token is an httpOnly cookie for the auth routes only; nothing is kept in storage.
    const cookies = await coordinatorContext.cookies(`${server.url}/api/auth/refresh`);
    const refresh = cookies.find((cookie) => cookie.name === 'hearth_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, path: '/api/auth', sameSite: 'Strict' });
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
  });

  it('invites a client and shows the full single-use link with its expiry', async () => {
    const invite = coordinatorPage.getByRole('region', { name: 'Invite someone' });
    await invite.getByLabel('Their email address').fill(client.email);
    await invite.getByLabel('Their name').fill(client.name);
    expect(await invite.getByLabel(/^Client/).isChecked()).toBe(true);
    await invite.getByRole('button', { name: 'Create invitation link' }).click();

    const result = invite.getByRole('region', { name: `Invitation link for ${client.name}` });
    invitationUrl = await result.getByLabel(/Link to send/).inputValue();
    expect(invitationUrl).toMatch(
      new RegExp(`^${server.url.replace(/[.]/g, '\\.')}/invitations/[A-Za-z0-9_-]{43}$`),
    );
    expect(await result.textContent()).toMatch(/expires on .+ (GMT|BST)/);
  });

  it('opens the link on another device, accepts with a password and lands on the client’s home', async () => {
    const page = clientPage;
    await page.goto(invitationUrl);
    await page.getByRole('heading', { level: 1, name: `Join ${practice}` }).waitFor();
    expect(await page.getByLabel('Your name').inputValue()).toBe(client.name);
    expect(await page.getByRole('main').textContent()).toContain(client.email);
    await noSideways(page);
    await page.getByLabel('Password').fill(client.password);
    await page.getByRole('button', { name: 'Accept and sign in' }).click();

    await hello(page, client.name);
    expect(pathOf(page)).toBe('/home');
    await page.getByRole('region', { name: 'Your next session' }).waitFor();
    expect(await page.getByRole('region', { name: 'People' }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Invite someone' }).count()).toBe(0);
    await noSideways(page);
  });

  it('keeps the client signed in across a reload, through the refresh cookie', async () => {
    await clientPage.reload();
    await hello(clientPage, client.name);
    expect(pathOf(clientPage)).toBe('/home');
  });

  it('shows the coordinator the client once they have accepted', async () => {
    await coordinatorPage.reload();
    await coordinatorPage.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await coordinatorPage
      .getByRole('region', { name: 'People' })
      .getByText(client.name, { exact: true })
      .waitFor();
  });

  it('does not let the invitation link be used twice', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(invitationUrl);
      await page
        .getByRole('heading', { level: 1, name: 'This invitation link does not work' })
        .waitFor();
      expect(await page.getByRole('main').textContent()).toMatch(/ask your practice/);
    } finally {
      await page.close();
    }
  });

  it('signs out, after which the home page sends the client to sign in', async () => {
    const page = clientPage;
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByText('You have signed out.').waitFor();

    await page.goto(`${server.url}/home`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(pathOf(page)).toBe('/sign-in');
  });

  it('refuses a wrong password with the API’s message, then signs the client in again', async () => {
    const page = clientPage;
    await page.getByLabel('Email address').fill(client.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Email or password is incorrect' }).waitFor();

    await page.getByLabel('Password').fill(client.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await hello(page, client.name);
    expect(pathOf(page)).toBe('/home');
    expect(await page.getByRole('region', { name: 'People' }).count()).toBe(0);
  });
});
