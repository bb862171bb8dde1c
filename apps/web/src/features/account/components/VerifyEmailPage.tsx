import { useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { accountRoutes } from '@hearth/contracts';
import { paths } from '../../../app/paths';
import { useApiClient } from '../../../api/useApiClient';
import { toFormErrors } from '../../forms/form-errors';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';

type State =
  { kind: 'checking' } | { kind: 'confirmed'; email: string } | { kind: 'failed'; message: string };

/** The page a confirmation link opens: the address is confirmed as it loads. */
export function VerifyEmailPage() {
  useDocumentTitle('Confirm your email address');
  const { token = '' } = useParams();
  const client = useApiClient();
  const [state, setState] = useState<State>({ kind: 'checking' });
  // The link works once: React's development double effects must not spend it twice.
  const sent = useRef(false);

  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    client.call(accountRoutes.verifyEmail, { body: { token } }).then(
      ({ email }) => setState({ kind: 'confirmed', email }),
      (error: unknown) =>
        setState({
          kind: 'failed',
          message:
            toFormErrors(error, [], {
              messages: {
                404: 'This link is not valid any more: it was used, or it expired. Ask for a new one from your account page.',
                400: 'This link is not complete. Open it again from the email, or ask for a new one.',
              },
            }).form ?? 'The address could not be confirmed.',
        }),
    );
  }, [client, token]);

  return (
    <article className="page page--narrow">
      <h1>Confirm your email address</h1>
      <div role="status">
        {state.kind === 'checking' ? <p>Confirming…</p> : null}
        {state.kind === 'confirmed' ? (
          <p>
            Thank you: <strong>{state.email}</strong> is confirmed.{' '}
            <Link to={paths.account}>Go to your account</Link>
          </p>
        ) : null}
      </div>
      {state.kind === 'failed' ? (
        <p role="alert">
          {state.message} <Link to={paths.account}>Your account</Link>
        </p>
      ) : null}
    </article>
  );
}
