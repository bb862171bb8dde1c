import { Inject, Injectable } from '@nestjs/common';
import type { BucketRule } from '@hearth/domain';
import { DataSource } from 'typeorm';
import { layOut, type MailMessage } from '../mail/mail-layout';
import { MailOutboxService } from '../mail/mail-outbox.service';
import { perAccountAlert, RateLimiter } from './rate-limiter';

/** At most one alert per account per hour, however long an attack goes on. */
const alertRule: BucketRule = { capacity: 1, refillPerSecond: 1 / 3_600 };

/** The email an account's owner gets when many sign-ins to it fail; no address or place is named. */
export function signInAlertMail(facts: { to: string; displayName: string }): MailMessage {
  return layOut({
    to: facts.to,
    subject: 'Many failed sign-ins to your Hearth account',
    greeting: `Hello ${facts.displayName},`,
    paragraphs: [
      'Someone has tried many wrong passwords for your Hearth account in the last hour. Your account is not locked: you can still sign in as usual.',
      'Each place those attempts come from is slowed down. If they were not yours, your password is doing its job; if it is one you use elsewhere, change it from your account page.',
    ],
    after: ['If it was you, you can ignore this email.'],
    signature: 'Hearth',
  });
}

/**
 * Failed sign-ins are throttled per address, never by locking the account (which anyone who knows
 * an email could do to its owner). Instead, past `perAccountAlert` failures from anywhere, the
 * owner is told by email, at most once an hour.
 */
@Injectable()
export class SignInAlerts {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MailOutboxService) private readonly outbox: MailOutboxService,
    private readonly limiter: RateLimiter,
  ) {}

  /**
   * Counts a failed sign-in for `email` (whether or not it has an account, so the time taken says
   * nothing) and, past the threshold, queues the owner's alert.
   */
  async failed(
    email: string,
    person: { id: string; practiceId: string; email: string; displayName: string } | null,
  ): Promise<void> {
    const failures = await this.limiter.count('login-failures', email, perAccountAlert);
    if (failures.allowed || !person) return;
    if (!(await this.limiter.count('login-alert', email, alertRule)).allowed) return;
    await this.dataSource.transaction((tx) =>
      this.outbox.enqueue(tx, {
        kind: 'sign_in_alert',
        practiceId: person.practiceId,
        personId: person.id,
        message: signInAlertMail({ to: person.email, displayName: person.displayName }),
      }),
    );
    this.outbox.kick();
  }
}
