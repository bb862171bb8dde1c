import { useRef, useState, type FormEvent } from 'react';
import type { SecondFactorChallenge, SecondFactorMethod, SessionTokens } from '@hearth/contracts';
import { later } from '../../../api/contracts-later';
import { useApiClient } from '../../../api/useApiClient';
import { FormAlert } from '../../forms/components/FormAlert';
import { TextField } from '../../forms/components/TextField';
import { toFormErrors } from '../../forms/form-errors';
import { passkeyProblem, provePasskey } from '../../second-factor/passkeys';

type Method = Exclude<SecondFactorMethod, 'password'>;

/** The second step of signing in: a code from the app, a recovery code, or a passkey. */
const secondStepRoute = later((c) => c.secondFactorRoutes.secondStep);
const secondStepPasskeyOptionsRoute = later((c) => c.secondFactorRoutes.secondStepPasskeyOptions);

export function SecondStepForm({
  challenge,
  onSignedIn,
}: {
  challenge: SecondFactorChallenge['secondFactor'];
  onSignedIn: (tokens: SessionTokens) => void;
}) {
  const client = useApiClient();
  const methods = challenge.methods.filter((m): m is Method => m !== 'password');
  const [method, setMethod] = useState<Method>(methods[0] ?? 'totp');
  const [value, setValue] = useState('');
  const [error, setError] = useState<{ field?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);

  const finish = async (step: Record<string, unknown>) => {
    setBusy(true);
    setError({});
    try {
      const tokens = await client.call(secondStepRoute, {
        body: { challenge: challenge.challenge, ...step },
      });
      onSignedIn(tokens);
    } catch (failure) {
      const errors = toFormErrors(failure, ['code', 'recoveryCode'] as const);
      const field = errors.fields.code ?? errors.fields.recoveryCode;
      setError(field ? { field } : { form: errors.form ?? passkeyProblem(failure) });
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void finish(method === 'totp' ? { code: value } : { recoveryCode: value });
  };

  const withPasskey = async () => {
    setBusy(true);
    setError({});
    try {
      const { attemptId, options } = await client.call(secondStepPasskeyOptionsRoute, {
        body: { challenge: challenge.challenge },
      });
      const response = await provePasskey(options);
      await finish({ passkey: { attemptId, response } });
    } catch (failure) {
      setError({ form: passkeyProblem(failure) });
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="second-step-heading">
      <h2 id="second-step-heading">Confirm it is you</h2>
      {method === 'passkey' ? (
        <p>
          <button
            className="button"
            type="button"
            disabled={busy}
            onClick={() => void withPasskey()}
          >
            Use your passkey
          </button>
        </p>
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate>
          <TextField
            id="second-step-value"
            label={method === 'totp' ? 'Code from your authenticator app' : 'A recovery code'}
            name={method === 'totp' ? 'code' : 'recoveryCode'}
            inputMode={method === 'totp' ? 'numeric' : undefined}
            autoComplete="one-time-code"
            value={value}
            onChange={(event) => setValue(event.target.value)}
            error={error.field}
          />
          <button className="button" type="submit" disabled={busy}>
            {busy ? 'Checking…' : 'Continue'}
          </button>
        </form>
      )}
      <FormAlert message={error.form} alertRef={alertRef} />
      <p className="button-row">
        {methods
          .filter((m) => m !== method)
          .map((m) => (
            <button
              key={m}
              className="button button--secondary"
              type="button"
              onClick={() => {
                setMethod(m);
                setValue('');
                setError({});
              }}
            >
              {m === 'totp'
                ? 'Use a code from your app'
                : m === 'passkey'
                  ? 'Use a passkey'
                  : 'Use a recovery code'}
            </button>
          ))}
      </p>
    </section>
  );
}
