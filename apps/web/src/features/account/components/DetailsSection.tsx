import { useState, type FormEvent } from 'react';
import { accountRoutes, accountUpdateBodySchema, type Account } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { FormAlert } from '../../forms/components/FormAlert';
import { TextField } from '../../forms/components/TextField';
import { TimeZoneField } from '../../forms/components/TimeZoneField';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';
import { useRefreshPerson } from '../hooks/useAccount';

const fields = ['displayName', 'timeZone'] as const;

export function DetailsSection({
  account,
  onChanged,
}: {
  account: Account;
  onChanged: () => void;
}) {
  const client = useApiClient();
  const refreshPerson = useRefreshPerson();
  const form = useFormSubmit('account-details', fields);
  const [values, setValues] = useState({
    displayName: account.displayName,
    timeZone: account.timeZone,
  });
  const [saved, setSaved] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    void form.submit(accountUpdateBodySchema, values, async (body) => {
      await client.call(accountRoutes.updateAccount, { body });
      await refreshPerson();
      setSaved(true);
      onChanged();
    });
  };

  return (
    <section className="panel" aria-labelledby="details-heading">
      <h2 id="details-heading">Your details</h2>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          id={form.fieldId('displayName')}
          label="Your name"
          name="displayName"
          autoComplete="name"
          value={values.displayName}
          onChange={(event) => setValues({ ...values, displayName: event.target.value })}
          error={form.errors.fields.displayName}
        />
        <TimeZoneField
          id={form.fieldId('timeZone')}
          value={values.timeZone}
          onChange={(timeZone) => setValues({ ...values, timeZone })}
          error={form.errors.fields.timeZone}
        />
        <FormAlert message={form.errors.form} alertRef={form.alertRef} />
        <button className="button" type="submit" disabled={form.submitting}>
          {form.submitting ? 'Saving…' : 'Save details'}
        </button>
        <p role="status">{saved ? 'Your details are saved.' : ''}</p>
      </form>
    </section>
  );
}
