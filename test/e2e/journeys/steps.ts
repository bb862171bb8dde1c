import type { Page } from 'playwright-core';
import { showPanel as showTab } from '@hearth/testing';
import type { TestSmtpServer } from '../../support/smtp';
import {
  expectAccessible,
  linkFromMail,
  password,
  screens,
  trace,
  until,
  wallClock,
} from './journey';

// The steps people take in the web app, as clicks and keystrokes. Each step checks the pages it
// passes through with axe-core; `a11y` names each check after the page it looks at.

/**
 * A coordinator creates their practice from the welcome page: the form says to check the email,
 * and the link in the email that arrives opens the page that creates the practice and signs in.
 */
export async function signUp(
  page: Page,
  baseUrl: string,
  mail: TestSmtpServer,
  who: { practice: string; name: string; email: string },
): Promise<void> {
  trace('signUp');
  await page.goto(baseUrl);
  await expectAccessible(page, 'welcome page');
  await screens(page, 'welcome');
  await page.getByRole('link', { name: 'Create a practice' }).click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await expectAccessible(page, 'sign-up page');
  await page.getByLabel('Practice name').fill(who.practice);
  await page.getByLabel('Your name').fill(who.name);
  await page.getByLabel('Email address').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create practice' }).click();
  await page.getByRole('heading', { level: 1, name: 'Check your email' }).waitFor();
  await page.getByText(`We sent an email to ${who.email}`).waitFor();
  await expectAccessible(page, 'sign-up sent');
  await confirmSignUp(page, mail, who);
}

/** The new coordinator opens the link Hearth emailed them and creates the practice. */
async function confirmSignUp(
  page: Page,
  mail: TestSmtpServer,
  who: { name: string; email: string },
): Promise<void> {
  trace('confirmSignUp');
  const link = await linkFromMail(
    mail,
    who.email,
    '/confirm-sign-up/',
    /^Confirm your email address to create your practice$/,
  );
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: 'Create your practice' }).waitFor();
  await expectAccessible(page, 'sign-up confirmation page');
  await page.getByRole('button', { name: 'Create my practice' }).click();
  await page.getByRole('heading', { level: 1, name: `Hello, ${who.name}` }).waitFor();
  await expectAccessible(page, 'coordinator home');
  await page.getByRole('link', { name: 'See requests' }).waitFor();
  await screens(page, 'coordinator-home');
}

/**
 * Opens one of the places of the main navigation, as a person would: from the row under the
 * header, or on a phone from the bottom bar (or its "More" menu). `heading` is the page's h1.
 */
export async function openPlace(page: Page, name: string, heading: string = name): Promise<void> {
  trace(`openPlace ${name}`);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.waitFor();
  const link = nav.getByRole('link', { name, exact: true });
  if (await link.isVisible()) {
    await link.click();
  } else {
    await nav.getByRole('button', { name: 'More places' }).click();
    await page.getByRole('menuitem', { name, exact: true }).click();
  }
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/**
 * A coordinator invites someone from People, asking Hearth to email the link (the form shows it
 * too). Returns the link from the email the invitee receives.
 */
export async function invite(
  page: Page,
  mail: TestSmtpServer,
  who: { name: string; email: string; role: 'Therapist' | 'Client' },
): Promise<string> {
  trace('invite');
  const form = page.getByRole('region', { name: 'Invite someone' });
  if ((await form.count()) === 0) await openPlace(page, 'People');
  await screens(page, 'coordinator-people');
  await form.getByLabel('Their email address').fill(who.email);
  await form.getByLabel('Their name').fill(who.name);
  const client = form.getByRole('checkbox', { name: /^Client/ });
  const therapist = form.getByRole('checkbox', { name: /^Therapist/ });
  await client.setChecked(who.role === 'Client');
  await therapist.setChecked(who.role === 'Therapist');
  await form.getByRole('checkbox', { name: 'Email the link to them' }).check();
  await form.getByRole('button', { name: 'Create invitation link' }).click();
  const shown = page.getByLabel(`Link to send to ${who.email}`);
  await shown.waitFor();
  await expectAccessible(page, `invite form with the link for ${who.role.toLowerCase()}`);
  const emailed = await linkFromMail(mail, who.email, '/invitations/', /invited you to Hearth$/);
  // The email and the form give the same single-use link.
  expect(new URL(emailed).pathname).toBe(new URL(await shown.inputValue()).pathname);
  return emailed;
}

/** An invited person opens their link, chooses a password and lands on their Home. */
export async function acceptInvitation(page: Page, link: string, name: string): Promise<void> {
  trace('acceptInvitation');
  await page.goto(link);
  await page.getByRole('button', { name: 'Accept and sign in' }).waitFor();
  await expectAccessible(page, `invitation page of ${name}`);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Accept and sign in' }).click();
  await page.getByRole('heading', { level: 1, name: `Hello, ${name}` }).waitFor();
}

/** A client reads and accepts the practice's consent on their Home. */
export async function acceptConsent(page: Page): Promise<void> {
  trace('acceptConsent');
  const panel = page.getByRole('region', { name: 'Your consent is needed' });
  await panel.waitFor();
  await expectAccessible(page, 'client home before consent');
  await panel.getByText(/^Read the consent text/).click();
  await panel.getByRole('button', { name: 'I have read this and I accept' }).click();
  await panel.waitFor({ state: 'detached' });
}

export interface CoursePlan {
  readonly title: string;
  readonly format: 'Group' | 'Family' | 'Couple' | 'Individual';
  readonly therapist: string;
  readonly clients: readonly { name: string; relation?: string }[];
  readonly startsAt: Date;
  readonly minutes: number;
}

/** A coordinator plans a course from Courses, previews its series and saves it. */
export async function buildCourse(page: Page, plan: CoursePlan): Promise<void> {
  trace('buildCourse');
  await openPlace(page, 'Courses');
  await expectAccessible(page, 'courses page');
  await screens(page, 'coordinator-courses');
  await page.getByRole('link', { name: 'New course' }).click();
  await page.getByLabel('Title').waitFor();
  await expectAccessible(page, 'course builder');
  await screens(page, 'course-builder');
  await page.getByLabel('Title').fill(plan.title);
  await page.getByRole('radio', { name: new RegExp(`^${plan.format}`) }).check();
  await page.getByRole('checkbox', { name: 'Interpersonal disputes' }).check();
  await page.getByLabel('Therapist', { exact: true }).selectOption({ label: plan.therapist });
  for (const client of plan.clients) {
    await page.getByRole('checkbox', { name: client.name, exact: true }).check();
    if (client.relation) {
      await page.getByLabel(`Relation of ${client.name}`).selectOption({ label: client.relation });
    }
  }
  const start = wallClock(plan.startsAt);
  await page.getByLabel('Minutes each').fill(String(plan.minutes));
  await page.getByLabel('Day', { exact: true }).selectOption(String(start.weekday));
  await page.getByLabel('Start time').fill(start.time);
  await page.getByLabel('Starting from').fill(start.date);
  await page.getByLabel('Course time zone').selectOption('Europe/London');
  await page.getByRole('button', { name: 'Preview the series' }).click();
  await page.getByRole('button', { name: 'Save course' }).waitFor();
  await expectAccessible(page, 'series preview');
  await page.getByRole('button', { name: 'Save course' }).click();
  await page.getByRole('heading', { level: 1, name: plan.title }).waitFor();
  await expectAccessible(page, 'course page');
  await screens(page, 'course-page');
}

/**
 * The Join link of one session on Home, there only while it works: on the next session's card
 * (and, for a therapist, in the list of sessions below it too).
 */
export function joinLink(page: Page, title: string) {
  return page.getByRole('link', { name: `Join ${title}, Session 1 of 12` }).first();
}

/**
 * A client with an account sees the place offered to them on Home, with a Join that says to
 * accept it first, and accepts; Join then works.
 */
export async function acceptPlace(page: Page, title: string): Promise<void> {
  trace('acceptPlace');
  await page.goto(new URL('/home', page.url()).toString());
  const offers = page.getByRole('region', { name: 'Places offered to you' });
  await offers
    .getByRole('heading', { name: `You have been offered a place in ${title}` })
    .waitFor();
  const next = page.getByRole('region', { name: 'Your next session' });
  await next.getByText('Accept your place in this course (above) to join.').waitFor();
  expect(await joinLink(page, title).count()).toBe(0);
  await expectAccessible(page, 'client home with a place offered');
  await screens(page, 'client-home-offer');
  await offers.getByRole('button', { name: `Accept your place in ${title}` }).click();
  await page.getByText(`You accepted your place in ${title}.`).waitFor();
  await joinLink(page, title).waitFor();
  await expectAccessible(page, 'client home with Join open');
  await screens(page, 'client-home');
}

/** From Home through the pre-join check: the client ends up in the waiting room. */
export async function joinFromHome(
  page: Page,
  title: string,
  expect_: 'waiting room' | 'call',
): Promise<void> {
  trace('joinFromHome');
  // Home as it is, when it already shows Join (just after accepting a place); else afresh.
  if ((await joinLink(page, title).count()) === 0) {
    await page.goto(new URL('/home', page.url()).toString());
  }
  await joinLink(page, title).waitFor();
  await screens(page, expect_ === 'call' ? 'therapist-home' : 'client-home');
  await joinLink(page, title).click();
  await page.getByRole('heading', { level: 1, name: 'Get ready to join' }).waitFor();
  // The pre-join check says which session this is.
  await page.getByTestId('session-intro').getByText(`${title} · Session 1 of 12`).waitFor();
  await expectAccessible(page, 'pre-join check');
  await screens(page, 'pre-join');
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  if (expect_ === 'waiting room') {
    await page.getByRole('heading', { level: 1, name: 'Waiting room' }).waitFor();
    await expectAccessible(page, 'waiting room');
    await screens(page, 'waiting-room');
  } else {
    await page.getByRole('toolbar', { name: 'Call controls' }).waitFor();
  }
}

/** Opens a call panel by its toolbar toggle (a toggle's name may carry a count). */
export async function showPanel(page: Page, name: string): Promise<void> {
  trace('showPanel');
  await showTab(page, name);
}

/** The therapist admits someone from the waiting room; they arrive in the call. */
export async function admit(therapist: Page, client: Page, name: string): Promise<void> {
  trace('admit');
  await showPanel(therapist, 'People');
  await therapist.getByRole('button', { name: `Admit ${name}` }).click();
  await client.getByRole('toolbar', { name: 'Call controls' }).waitFor();
  await screens(therapist, 'call');
}

/** How many other people's video this page decodes (frames decoded > 0), by participant. */
async function decodedSenders(page: Page): Promise<Set<string>> {
  const stats = await page
    .locator('[data-testid="inbound-stat"][data-kind="video"]')
    .evaluateAll((nodes) =>
      nodes.map((n) => ({
        id: n.getAttribute('data-participant-id') ?? '',
        frames: Number(n.getAttribute('data-frames-decoded') ?? 0),
      })),
    );
  return new Set(stats.filter((s) => s.frames > 0).map((s) => s.id));
}

/** Everyone in the call decodes everyone else's video. */
export async function everyoneSeesEveryone(pages: readonly Page[]): Promise<void> {
  trace('everyoneSeesEveryone');
  for (const page of pages) await showPanel(page, 'Devices');
  for (const [i, page] of pages.entries()) {
    trace(`waiting for video on page ${i + 1}`);
    let seen = new Set<string>();
    await until(
      `participant ${i + 1} decodes video from all ${pages.length - 1} others`,
      async () => {
        seen = await decodedSenders(page);
        return seen.size >= pages.length - 1;
      },
      240_000,
    ).catch(async (error: Error) => {
      // Say what the page did receive, per sender and kind, and whose tiles it shows.
      const stats = await page
        .locator('[data-testid="inbound-stat"]')
        .evaluateAll((nodes) =>
          nodes.map((n) =>
            ['participant-id', 'kind', 'packets-received', 'frames-decoded']
              .map((a) => n.getAttribute(`data-${a}`))
              .join(' '),
          ),
        );
      const tiles = await page
        .locator('[data-testid="video-tile"]')
        .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-participant-id')));
      throw new Error(
        `${error.message} (decoding ${[...seen].join(', ')}; stats ${stats.join(' | ')}; tiles ${tiles.join(', ')})`,
      );
    });
  }
}
