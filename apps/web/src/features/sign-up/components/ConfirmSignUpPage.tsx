import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { identityRoutes } from '@hearth/contracts';
import { paths } from '../../../app/paths';
import { useApiClient } from '../../../api/useApiClient';
import { toFormErrors } from '../../forms/form-errors';
import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';

/**
 * The page a sign-up's emailed link opens. The practice is created when the person presses the
 * button, not as the page loads: a mail scanner that opens links must not spend the link.
 */
export function ConfirmSignUpPage() {
  useDocumentTitle('Create your practice');
  const { token = '' } = useParams();
  const client = useApiClient();
  const session = useSession();
  const navigate = useNavigate();
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const confirm = async () => {
    setSending(true);
    setFailure(null);
    try {
      const tokens = await client.call(identityRoutes.confirmSignUp, { body: { token } });
      session.signIn(tokens);
      navigate(paths.home);
    } catch (error) {
      setFailure(
        toFormErrors(error, [], {
          messages: {
            404: 'This link is not valid any more: it was used, or it expired. Sign up again to get a new one.',
            400: 'This link is not complete. Open it again from the email, or sign up again.',
          },
        }).form ?? 'The practice could not be created.',
      );
      setSending(false);
    }
  };

  return (
    <article className="page page--narrow">
      <h1>Create your practice</h1>
      <p>
        Your email address is confirmed by this link. Press the button to create the practice; you
        will be signed in as its first coordinator.
      </p>
      <button className="button" type="button" disabled={sending} onClick={() => void confirm()}>
        {sending ? 'Creating your practice…' : 'Create my practice'}
      </button>
      {failure ? (
        <p role="alert">
          {failure} <Link to={paths.signUp}>Sign up</Link> or <Link to={paths.signIn}>sign in</Link>
        </p>
      ) : null}
    </article>
  );
}
