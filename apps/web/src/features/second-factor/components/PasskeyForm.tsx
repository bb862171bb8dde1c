import { useState, type FormEvent } from 'react';
import { secondFactorRoutes } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { toFormErrors } from '../../forms/form-errors';
import { TextField } from '../../forms/components/TextField';
import { createPasskey, passkeyProblem } from '../passkeys';

/** Registering a passkey of this device (or a security key) under a name. */
export function PasskeyForm({ onAdded }: { onAdded: () => void }) {
  const client = useApiClient();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState('');

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setAdded('');
    if (!name.trim()) {
      setError('must not be empty');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const { attemptId, options } = await client.call(
        secondFactorRoutes.passkeyRegistrationOptions,
      );
      let response;
      try {
        response = await createPasskey(options);
      } catch (failure) {
        setError(passkeyProblem(failure));
        return;
      }
      await client.call(secondFactorRoutes.addPasskey, {
        body: { attemptId, name: name.trim(), response },
      });
      setAdded(`The passkey ${name.trim()} is added.`);
      setName('');
      onAdded();
    } catch (failure) {
      const errors = toFormErrors(failure, ['name'] as const);
      setError(errors.fields.name ?? errors.form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="form"
      onSubmit={(event) => void onSubmit(event)}
      noValidate
      aria-label="Add a passkey"
    >
      <TextField
        id="passkey-name"
        label="Name for a new passkey"
        name="passkeyName"
        hint="So you can tell your passkeys apart, e.g. “Work laptop”."
        value={name}
        maxLength={60}
        onChange={(event) => setName(event.target.value)}
        error={error}
      />
      <button className="button" type="submit" disabled={busy}>
        {busy ? 'Waiting for the passkey…' : 'Add a passkey'}
      </button>
      <p role="status">{added}</p>
    </form>
  );
}
