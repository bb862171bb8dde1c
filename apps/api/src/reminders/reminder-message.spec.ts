import { reminderMessage } from './reminder-message';

describe('reminderMessage', () => {
  const facts = {
    email: 'pat@example.org',
    displayName: 'Pat',
    timeZone: 'Europe/London',
    kind: 'day_before' as const,
    startsAt: new Date('2027-03-30T17:00:00Z'),
    number: 3,
    sessionCount: 12,
  };

  it("gives the time in the reader's own zone and which session it is", () => {
    const message = reminderMessage(facts);
    expect(message.to).toBe('pat@example.org');
    expect(message.subject).toBe('Reminder: therapy session tomorrow');
    expect(message.text).toContain('session 3 of 12');
    expect(message.text).toContain('Tuesday 30 March at 18:00 BST');
  });

  it('says "in about an hour" for the hour-before reminder and links to the session when it can', () => {
    const message = reminderMessage({
      ...facts,
      kind: 'hour_before',
      timeZone: 'America/New_York',
      joinUrl: 'https://hearth.example.org/sessions/s1/join',
    });
    expect(message.text).toContain('in about an hour');
    expect(message.text).toContain('Tuesday 30 March at 13:00 GMT-4');
    expect(message.text).toContain('https://hearth.example.org/sessions/s1/join');
  });
});
