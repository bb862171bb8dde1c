import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Config } from '../config/config';
import type { JsonLogger } from '../logging/json-logger';
import type { MailMessage } from './mail-layout';

export type { MailMessage } from './mail-layout';

/** Where outgoing mail goes; `logged` means no mail server is configured. */
export interface Mailer {
  /** Whether mail really leaves (an SMTP server is configured). */
  readonly delivers: boolean;
  send(message: MailMessage, reference: string): Promise<'sent' | 'logged'>;
  close(): void;
}

export const MAILER = Symbol('MAILER');

class SmtpMailer implements Mailer {
  readonly delivers = true;
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    // Short timeouts: a mail server that hangs must not hold the outbox for minutes; the
    // message is simply tried again later.
    this.transport = createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    } as SMTPTransport.Options);
  }

  async send(message: MailMessage): Promise<'sent'> {
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
    });
    return 'sent';
  }

  close(): void {
    this.transport.close();
  }
}

// Without a mail server a message is only noted in the log — by its reference, never its
// address or content, which would put personal data in the log. On the embedded database (Hearth
// tried on one's own computer with `npm start`) the person at the terminal is also the one who
// would read the mail: the links it carries are written there too, so that a practice can be
// created and a password reset without a mail server. A server on PostgreSQL never does this.
class LogMailer implements Mailer {
  readonly delivers = false;

  constructor(
    private readonly logger: JsonLogger,
    private readonly showLinks: boolean,
  ) {}

  async send(message: MailMessage, reference: string): Promise<'logged'> {
    const links = this.showLinks ? linksIn(message.text) : [];
    this.logger.event(
      'info',
      'mail not sent: no SMTP_URL configured',
      links.length > 0 ? { reference, links: links.join(' ') } : { reference },
      'mail',
    );
    return 'logged';
  }

  close(): void {}
}

/** The web addresses in a message's plain text, each once. */
function linksIn(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"]+/g) ?? [])];
}

export function createMailer(config: Config, logger: JsonLogger): Mailer {
  return config.mail.smtpUrl
    ? new SmtpMailer(config.mail.smtpUrl, config.mail.from)
    : new LogMailer(logger, config.database?.kind === 'embedded');
}
