import { useState } from 'react';
import { mailRoutes, type MailKind, type MailProblem } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { useApiQuery } from '../../../api/useApiQuery';
import { toFormErrors } from '../../forms/form-errors';
import { formatDateTime } from '../../people/people-format';

const kindLabels: Record<MailKind, string> = {
  invitation: 'Invitation',
  password_reset: 'Password reset',
  email_verification: 'Email confirmation',
  email_changed: 'Email change notice',
  reminder: 'Session reminder',
  sign_in_alert: 'Failed sign-ins alert',
  sign_up: 'Sign-up',
};

const advice: Record<MailKind, string> = {
  invitation: 'Send the invitation again, or copy its link and send it another way.',
  password_reset: 'They can ask for a new link from the sign-in page.',
  email_verification: 'They can ask for a new link from their account page.',
  email_changed: 'Nothing to do; the change itself is unaffected.',
  reminder: 'Let them know about the session another way.',
  sign_in_alert: 'Tell them many sign-ins to their account failed; their account is not locked.',
  sign_up: 'Nothing to do; whoever signed up can do so again.',
};

/**
 * Emails the mail server has not taken, for the practice's coordinators: those still being
 * retried and those given up, with what to do instead. Shows nothing when all is well.
 */
export function MailProblemsSection({ timeZone }: { timeZone: string }) {
  const client = useApiClient();
  const query = useApiQuery('mail-delivery', (c) => c.call(mailRoutes.mailDelivery));
  const [message, setMessage] = useState('');

  if (query.state.kind !== 'ready') return null;
  const { delivers, problems } = query.state.data;
  if (delivers && problems.length === 0) return null;

  const retry = async (problem: MailProblem) => {
    setMessage('');
    try {
      const { problem: after } = await client.call(mailRoutes.retryMail, {
        params: { mailId: problem.id },
      });
      setMessage(after ? `Still not delivered (${after.lastError ?? 'no answer'}).` : 'Delivered.');
    } catch (error) {
      setMessage(toFormErrors(error, []).form ?? String(error));
    }
    query.reload();
  };

  return (
    <section className="panel" aria-labelledby="mail-problems-heading">
      <h2 id="mail-problems-heading">Email not delivered</h2>
      {delivers ? null : (
        <p>
          This server has no mail server set up (SMTP_URL), so Hearth sends no email: invitation
          links must be copied and sent by hand, and password resets and reminders do not go out.
        </p>
      )}
      {problems.length > 0 ? (
        <ul className="list">
          {problems.map((problem) => (
            <li key={problem.id}>
              <strong>{kindLabels[problem.kind]}</strong> to {problem.to} —{' '}
              {problem.status === 'failed'
                ? `given up after ${problem.attempts} attempts`
                : `attempt ${problem.attempts} failed; next try ${formatDateTime(problem.nextAttemptAt!, timeZone)}`}
              {problem.lastError ? ` (${problem.lastError})` : ''}. {advice[problem.kind]}{' '}
              {problem.status === 'retrying' ? (
                <button
                  className="button button--secondary"
                  type="button"
                  onClick={() => void retry(problem)}
                >
                  Try again now
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      <p role="status">{message}</p>
    </section>
  );
}
