import type { ReminderKind } from '@hearth/domain';
import { layOut, type MailMessage } from '../mail/mail-layout';

export interface ReminderFacts {
  readonly email: string;
  readonly displayName: string;
  readonly timeZone: string;
  readonly kind: ReminderKind;
  readonly startsAt: Date;
  readonly number: number;
  readonly sessionCount: number;
  readonly joinUrl?: string;
}

/**
 * The reminder email. It says when, in the reader's own time zone, and which session of the
 * course — never the course title, the other members or the focus: mail crosses servers we do
 * not control.
 */
export function reminderMessage(facts: ReminderFacts): MailMessage {
  const when = new Intl.DateTimeFormat('en-GB', {
    timeZone: facts.timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(facts.startsAt);
  const soon = facts.kind === 'hour_before' ? 'in about an hour' : 'tomorrow';
  return layOut({
    to: facts.email,
    subject: `Reminder: therapy session ${soon}`,
    greeting: `Hello ${facts.displayName},`,
    paragraphs: [
      `Your therapy session (session ${facts.number} of ${facts.sessionCount}) starts ${soon}: ${when}.`,
      facts.joinUrl
        ? 'You can join from 10 minutes before the start.'
        : 'You can join from Hearth from 10 minutes before the start.',
    ],
    ...(facts.joinUrl ? { action: { label: 'Join the session', url: facts.joinUrl } } : {}),
    after: ['If you cannot come, please let your practice know.'],
    signature: 'Hearth',
  });
}
