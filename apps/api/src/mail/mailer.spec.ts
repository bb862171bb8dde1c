import type { Config } from '../config/config';
import type { JsonLogger } from '../logging/json-logger';
import { createMailer } from './mailer';

describe('mailer without a mail server', () => {
  it('notes each message in the log by its reference only, never its address or content', async () => {
    const events: unknown[][] = [];
    const logger = { event: (...args: unknown[]) => events.push(args) } as unknown as JsonLogger;
    const mailer = createMailer(
      { mail: { smtpUrl: undefined, from: 'Hearth <hearth@localhost>' } } as unknown as Config,
      logger,
    );
    expect(mailer.delivers).toBe(false);
    const result = await mailer.send(
      { to: 'ada@example.org', subject: 'Secret subject', text: 'a link', html: '<p>a link</p>' },
      'mail:1',
    );
    expect(result).toBe('logged');
    expect(events).toEqual([
      ['info', 'mail not sent: no SMTP_URL configured', { reference: 'mail:1' }, 'mail'],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/ada@example|Secret|a link/);
  });

  it('on the embedded database (a trial on one’s own computer) also shows the links, nothing else', async () => {
    const events: unknown[][] = [];
    const logger = { event: (...args: unknown[]) => events.push(args) } as unknown as JsonLogger;
    const mailer = createMailer(
      {
        mail: { smtpUrl: undefined, from: 'Hearth <hearth@localhost>' },
        database: { kind: 'embedded', dataDir: 'data/pglite' },
      } as unknown as Config,
      logger,
    );
    const link = 'http://127.0.0.1:3000/confirm-sign-up/abc123';
    await mailer.send(
      {
        to: 'ada@example.org',
        subject: 'Secret subject',
        text: `Hello Ada,\n\nOpen ${link} to finish.\nAgain: ${link}\n`,
        html: `<a href="${link}">finish</a>`,
      },
      'mail:2',
    );
    expect(events).toEqual([
      [
        'info',
        'mail not sent: no SMTP_URL configured',
        { reference: 'mail:2', links: link },
        'mail',
      ],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/ada@example|Secret|Hello/);
  });
});
