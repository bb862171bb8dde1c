import type { Page } from 'playwright-core';
import { expectAccessible, startInAFewMinutes, startJourney, type Journey } from './journey';
import {
  acceptConsent,
  acceptInvitation,
  acceptPlace,
  admit,
  buildCourse,
  everyoneSeesEveryone,
  invite,
  joinFromHome,
  signUp,
} from './steps';

// Journey (a), through the web app alone: a coordinator creates a practice and confirms their
// email address from the mail Hearth sends, invites a therapist and three clients by email, who
// each open the link in their mail, set a password and (clients) consent; the
// coordinator builds a group course starting in a few minutes; each client accepts their place
// and joins from Home, the therapist admits them, and everyone decodes everyone's video.

const title = 'Thursday evening group';
const coordinator = {
  practice: 'Lakeside IPT',
  name: 'Cora Coordinator',
  email: 'cora@lakeside.example',
};
const therapist = { name: 'Dr Theo Marsh', email: 'theo@lakeside.example' };
const clients = [
  { name: 'Ada Lowe', email: 'ada@lakeside.example' },
  { name: 'Bo Chen', email: 'bo@lakeside.example' },
  { name: 'Cy Park', email: 'cy@lakeside.example' },
];

describe('journey: a group course from sign-up to everyone on video', () => {
  let journey: Journey;
  let cora: Page;
  let theo: Page;
  const clientPages: Page[] = [];

  beforeAll(async () => {
    journey = await startJourney();
  }, 120_000);
  afterAll(async () => {
    await journey?.close();
  });

  it('the coordinator creates the practice and invites a therapist and three clients, who accept', async () => {
    cora = await journey.person(coordinator.name);
    await signUp(cora, journey.server.url, journey.mail, coordinator);
    const theoLink = await invite(cora, journey.mail, { ...therapist, role: 'Therapist' });
    theo = await journey.person(therapist.name);
    await acceptInvitation(theo, theoLink, therapist.name);
    for (const client of clients) {
      const link = await invite(cora, journey.mail, { ...client, role: 'Client' });
      const page = await journey.person(client.name);
      await acceptInvitation(page, link, client.name);
      await acceptConsent(page);
      clientPages.push(page);
    }
  }, 240_000);

  it('the coordinator builds a group course starting in a few minutes', async () => {
    await cora.goto(`${journey.server.url}/home`);
    await buildCourse(cora, {
      title,
      format: 'Group',
      therapist: therapist.name,
      clients: clients.map((c) => ({ name: c.name })),
      startsAt: startInAFewMinutes(),
      minutes: 60,
    });
  }, 120_000);

  it('each client accepts their place and waits; the therapist admits them; everyone sees everyone', async () => {
    await joinFromHome(theo, title, 'call');
    for (const [i, page] of clientPages.entries()) {
      await acceptPlace(page, title);
      await joinFromHome(page, title, 'waiting room');
      await admit(theo, page, clients[i]!.name);
    }
    await everyoneSeesEveryone([theo, ...clientPages]);
    await expectAccessible(theo, 'call view of the therapist');
    await expectAccessible(clientPages[0]!, 'call view of a client');
  }, 600_000);
});
