import type { Page } from 'playwright-core';
import {
  expectAccessible,
  linkFromMail,
  startInAFewMinutes,
  startJourney,
  wallClock,
  type Journey,
} from './journey';
import {
  acceptConsent,
  acceptInvitation,
  admit,
  everyoneSeesEveryone,
  invite,
  joinFromHome,
  joinLink,
  signUp,
  openPlace,
} from './steps';

// Journey (c), through the web app alone: someone with no account asks the practice for therapy
// on its public form; the coordinator accepts a therapist match for a first session a few
// minutes away; the new client opens the invitation from the email Hearth sends them, which
// carries their place, consents and joins; the therapist admits them and they see each other.

const coordinator = {
  practice: 'Harbour IPT',
  name: 'Kit Coordinator',
  email: 'kit@harbour.example',
};
const therapist = { name: 'Dr Noor Haddad', email: 'noor@harbour.example' };
const requester = { name: 'Sam Rivera', email: 'sam@harbour.example' };

describe('journey: from a request for therapy to the first session', () => {
  let journey: Journey;
  let kit: Page;
  let noor: Page;
  let sam: Page;
  let formUrl: string;
  let invitationLink: string;
  let title: string;

  beforeAll(async () => {
    journey = await startJourney();
  }, 120_000);
  afterAll(async () => {
    await journey?.close();
  });

  it('the coordinator sets up the practice and the therapist says what they offer', async () => {
    kit = await journey.person(coordinator.name);
    await signUp(kit, journey.server.url, journey.mail, coordinator);
    const link = await invite(kit, journey.mail, { ...therapist, role: 'Therapist' });
    noor = await journey.person(therapist.name);
    await acceptInvitation(noor, link, therapist.name);
    await noor.getByRole('link', { name: 'Your therapist profile' }).click();
    const profile = noor.getByRole('form', { name: 'Therapist profile' });
    await profile.waitFor();
    await profile.getByLabel('Approaches').fill('IPT');
    await profile.getByRole('checkbox', { name: 'Individual', exact: true }).check();
    await profile.getByRole('checkbox', { name: 'Grief and loss' }).check();
    await profile.getByLabel('Languages').fill('en');
    await profile.getByRole('checkbox', { name: 'Sees clients remotely' }).check();
    if ((await profile.getByText('No times yet.').count()) > 0) {
      await profile.getByRole('button', { name: 'Add a time' }).click();
    }
    await expectAccessible(noor, 'therapist profile');
    await profile.getByRole('button', { name: 'Save profile' }).click();
    await noor.getByText('Profile saved.').waitFor();
    await openPlace(kit, 'Requests', 'Requests for therapy');
    const shared = kit.getByRole('link', { name: /request-therapy$/ });
    await shared.waitFor();
    await expectAccessible(kit, 'requests page');
    formUrl = (await shared.getAttribute('href')) ?? '';
    expect(formUrl).toMatch(/\/practices\/[0-9a-f-]+\/request-therapy$/);
  }, 240_000);

  it('someone without an account sends a request from the public form', async () => {
    sam = await journey.person(requester.name);
    await sam.goto(formUrl);
    const form = sam.getByRole('form', { name: 'Request for therapy' });
    await form.waitFor();
    const formShownAt = Date.now();
    await expectAccessible(sam, 'public request form');
    await form.getByLabel('Your name').fill(requester.name);
    await form.getByLabel('Email address').fill(requester.email);
    await form
      .getByLabel('What brings you')
      .fill('My father died in the spring and I cannot settle.');
    await form.getByRole('checkbox', { name: 'Grief and loss' }).check();
    await form.getByRole('radio', { name: /^Individual/ }).check();
    await form.getByRole('checkbox', { name: /may contact me by email/ }).check();
    // No person fills the form in under a second, the server's minimum here (a script does, and
    // is refused): on a quiet machine the browser is that fast, so it waits as a person would.
    await sam.waitForTimeout(Math.max(0, formShownAt + 2_000 - Date.now()));
    await form.getByRole('button', { name: 'Send my request' }).click();
    await sam
      .getByRole('heading', { level: 1, name: 'Thank you — we have your request' })
      .waitFor();
    await expectAccessible(sam, 'request received');
  }, 120_000);

  it('the coordinator accepts the therapist match for a first session a few minutes away', async () => {
    await kit.reload();
    await kit.getByRole('link', { name: new RegExp(requester.name) }).click();
    await kit.getByRole('heading', { level: 1, name: `Request from ${requester.name}` }).waitFor();
    await expectAccessible(kit, 'request with its matches');
    const match = kit.getByRole('form', { name: `Accept ${therapist.name}` });
    const start = wallClock(startInAFewMinutes());
    await match.getByLabel('Day').selectOption(String(start.weekday));
    await match.getByLabel('Time', { exact: true }).fill(start.time);
    await match.getByLabel('Starting from').fill(start.date);
    await match.getByRole('button', { name: `Accept ${therapist.name}` }).click();
    const accepted = kit.getByRole('status').filter({ hasText: 'Match accepted' });
    await accepted.waitFor();
    await expectAccessible(kit, 'match accepted');
    await accepted.getByText(`Hearth is emailing an invitation to ${requester.email}.`).waitFor();
    const shown = (await accepted.locator('a.invitation-link').getAttribute('href')) ?? '';
    // The requester opens the link from the email Hearth sent them.
    invitationLink = await linkFromMail(
      journey.mail,
      requester.email,
      '/invitations/',
      /invited you to Hearth$/,
    );
    expect(new URL(invitationLink).pathname).toBe(new URL(shown).pathname);
    await accepted.getByRole('link', { name: 'Open the course' }).click();
    // The invitation carries the place: it is offered until the client accepts it. (The course
    // page's code loads on demand; its title is read once the page is there.)
    await kit
      .getByRole('region', { name: 'Roster' })
      .getByText('Invited', { exact: true })
      .waitFor();
    title = (await kit.getByRole('heading', { level: 1 }).textContent()) ?? '';
  }, 120_000);

  it('the new client accepts the invitation, which makes the place theirs, consents and joins', async () => {
    await acceptInvitation(sam, invitationLink, requester.name);
    // No offer to answer: accepting the invitation accepted the place it came with.
    expect(await sam.getByRole('region', { name: 'Places offered to you' }).count()).toBe(0);
    await sam
      .getByRole('region', { name: 'Your next session' })
      .getByText('Accept your practice’s consent (above) to join.')
      .waitFor();
    await acceptConsent(sam);
    await joinLink(sam, title)
      .waitFor()
      .catch(async (error: Error) => {
        // What Home says instead of the Join link.
        const region = await sam
          .getByRole('region', { name: 'Your next session' })
          .innerText()
          .catch((e: Error) => e.message);
        throw new Error(`${error.message}\nUpcoming sessions on Home: ${region}`);
      });
    await joinFromHome(noor, title, 'call');
    await joinFromHome(sam, title, 'waiting room');
    await admit(noor, sam, requester.name);
    await everyoneSeesEveryone([noor, sam]);
    await kit.reload();
    await kit
      .getByRole('region', { name: 'Roster' })
      .getByText('Active', { exact: true })
      .waitFor();
  }, 600_000);
});
