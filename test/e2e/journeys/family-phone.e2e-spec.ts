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

// Journey (b), through the web app alone: a family course with a parent and a child, the child
// on a phone-sized screen (390×844, touch) from the invitation to the call.

const title = 'Moreno family';
const coordinator = {
  practice: 'Hillside IPT',
  name: 'Hana Coordinator',
  email: 'hana@hillside.example',
};
const therapist = { name: 'Dr Femi Ade', email: 'femi@hillside.example' };
const parent = { name: 'Rosa Moreno', email: 'rosa@hillside.example' };
const child = { name: 'Luca Moreno', email: 'luca@hillside.example' };

describe('journey: a family course with the child on a phone', () => {
  let journey: Journey;
  let hana: Page;
  let femi: Page;
  let rosa: Page;
  let luca: Page;

  beforeAll(async () => {
    journey = await startJourney();
  }, 120_000);
  afterAll(async () => {
    await journey?.close();
  });

  it('the coordinator invites the therapist, the parent and the child, who accept on their own devices', async () => {
    hana = await journey.person(coordinator.name);
    await signUp(hana, journey.server.url, journey.mail, coordinator);
    const femiLink = await invite(hana, journey.mail, { ...therapist, role: 'Therapist' });
    femi = await journey.person(therapist.name);
    await acceptInvitation(femi, femiLink, therapist.name);
    const rosaLink = await invite(hana, journey.mail, { ...parent, role: 'Client' });
    rosa = await journey.person(parent.name);
    await acceptInvitation(rosa, rosaLink, parent.name);
    await acceptConsent(rosa);
    const lucaLink = await invite(hana, journey.mail, { ...child, role: 'Client' });
    luca = await journey.person(child.name, { phone: true });
    await acceptInvitation(luca, lucaLink, child.name);
    await acceptConsent(luca);
    // Nothing on the phone is wider than the phone.
    const overflow = await luca.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  }, 240_000);

  it('the coordinator builds the family course with the parent and the child', async () => {
    await hana.goto(`${journey.server.url}/home`);
    await buildCourse(hana, {
      title,
      format: 'Family',
      therapist: therapist.name,
      clients: [
        { name: parent.name, relation: 'Parent' },
        { name: child.name, relation: 'Child' },
      ],
      startsAt: startInAFewMinutes(),
      minutes: 50,
    });
  }, 120_000);

  it('both accept their places and join; the therapist admits them; everyone sees everyone', async () => {
    await joinFromHome(femi, title, 'call');
    for (const [page, name] of [
      [rosa, parent.name],
      [luca, child.name],
    ] as const) {
      await acceptPlace(page, title);
      await joinFromHome(page, title, 'waiting room');
      await admit(femi, page, name);
    }
    await everyoneSeesEveryone([femi, rosa, luca]);
    await expectAccessible(luca, 'call view on a phone');
  }, 600_000);
});
