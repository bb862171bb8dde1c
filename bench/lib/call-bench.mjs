// What the browser call harnesses share: the built API server on a fresh PostgreSQL database
// (its mail caught by a local mailbox), headless Chromium with fake devices, a signed-in page,
// and one timed join (press of Join → the therapist's first presented frame in the client's tile).
/* global document, window, MutationObserver -- page.evaluate runs in the browser */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { admin, freePort, postgresServerUrl } from './common.mjs';
import { startMailbox } from './mailbox.mjs';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Not containing anyone's name or email (the password rule refuses those).
export const password = 'copper meadow lantern harbour';

export const chromiumArgs = [
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

export const launchChromium = () =>
  chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });

/**
 * Starts the built server (`npm run build`) with its own database and mailbox; `env` adds to or
 * overrides its environment. Returns { base, api, mailbox, server, waitReady, stop }.
 */
export async function startServer(root, env = {}) {
  const dbName = `hearth_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${dbName} TEMPLATE template0`);
  const dbUrl = new URL(postgresServerUrl);
  dbUrl.pathname = `/${dbName}`;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // Sign-ups are confirmed from the emailed link, so the server's mail comes here.
  const mailbox = await startMailbox();
  const server = spawn(process.execPath, [join(root, 'dist/api/apps/api/src/main.js')], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: dbUrl.toString(),
      SMTP_URL: mailbox.url,
      PORT: String(port),
      NODE_ENV: 'production',
      REMINDER_INTERVAL_SECONDS: '0',
      WEB_DIST_DIR: join(root, 'dist/apps/web'),
      SFU_PORT: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  async function api(method, path, body, token) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }

  async function waitReady() {
    for (let i = 0; i < 300; i += 1) {
      try {
        if ((await fetch(`${base}/health/ready`)).ok) return;
      } catch {
        // not listening yet
      }
      if (server.exitCode !== null)
        throw new Error(`the server exited during start-up (${server.exitCode})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the server did not become ready');
  }

  async function stop() {
    server.kill('SIGTERM');
    if (server.exitCode === null && server.signalCode === null) {
      await once(server, 'exit').catch(() => undefined);
    }
    await mailbox.stop().catch(() => undefined);
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
  }

  return { base, api, mailbox, server, waitReady, stop };
}

/** A page of its own browser context, signed in as `email`; `initScript` runs in every page. */
export async function signedInPage(browser, base, email, { initScript } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (initScript) await context.addInitScript(initScript);
  await context.grantPermissions(['camera', 'microphone']);
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: /^Hello/ }).waitFor();
  return page;
}

/**
 * Opens the join page and presses Join: the ms from the press until the first frame of
 * `therapistId`'s video is presented (requestVideoFrameCallback) in this page's tile. The pre-join
 * camera preview is running before the press, as it is for a person. Stays in the call.
 */
export async function timeJoinToFirstFrame(page, base, joinPath, therapistId) {
  await page.goto(`${base}${joinPath}`);
  await page.getByRole('button', { name: 'Join', exact: true }).waitFor();
  await page.locator('video').first().waitFor();
  return page.evaluate(
    ({ therapistId }) =>
      new Promise((resolve, reject) => {
        const selector = `[data-testid="video-tile"][data-participant-id="${therapistId}"] video`;
        const timer = setTimeout(() => reject(new Error('no remote frame within 15 s')), 15_000);
        let t0 = 0;
        const watch = (video) => {
          video.requestVideoFrameCallback(() => {
            clearTimeout(timer);
            observer.disconnect();
            resolve(performance.now() - t0);
          });
        };
        const observer = new MutationObserver(() => {
          const video = document.querySelector(selector);
          if (video && !video.dataset.benchWatched) {
            video.dataset.benchWatched = 'true';
            watch(video);
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
        const button = [...document.querySelectorAll('button')].find(
          (b) => b.textContent?.trim() === 'Join',
        );
        t0 = performance.now();
        window.__joinT0 = t0;
        button.click();
      }),
    { therapistId },
  );
}

/** Presses Leave and waits for the page that says so. */
export async function leaveCall(page) {
  await page.getByRole('button', { name: 'Leave', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'You have left the session' }).waitFor();
}
