import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axe from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '@hearth/testing';
import { launchBrowser } from '../../support/browser';
import { startServer, type ServerProcess } from '../../support/server';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp';

// What every journey shares: the built server on a fresh database of the real PostgreSQL, one
// Chromium, a context (own cookies, own camera) per person, and axe-core on every page visited.
// Every step a person takes is a click or a keystroke; nothing is set up through the API.

export const password = 'copper meadow lantern';
/** Everyone's clock in these journeys; the courses are planned in it too. */
export const timeZone = 'Europe/London';

export interface Journey {
  readonly server: ServerProcess;
  /** The real SMTP server the practice's mail goes to; people open links from what it holds. */
  readonly mail: TestSmtpServer;
  readonly browser: Browser;
  /** Every page's axe-core result that had violations, by where it was taken. */
  readonly violations: Map<string, unknown>;
  /** A person's own browser (cookies, camera, microphone); a phone when `phone` is set. */
  person(name: string, options?: { phone?: boolean }): Promise<Page>;
  close(): Promise<void>;
}

export async function startJourney(): Promise<Journey> {
  const database: TestDatabase = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'hearth-journey-'));
  const mail = await startSmtpServer();
  const server = await startServer({
    SMTP_URL: mail.url,
    MAIL_FROM: 'Hearth <hearth@journeys.example>',
    DATABASE_URL: database.url,
    HEARTH_DATA_DIR: dataDir,
    NODE_ENV: 'production',
    REMINDER_INTERVAL_SECONDS: '0',
    THERAPY_REQUEST_SWEEP_SECONDS: '0',
    THERAPY_REQUEST_MIN_FILL_SECONDS: '1',
  });
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  return {
    server,
    mail,
    browser,
    violations: new Map(),
    async person(_name, options = {}) {
      const context = await browser.newContext(
        options.phone
          ? {
              viewport: { width: 390, height: 844 },
              deviceScaleFactor: 2,
              isMobile: true,
              hasTouch: true,
              timezoneId: timeZone,
            }
          : { viewport: { width: 1280, height: 800 }, timezoneId: timeZone },
      );
      await context.grantPermissions(['camera', 'microphone'], { origin: server.url });
      contexts.push(context);
      const page = await context.newPage();
      // Two shared cores and several browsers: generous, so only a hang fails a step.
      page.setDefaultTimeout(90_000);
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await server.stop().catch(() => undefined);
      await mail.stop().catch(() => undefined);
      await database.drop().catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The link of one kind (`/invitations/`, `/verify-email/`) in the newest message sent to
 * `address`, waiting for it to arrive; what a person clicks in their mail.
 */
export async function linkFromMail(
  mail: TestSmtpServer,
  address: string,
  kind: string,
  subject: RegExp,
): Promise<string> {
  const message = await mail.waitFor(
    (m) => m.to.includes(address.toLowerCase()) && subject.test(m.subject),
    { timeoutMs: 90_000 },
  );
  const link = message.links.find((l) => new URL(l).pathname.startsWith(kind));
  if (!link) throw new Error(`no ${kind} link in the mail "${message.subject}" to ${address}`);
  // The message carries plain text and HTML, never anything clinical.
  expect(message.text).toContain(link);
  expect(message.html).toContain(kind);
  return link;
}

/** One axe-core finding, small enough to read in a failed assertion. */
export interface Violation {
  readonly id: string;
  readonly impact: string | null | undefined;
  readonly help: string;
  readonly targets: string[];
}

/**
 * Runs axe-core (WCAG 2.0–2.2 A and AA rules) on the page as it is now and returns its
 * violations. The script goes in through the DevTools protocol, so the page's own CSP, which
 * allows only Hearth's scripts, stays as it is.
 */
export async function axeViolations(page: Page): Promise<Violation[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const runner = (window as unknown as { axe: typeof axe }).axe;
    const result = await runner.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
}

/** Asserts that the page, as it is now, has no axe-core violations; `where` names it. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  expect({ where, violations }).toEqual({ where, violations: [] });
}

/**
 * Where the journeys leave a picture of each main screen, at a desktop's 1280×800 and a phone's
 * 390×844 (gitignored; HEARTH_E2E_SCREENSHOTS points elsewhere). They are for people to look
 * at, not compared pixel by pixel.
 */
export const screenshotDir =
  process.env['HEARTH_E2E_SCREENSHOTS'] ?? join(process.cwd(), 'test/e2e/screenshots/out');

const sizes = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const taken = new Set<string>();

/**
 * Saves the screen as it is now at both sizes, as `<name>-desktop.png` and `<name>-phone.png`
 * (once per run and name), then gives the page its own size back.
 */
export async function screens(page: Page, name: string): Promise<void> {
  if (taken.has(name)) return;
  taken.add(name);
  mkdirSync(screenshotDir, { recursive: true });
  const own = page.viewportSize();
  try {
    for (const size of sizes) {
      await page.setViewportSize({ width: size.width, height: size.height });
      // From the top, once the layout has settled at the new width.
      await page.evaluate(
        () =>
          new Promise((resolve) => {
            window.scrollTo(0, 0);
            requestAnimationFrame(() => requestAnimationFrame(resolve));
          }),
      );
      await page.screenshot({ path: join(screenshotDir, `${name}-${size.name}.png`) });
    }
  } finally {
    if (own) await page.setViewportSize(own);
  }
}

const started = Date.now();
/** With HEARTH_JOURNEY_TRACE set, prints each step and when it began (to see where time goes). */
export function trace(step: string): void {
  if (process.env['HEARTH_JOURNEY_TRACE']) {
    process.stderr.write(`[journey +${((Date.now() - started) / 1000).toFixed(1)} s] ${step}\n`);
  }
}

/** Polls `check` until it is true; only a hang fails it, never a slow machine. */
export async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** The wall-clock parts of an instant in a time zone, as the course form wants them. */
export function wallClock(instant: Date, zone = timeZone) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return {
    date: `${parts['year']}-${parts['month']}-${parts['day']}`,
    time: `${parts['hour']}:${parts['minute']}`,
    /** ISO weekday, Monday = 1. */
    weekday: weekdays.indexOf(parts['weekday'] ?? '') + 1,
  };
}

/** A start a few minutes from now on a whole minute: the live room is open at once. */
export function startInAFewMinutes(minutes = 4): Date {
  const at = new Date(Date.now() + minutes * 60_000);
  at.setUTCSeconds(0, 0);
  return at;
}
