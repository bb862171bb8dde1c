import { useState, type FormEvent } from 'react';
import { accountRoutes, emailChangeBodySchema, type Account } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { FormAlert } from '../../forms/components/FormAlert';
import { TextField } from '../../forms/components/TextField';
import { toFormErrors } from '../../forms/form-errors';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';

const fields = ['email', 'currentPassword'] as const;

export function EmailSection({ account, onChanged }: { account: Account; onChanged: () => void }) {
  const client = useApiClient();
  const form = useFormSubmit('account-email', fields);
  const [values, setValues] = useState({ email: '', currentPassword: '' });
  const [notice, setNotice] = useState('');

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setNotice('');
    void form.submit(emailChangeBodySchema, values, async (body) => {
      await client.call(accountRoutes.changeEmail, { body });
      setValues({ email: '', currentPassword: '' });
      setNotice(`We have emailed a confirmation link to ${body.email}.`);
      onChanged();
    });
  };

  const resend = async () => {
    setNotice('');
    try {
      await client.call(accountRoutes.resendVerification);
      setNotice(
        `We have emailed a new confirmation link to ${account.pendingEmail ?? account.email}.`,
      );
    } catch (error) {
      setNotice(toFormErrors(error, []).form ?? String(error));
    }
  };

  const waiting = account.pendingEmail ?? (account.emailVerified ? null : account.email);

  return (
    <section className="panel" aria-labelledby="email-heading">
      <h2 id="email-heading">Email address</h2>
      <p>
        You sign in with <strong>{account.email}</strong>
        {account.emailVerified ? ' (confirmed).' : ' (not confirmed yet).'}
      </p>
      {account.pendingEmail ? (
        <p>
          Waiting for you to confirm <strong>{account.pendingEmail}</strong> from the link we
          emailed to it; until then Hearth keeps using {account.email}.
        </p>
      ) : null}
      {waiting ? (
        <p>
          <button className="button button--secondary" type="button" onClick={() => void resend()}>
            Send the confirmation link again
          </button>
        </p>
      ) : null}
      <p role="status">{notice}</p>
      <h3>Use another address</h3>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          id={form.fieldId('email')}
          label="New email address"
          name="email"
          type="email"
          autoComplete="email"
          value={values.email}
          onChange={(event) => setValues({ ...values, email: event.target.value })}
          error={form.errors.fields.email}
        />
        <TextField
          id={form.fieldId('currentPassword')}
          label="Your current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value={values.currentPassword}
          onChange={(event) => setValues({ ...values, currentPassword: event.target.value })}
          error={form.errors.fields.currentPassword}
        />
        <FormAlert message={form.errors.form} alertRef={form.alertRef} />
        <button className="button" type="submit" disabled={form.submitting}>
          {form.submitting ? 'Sending…' : 'Change email address'}
        </button>
      </form>
    </section>
  );
}
