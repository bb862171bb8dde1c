import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { accountRoutes, resetPasswordBodySchema } from '@hearth/contracts';
import { paths } from '../../../app/paths';
import { useApiClient } from '../../../api/useApiClient';
import { FormAlert } from '../../forms/components/FormAlert';
import { NewPasswordField } from '../../forms/components/NewPasswordField';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';
import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';

const fields = ['password'] as const;

/** The page a reset link opens: choose a new password; every sign-in then ends. */
export function ResetPasswordPage() {
  useDocumentTitle('Choose a new password');
  const { token = '' } = useParams();
  const client = useApiClient();
  const session = useSession();
  const form = useFormSubmit('reset-password', fields, {
    messages: {
      404: 'This link is not valid any more: it was used, or it expired. Ask for a new one.',
    },
  });
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void form.submit(resetPasswordBodySchema, { token, password }, async (body) => {
      await client.call(accountRoutes.resetPassword, { body });
      // Every sign-in of the account has ended, this browser's included: forget it here too.
      if (session.status === 'signed-in') await session.signOut();
      setDone(true);
    });
  };

  return (
    <article className="page page--narrow">
      <h1>Choose a new password</h1>
      {done ? (
        <div role="status">
          <p>Your password is changed, and you are signed out on every device.</p>
          <p>
            <Link to={paths.signIn}>Sign in with your new password</Link>
          </p>
        </div>
      ) : (
        <>
          <form className="form" onSubmit={onSubmit} noValidate>
            <NewPasswordField
              id={form.fieldId('password')}
              value={password}
              onChange={setPassword}
              error={form.errors.fields.password}
            />
            <FormAlert message={form.errors.form} alertRef={form.alertRef} />
            <button className="button" type="submit" disabled={form.submitting}>
              {form.submitting ? 'Saving…' : 'Save the new password'}
            </button>
          </form>
          <p>
            Link expired? <Link to={paths.forgotPassword}>Ask for a new one</Link>
          </p>
        </>
      )}
    </article>
  );
}
