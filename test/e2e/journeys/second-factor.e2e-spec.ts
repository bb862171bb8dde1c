import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import { launchBrowser } from '../../support/browser';
import { startServer, type ServerProcess } from '../../support/server';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp';
import { expectAccessible, password } from './journey';
import { acceptInvitation, openPlace, signUp } from './steps';

// Journey: strong sign-in for staff, through the web app alone. A therapist registers a passkey
// on their account page (Chromium's virtual authenticator stands in for the device's own),
// signs out, and signs in again with it — alone, and as the second step after the password. A
// coordinator sets up an authenticator app from its key and signs in with a code computed here.

const coordinator = {
  practice: 'Larch Street Practice',
  name: 'Lena Larch',
  email: 'lena@larch-street.example',
};
const therapist = { name: 'Tomas Therapist', email: 'tomas@larch-street.example' };

/** A port nobody uses now, so the server's public address can name it before it starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const heading = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name }).waitFor();

/** What an authenticator app with this secret shows `steps` time steps from now. */
const codeOf = (secret: string, steps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + steps * 30_000,
  });

describe('journey: passkeys and an authenticator app for staff', () => {
  let database: TestDatabase;
  let dataDir: string;
  let server: ServerProcess;
  let smtp: TestSmtpServer;
  let base: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let lena: Page;
  let tomas: Page;

  const signOut = async (page: Page) => {
    await page.getByRole('banner').getByRole('button', { name: 'Sign out', exact: true }).click();
    await heading(page, 'Sign in');
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'hearth-e2e-mfa-'));
    const port = await freePort();
    // Passkeys belong to a site's name; `localhost` is one (an IP address is not).
    base = `http://localhost:${port}`;
    smtp = await startSmtpServer();
    server = await startServer({
      SMTP_URL: smtp.url,
      DATABASE_URL: database.url,
      HEARTH_DATA_DIR: dataDir,
      NODE_ENV: 'production',
      PORT: String(port),
      PUBLIC_URL: base,
    });
    browser = await launchBrowser();
    for (const who of ['lena', 'tomas']) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(60_000);
      if (who === 'lena') lena = page;
      else tomas = page;
    }
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
    await smtp?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a coordinator creates the practice and invites a therapist, who accepts', async () => {
    await signUp(lena, base, smtp, coordinator);
    await openPlace(lena, 'People');
    const form = lena.getByRole('region', { name: 'Invite someone' });
    await form.getByLabel('Their email address').fill(therapist.email);
    await form.getByLabel('Their name').fill(therapist.name);
    await form.getByRole('checkbox', { name: /^Therapist/ }).check();
    await form.getByRole('checkbox', { name: /^Client/ }).setChecked(false);
    await form.getByRole('button', { name: 'Create invitation link' }).click();
    const link = await lena.getByLabel(`Link to send to ${therapist.email}`).inputValue();
    await acceptInvitation(tomas, link, therapist.name);
  });

  it('the therapist registers a passkey on the account page, signs out and in with it', async () => {
    const cdp = await tomas.context().newCDPSession(tomas);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });

    await tomas.goto(`${base}/account`);
    await heading(tomas, 'Your account');
    const section = tomas.getByRole('region', { name: 'Second factor' });
    await section.getByText('Passkeys: none').waitFor();
    await expectAccessible(tomas, 'account page with second factors');
    await section.getByLabel('Name for a new passkey').fill('Work laptop');
    await section.getByRole('button', { name: 'Add a passkey' }).click();
    await section.getByText('The passkey Work laptop is added.').waitFor();
    await section.getByRole('list', { name: 'Your passkeys' }).getByText('Work laptop').waitFor();
    await section.getByText('Passkeys: 1').waitFor();
    await expectAccessible(tomas, 'account page with a passkey');

    // With a passkey alone.
    await signOut(tomas);
    await tomas.getByRole('button', { name: 'Use a passkey' }).click();
    await heading(tomas, `Hello, ${therapist.name}`);

    // After the password, the passkey is the second step.
    await signOut(tomas);
    await tomas.getByLabel('Email address').fill(therapist.email);
    await tomas.getByLabel('Password').fill(password);
    await tomas.getByRole('button', { name: 'Sign in', exact: true }).click();
    await tomas.getByRole('heading', { name: 'Confirm it is you' }).waitFor();
    await expectAccessible(tomas, 'second step with a passkey');
    await tomas.getByRole('button', { name: 'Use your passkey' }).click();
    await heading(tomas, `Hello, ${therapist.name}`);
  });

  it('the coordinator sets up an authenticator app and signs in with a code from it', async () => {
    await lena.goto(`${base}/account`);
    await heading(lena, 'Your account');
    const section = lena.getByRole('region', { name: 'Second factor' });
    await section.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await section.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    await expectAccessible(lena, 'authenticator app set-up');
    const secret = (await section.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    await section.getByLabel('Code from the app').fill(codeOf(secret));
    await section.getByRole('button', { name: 'Turn on the authenticator app' }).click();
    const codes = section.getByRole('list', { name: 'Recovery codes' });
    await codes.waitFor();
    await expect(codes.getByRole('listitem').count()).resolves.toBe(10);
    await expectAccessible(lena, 'recovery codes shown once');
    await section.getByRole('button', { name: 'I have kept them' }).click();
    await section.getByText('Authenticator app: on').waitFor();

    await signOut(lena);
    await lena.getByLabel('Email address').fill(coordinator.email);
    await lena.getByLabel('Password').fill(password);
    await lena.getByRole('button', { name: 'Sign in', exact: true }).click();
    const code = lena.getByLabel('Code from your authenticator app');
    await code.waitFor();
    await expectAccessible(lena, 'second step with a code');
    // The code of the next step: the one shown now was just used to confirm the app.
    await code.fill(codeOf(secret, 1));
    await lena.getByRole('button', { name: 'Continue' }).click();
    await heading(lena, `Hello, ${coordinator.name}`);
  });
});
