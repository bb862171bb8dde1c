import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient, healthRoutes } from '@hearth/contracts';
import { createTestDatabase } from '@hearth/testing';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { runServerExpectingExit, startServer, type ServerProcess } from '../support/server';

describe('running Hearth with no database server (embedded default)', () => {
  let dataDir: string;
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hearth-e2e-'));
    server = await startServer({ HEARTH_DATA_DIR: dataDir, NODE_ENV: 'production' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is ready, with its data in the data directory', async () => {
    const client = createApiClient({ baseUrl: server.url });
    const ready = await client.call(healthRoutes.ready);
    expect(ready.checks.database.status).toBe('up');
    expect(existsSync(join(dataDir, 'pglite', 'PG_VERSION'))).toBe(true);
    expect(server.output.join('\n')).toContain('"database":"embedded"');
  });

  it('serves the web shell on the same URL, in a real browser', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(server.url);
      await page.getByRole('heading', { level: 1, name: 'Welcome to Hearth' }).waitFor();
      await page.getByText('Service: ready').waitFor();
      await page.getByRole('link', { name: 'Sign in' }).first().click();
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      // Nobody has an account here, so the API answers 401 and the page shows its message.
      await page.getByLabel('Email address').fill('someone@example.org');
      await page.getByLabel('Password').fill('a wrong password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'Email or password is incorrect' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(await page.title()).toContain('Sign in');
    } finally {
      await page.close();
    }
  });

  it('creates a practice with no mail server: the link the email would carry is in the terminal', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${server.url}/sign-up`);
      await page.getByLabel('Practice name').fill('Quiet Harbour IPT');
      await page.getByLabel('Your name').fill('Nell Coordinator');
      await page.getByLabel('Email address').fill('nell@quiet-harbour.example');
      await page.getByLabel('Password', { exact: true }).fill('tidal copper lantern meadow');
      await page.getByRole('button', { name: 'Create practice' }).click();
      await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
      let link: string | undefined;
      const deadline = Date.now() + 20_000;
      while (!link && Date.now() < deadline) {
        link = server.output
          .join('\n')
          .match(/https?:\/\/\S+\/confirm-sign-up\/[A-Za-z0-9_-]+/)?.[0];
        if (!link) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(link).toBeDefined();
      // Only the link: never the address or the message.
      expect(server.output.join('\n')).not.toContain('nell@quiet-harbour.example');
      await page.goto(link!);
      await page.getByRole('button', { name: 'Create my practice' }).click();
      await page.getByRole('heading', { level: 1, name: 'Hello, Nell Coordinator' }).waitFor();
    } finally {
      await page.close();
    }
  });

  it('sends the security headers, and the web app runs under its Content-Security-Policy', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text()))
        violations.push(message.text());
    });
    try {
      const response = await page.goto(`${server.url}/sign-in`);
      const headers = response?.headers() ?? {};
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(headers['permissions-policy']).toContain('camera=(self)');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await page.goto(`${server.url}/api/docs`);
      await page.locator('.swagger-ui .info').waitFor();
      expect(violations).toEqual([]);
    } finally {
      await page.close();
    }
    const me = await fetch(`${server.url}/api/me`);
    expect(me.headers.get('cache-control')).toBe('no-store');
  });

  it('serves deep links to pages and JSON 404s to unknown API paths', async () => {
    const page = await browser.newPage();
    try {
      const response = await page.goto(`${server.url}/sign-in`);
      expect(response?.status()).toBe(200);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await page.goto(`${server.url}/no/such/page`);
      await page
        .getByRole('heading', { level: 1 })
        .filter({ hasText: /find that page/ })
        .waitFor();
    } finally {
      await page.close();
    }
    const api404 = await fetch(`${server.url}/api/no/such/thing`);
    expect(api404.status).toBe(404);
    expect(((await api404.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('shuts down gracefully on SIGTERM and starts again on the same data', async () => {
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.output.join('\n')).toContain('"msg":"stopped"');
    server = await startServer({ HEARTH_DATA_DIR: dataDir, NODE_ENV: 'production' });
    const ready = await fetch(`${server.url}/health/ready`);
    expect(ready.status).toBe(200);
  });
});

describe('running Hearth on PostgreSQL', () => {
  it('uses DATABASE_URL and reports ready', async () => {
    const database = await createTestDatabase();
    const server = await startServer({ DATABASE_URL: database.url });
    try {
      const ready = await fetch(`${server.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(server.output.join('\n')).toContain('"database":"postgres"');
    } finally {
      await server.stop();
      await database.drop();
    }
  });
});

describe('refusing a bad configuration', () => {
  it('stops at start-up naming every offending variable, without echoing values', async () => {
    const { code, stderr } = await runServerExpectingExit({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://admin:hunter2@db/hearth',
      LOG_LEVEL: 'chatty',
    });
    expect(code).toBe(78);
    expect(stderr).toContain('PORT');
    expect(stderr).toContain('DATABASE_URL');
    expect(stderr).toContain('LOG_LEVEL');
    expect(stderr).not.toContain('hunter2');
  });
});
