import { createTransport, type Transporter } from 'nodemailer';
import type { Config } from '../config/config';
import type { JsonLogger } from '../logging/json-logger';

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Where outgoing mail goes; `logged` means no mail server is configured. */
export interface Mailer {
  send(message: MailMessage, reference: string): Promise<'sent' | 'logged'>;
  close(): void;
}

export const MAILER = Symbol('MAILER');

class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = createTransport(url);
  }

  async send(message: MailMessage): Promise<'sent'> {
    await this.transport.sendMail({ from: this.from, ...message });
    return 'sent';
  }

  close(): void {
    this.transport.close();
  }
}

// Without a mail server the reminder is only noted in the log — by its reference, never its
// address or content, which would put personal data in the log.
class LogMailer implements Mailer {
  constructor(private readonly logger: JsonLogger) {}

  async send(_message: MailMessage, reference: string): Promise<'logged'> {
    this.logger.event('info', 'mail not sent: no SMTP_URL configured', { reference }, 'mail');
    return 'logged';
  }

  close(): void {}
}

export function createMailer(config: Config, logger: JsonLogger): Mailer {
  return config.mail.smtpUrl
    ? new SmtpMailer(config.mail.smtpUrl, config.mail.from)
    : new LogMailer(logger);
}
