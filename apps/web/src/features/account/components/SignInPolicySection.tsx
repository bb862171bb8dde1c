import { useState, type FormEvent } from 'react';
import { accountRoutes, signInPolicyBodySchema, type SignInPolicy } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { useApiQuery } from '../../../api/useApiQuery';
import { FormAlert } from '../../forms/components/FormAlert';
import { TextField } from '../../forms/components/TextField';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';

const fields = ['sessionMaxHours', 'sessionIdleMinutes', 'requireStaffSecondFactor'] as const;

/** Coordinators: how long the practice's sign-ins last. */
export function SignInPolicySection() {
  const policy = useApiQuery('sign-in-policy', (c) => c.call(accountRoutes.signInPolicy));
  return (
    <section className="panel" aria-labelledby="policy-heading">
      <h2 id="policy-heading">Sign-in limits for your practice</h2>
      {policy.state.kind === 'ready' ? <PolicyForm policy={policy.state.data} /> : null}
      {policy.state.kind === 'failed' ? <p role="alert">{policy.state.message}</p> : null}
    </section>
  );
}

function PolicyForm({ policy }: { policy: SignInPolicy }) {
  const client = useApiClient();
  const form = useFormSubmit('sign-in-policy', fields);
  const [values, setValues] = useState({
    sessionMaxHours: String(policy.sessionMaxHours),
    sessionIdleMinutes: String(policy.sessionIdleMinutes),
  });
  const [requireFactor, setRequireFactor] = useState(policy.requireStaffSecondFactor);
  const [saved, setSaved] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const body = {
      sessionMaxHours: Number(values.sessionMaxHours),
      sessionIdleMinutes: Number(values.sessionIdleMinutes),
      requireStaffSecondFactor: requireFactor,
    };
    void form.submit(signInPolicyBodySchema, body, async (checked) => {
      await client.call(accountRoutes.updateSignInPolicy, { body: checked });
      setSaved(true);
    });
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <TextField
        id={form.fieldId('sessionMaxHours')}
        label="Longest sign-in, in hours"
        name="sessionMaxHours"
        inputMode="numeric"
        hint="However active, people sign in again after this long (1 to 2160 hours)."
        value={values.sessionMaxHours}
        onChange={(event) => setValues({ ...values, sessionMaxHours: event.target.value })}
        error={form.errors.fields.sessionMaxHours}
      />
      <TextField
        id={form.fieldId('sessionIdleMinutes')}
        label="Sign out after this many minutes unused"
        name="sessionIdleMinutes"
        inputMode="numeric"
        hint="A device not used for this long is signed out (15 minutes to 90 days)."
        value={values.sessionIdleMinutes}
        onChange={(event) => setValues({ ...values, sessionIdleMinutes: event.target.value })}
        error={form.errors.fields.sessionIdleMinutes}
      />
      <div className="field">
        <label>
          <input
            id={form.fieldId('requireStaffSecondFactor')}
            type="checkbox"
            name="requireStaffSecondFactor"
            checked={requireFactor}
            aria-describedby="require-factor-hint"
            onChange={(event) => setRequireFactor(event.target.checked)}
          />{' '}
          Require a second factor for therapists and coordinators
        </label>
        <p className="hint" id="require-factor-hint">
          Staff without an authenticator app or a passkey must set one up at their next sign-in
          before they can do anything else. You need one yourself to turn this on.
        </p>
        {form.errors.fields.requireStaffSecondFactor ? (
          <p role="alert">{form.errors.fields.requireStaffSecondFactor}</p>
        ) : null}
      </div>
      <FormAlert message={form.errors.form} alertRef={form.alertRef} />
      <button className="button" type="submit" disabled={form.submitting}>
        {form.submitting ? 'Saving…' : 'Save limits'}
      </button>
      <p role="status">
        {saved ? 'Saved. Sign-ins longer than the new limits are cut short.' : ''}
      </p>
    </form>
  );
}
