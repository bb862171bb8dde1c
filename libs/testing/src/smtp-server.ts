import type { AddressInfo } from 'node:net';
import { type AddressObject, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message the test SMTP server accepted, parsed as a mail client would. */
export interface CapturedMail {
  /** Envelope recipients (RCPT TO), lower-cased. */
  readonly to: string[];
  /** The From header as written, e.g. `Hearth <hearth@example.org>`. */
  readonly from: string;
  readonly subject: string;
  /** The text/plain part ('' when the message has none). */
  readonly text: string;
  /** The text/html part ('' when the message has none). */
  readonly html: string;
  /** Every http(s) link in the text and the HTML, in order of appearance, without duplicates. */
  readonly links: string[];
  /** Every header, names lower-cased (the last value of a repeated one). */
  readonly headers: Record<string, string>;
  readonly receivedAt: Date;
}

export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>` — what `SMTP_URL` of the server under test should be. */
  readonly url: string;
  readonly port: number;
  /** Every message accepted so far, oldest first. */
  readonly messages: readonly CapturedMail[];
  /**
   * Resolves with the first message (already received or still to come) that satisfies the
   * predicate; rejects after `timeoutMs` listing what did arrive (subjects and recipients only).
   */
  waitFor(
    predicate: (mail: CapturedMail) => boolean,
    options?: { timeoutMs?: number },
  ): Promise<CapturedMail>;
  /** The messages sent to one address so far. */
  to(address: string): CapturedMail[];
  /**
   * Refuse the next `count` messages with a temporary failure (451), as a mail server that is
   * down or overloaded would — for tests of retries.
   */
  refuseNext(count: number): void;
  /** How many messages were refused so far. */
  readonly refused: number;
  /** Forgets the messages received so far. */
  clear(): void;
  stop(): Promise<void>;
}

const linkPattern = /https?:\/\/[^\s"'<>)\]]+/g;

function linksOf(...bodies: string[]): string[] {
  const links = bodies.flatMap((body) =>
    [...body.matchAll(linkPattern)].map((match) => match[0].replace(/&amp;/g, '&')),
  );
  return [...new Set(links)];
}

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return '';
  return (Array.isArray(value) ? value : [value]).map((v) => v.text).join(', ');
}

/**
 * A real SMTP server on 127.0.0.1 (a free port) that keeps every message it accepts, for tests
 * that read what Hearth sent: start it, point `SMTP_URL` at `url`, and `stop()` it afterwards.
 * Plain SMTP without authentication or TLS — loopback only.
 */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const messages: CapturedMail[] = [];
  const waiters = new Set<{ predicate: (mail: CapturedMail) => boolean; done: () => void }>();
  let refuse = 0;
  let refused = 0;

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    banner: 'Hearth test mail server',
    size: 5 * 1024 * 1024,
    onData(stream, session, callback) {
      if (refuse > 0) {
        refuse -= 1;
        refused += 1;
        stream.resume();
        stream.on('end', () => {
          const error = new Error('Mailbox temporarily unavailable') as Error & {
            responseCode: number;
          };
          error.responseCode = 451;
          callback(error);
        });
        return;
      }
      simpleParser(stream).then(
        (parsed) => {
          const text = parsed.text ?? '';
          const html = typeof parsed.html === 'string' ? parsed.html : '';
          const headers: Record<string, string> = {};
          for (const line of parsed.headerLines) {
            headers[line.key.toLowerCase()] = line.line.slice(line.line.indexOf(':') + 1).trim();
          }
          const mail: CapturedMail = {
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: addressText(parsed.from),
            subject: parsed.subject ?? '',
            text,
            html,
            links: linksOf(text, html),
            headers,
            receivedAt: new Date(),
          };
          messages.push(mail);
          for (const waiter of waiters) {
            if (waiter.predicate(mail)) waiter.done();
          }
          callback();
        },
        (error: unknown) => callback(error as Error),
      );
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A client that drops mid-conversation must not end the test process.
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    get refused() {
      return refused;
    },
    to(address) {
      const wanted = address.toLowerCase();
      return messages.filter((m) => m.to.includes(wanted));
    },
    waitFor(predicate, options = {}) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      const timeoutMs = options.timeoutMs ?? 30_000;
      return new Promise<CapturedMail>((resolve, reject) => {
        const waiter = {
          predicate,
          done: () => {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve(messages.find(predicate)!);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = messages.map((m) => `"${m.subject}" to ${m.to.join(', ')}`).join('; ');
          reject(new Error(`no matching mail within ${timeoutMs} ms; received: ${seen || 'none'}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    refuseNext(count) {
      refuse = count;
    },
    clear() {
      messages.length = 0;
    },
    stop() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
