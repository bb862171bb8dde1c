/** The reminders a participant gets before each session. */
export const reminderKinds = ['day_before', 'hour_before'] as const;
export type ReminderKind = (typeof reminderKinds)[number];

/** When a kind of reminder may go out, in minutes before the start: from `lead` until `until`. */
export interface ReminderWindow {
  readonly kind: ReminderKind;
  readonly leadMinutes: number;
  readonly untilMinutes: number;
}

/**
 * A day-before reminder that could only go out in the last hour would arrive after the
 * hour-before one and say the wrong thing, so each kind has a closing edge: the day-before one
 * is skipped once the hour-before window opens, and nothing is sent once the session started.
 */
export const reminderWindows: readonly ReminderWindow[] = [
  { kind: 'day_before', leadMinutes: 24 * 60, untilMinutes: 60 },
  { kind: 'hour_before', leadMinutes: 60, untilMinutes: 0 },
];

/** The reminder kinds due at `now` for a session starting at `startsAt`. */
export function dueReminderKinds(startsAt: Date, now: Date): ReminderKind[] {
  const minutesBefore = (startsAt.getTime() - now.getTime()) / 60_000;
  return reminderWindows
    .filter((w) => minutesBefore <= w.leadMinutes && minutesBefore > w.untilMinutes)
    .map((w) => w.kind);
}
