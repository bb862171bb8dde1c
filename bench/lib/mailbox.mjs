// A real SMTP server on loopback for the benchmarks' set-up: a practice is created from the link
// Hearth emails at sign-up, so the bench starts one, points the server's SMTP_URL at it, and
// confirms its sign-ups with the link that arrives — the path a coordinator takes.
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const signUpLink = /https?:\/\/[^\s"<>]+\/confirm-sign-up\/([A-Za-z0-9_-]{43})/;

export async function startMailbox() {
  const tokens = new Map();
  const waiters = new Map();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          const token = signUpLink.exec(parsed.text ?? '')?.[1];
          if (token) {
            for (const { address } of session.envelope.rcptTo) {
              const to = address.toLowerCase();
              tokens.set(to, token);
              waiters.get(to)?.(token);
            }
          }
          callback();
        },
        (error) => callback(error),
      );
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.on('error', () => undefined);
  const { port } = server.server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    /** The token of the sign-up link emailed to `address`, waiting up to 30 s for it. */
    signUpToken(address) {
      const to = address.toLowerCase();
      if (tokens.has(to)) return Promise.resolve(tokens.get(to));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no sign-up link to ${to}`)), 30_000);
        waiters.set(to, (token) => {
          clearTimeout(timer);
          resolve(token);
        });
      });
    },
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Signs a coordinator up and opens the emailed link; the new coordinator's session tokens. */
export async function confirmedSignUp(api, mailbox, body) {
  await api('POST', '/api/auth/sign-up', body);
  const token = await mailbox.signUpToken(body.email);
  return api('POST', '/api/auth/sign-up/confirm', { token });
}
