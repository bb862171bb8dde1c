import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { accountRoutes, forgotPasswordBodySchema } from '@hearth/contracts';
import { paths } from '../../../app/paths';
import { useApiClient } from '../../../api/useApiClient';
import { FormAlert } from '../../forms/components/FormAlert';
import { TextField } from '../../forms/components/TextField';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';

const fields = ['email'] as const;

/** Asks for a reset link; says the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  useDocumentTitle('Forgotten password');
  const client = useApiClient();
  const form = useFormSubmit('forgot-password', fields);
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void form.submit(forgotPasswordBodySchema, { email }, async (body) => {
      await client.call(accountRoutes.forgotPassword, { body });
      setSentTo(body.email);
    });
  };

  return (
    <article className="page page--narrow">
      <h1>Forgotten password</h1>
      {sentTo ? (
        <div role="status">
          <p>
            If <strong>{sentTo}</strong> belongs to a Hearth account, we have emailed it a link to
            choose a new password. The link works once, for 30 minutes.
          </p>
          <p>No email after a few minutes? Check your spam folder, or ask again.</p>
          <p>
            <Link to={paths.signIn}>Back to sign in</Link>
          </p>
        </div>
      ) : (
        <>
          <p>Enter the email address you sign in with, and we will email you a link.</p>
          <form className="form" onSubmit={onSubmit} noValidate>
            <TextField
              id={form.fieldId('email')}
              label="Email address"
              name="email"
              type="email"
              autoComplete="username"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              error={form.errors.fields.email}
            />
            <FormAlert message={form.errors.form} alertRef={form.alertRef} />
            <button className="button" type="submit" disabled={form.submitting}>
              {form.submitting ? 'Sending…' : 'Email me a link'}
            </button>
          </form>
          <p>
            <Link to={paths.signIn}>Back to sign in</Link>
          </p>
        </>
      )}
    </article>
  );
}
