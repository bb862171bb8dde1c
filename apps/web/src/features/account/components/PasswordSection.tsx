import { useState, type FormEvent } from 'react';
import { accountRoutes, passwordChangeBodySchema } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { FormAlert } from '../../forms/components/FormAlert';
import { NewPasswordField } from '../../forms/components/NewPasswordField';
import { TextField } from '../../forms/components/TextField';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';
import { useSession } from '../../auth/hooks/useSession';

const fields = ['currentPassword', 'newPassword'] as const;
const empty = { currentPassword: '', newPassword: '' };

export function PasswordSection() {
  const client = useApiClient();
  const form = useFormSubmit('account-password', fields);
  const [values, setValues] = useState(empty);
  const [changed, setChanged] = useState(false);
  const person = useSession().person;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setChanged(false);
    void form.submit(passwordChangeBodySchema, values, async (body) => {
      await client.call(accountRoutes.changePassword, { body });
      setValues(empty);
      setChanged(true);
    });
  };

  return (
    <section className="panel" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          id={form.fieldId('currentPassword')}
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          value={values.currentPassword}
          onChange={(event) => setValues({ ...values, currentPassword: event.target.value })}
          error={form.errors.fields.currentPassword}
        />
        <NewPasswordField
          id={form.fieldId('newPassword')}
          label="New password"
          name="newPassword"
          value={values.newPassword}
          onChange={(newPassword) => setValues({ ...values, newPassword })}
          error={form.errors.fields.newPassword}
          owner={{ email: person?.email, displayName: person?.displayName }}
        />
        <FormAlert message={form.errors.form} alertRef={form.alertRef} />
        <button className="button" type="submit" disabled={form.submitting}>
          {form.submitting ? 'Changing…' : 'Change password'}
        </button>
        <p role="status">
          {changed ? 'Your password is changed. Your other devices are signed out.' : ''}
        </p>
      </form>
    </section>
  );
}
