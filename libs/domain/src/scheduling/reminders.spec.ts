import { dueReminderKinds } from './reminders';

const start = new Date('2027-03-16T18:00:00Z');
const before = (minutes: number) => new Date(start.getTime() - minutes * 60_000);

describe('dueReminderKinds', () => {
  it('sends nothing more than a day ahead', () => {
    expect(dueReminderKinds(start, before(24 * 60 + 1))).toEqual([]);
  });

  it('sends the day-before reminder from 24 hours until the last hour', () => {
    expect(dueReminderKinds(start, before(24 * 60))).toEqual(['day_before']);
    expect(dueReminderKinds(start, before(61))).toEqual(['day_before']);
  });

  it('switches to the hour-before reminder in the last hour, and to nothing once started', () => {
    expect(dueReminderKinds(start, before(60))).toEqual(['hour_before']);
    expect(dueReminderKinds(start, before(1))).toEqual(['hour_before']);
    expect(dueReminderKinds(start, start)).toEqual([]);
    expect(dueReminderKinds(start, before(-5))).toEqual([]);
  });
});
