import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { SecondFactorMethod } from '@hearth/contracts';
import { later } from '../../../api/contracts-later';
import { useApiClient } from '../../../api/useApiClient';
import { toFormErrors } from '../../forms/form-errors';
import { TextField } from '../../forms/components/TextField';
import { passkeyProblem, provePasskey } from '../passkeys';
import type { StepUpPrompt } from '../step-up-prompt';

const stepUpRoute = later((c) => c.secondFactorRoutes.stepUp);
const stepUpPasskeyOptionsRoute = later((c) => c.secondFactorRoutes.stepUpPasskeyOptions);

/** The confirmation itself, fetched the first time a sensitive act asks for one. */
export function StepUpForm({
  prompt,
  methods,
}: {
  prompt: StepUpPrompt;
  methods: readonly SecondFactorMethod[];
}) {
  const client = useApiClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const first: SecondFactorMethod = methods.includes('password')
    ? 'password'
    : methods.includes('totp')
      ? 'totp'
      : methods.includes('passkey')
        ? 'passkey'
        : 'recovery_code';
  const [method, setMethod] = useState<SecondFactorMethod>(first);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal?.();
  }, []);

  const confirm = async (body: Record<string, unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await client.call(stepUpRoute, { body });
      prompt.settle(true);
    } catch (failure) {
      const errors = toFormErrors(failure, ['code', 'recoveryCode', 'password'] as const);
      setError(
        errors.fields.code ?? errors.fields.recoveryCode ?? errors.fields.password ?? errors.form,
      );
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const field =
      method === 'totp' ? 'code' : method === 'recovery_code' ? 'recoveryCode' : 'password';
    void confirm({ [field]: value });
  };

  const withPasskey = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const { attemptId, options } = await client.call(stepUpPasskeyOptionsRoute);
      const response = await provePasskey(options);
      await confirm({ passkey: { attemptId, response } });
    } catch (failure) {
      setError(passkeyProblem(failure));
      setBusy(false);
    }
  };

  const label =
    method === 'password'
      ? 'Your password'
      : method === 'totp'
        ? 'Code from your authenticator app'
        : 'One of your recovery codes';

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="step-up-heading"
      onCancel={() => prompt.settle(false)}
    >
      <h2 id="step-up-heading">Confirm it is you</h2>
      <p>This needs a fresh confirmation. It lasts five minutes.</p>
      {method === 'passkey' ? (
        <p>
          <button
            className="button"
            type="button"
            disabled={busy}
            onClick={() => void withPasskey()}
          >
            Confirm with a passkey
          </button>
        </p>
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate>
          <TextField
            id="step-up-value"
            label={label}
            name="step-up"
            type={method === 'password' ? 'password' : 'text'}
            autoComplete={method === 'password' ? 'current-password' : 'one-time-code'}
            inputMode={method === 'totp' ? 'numeric' : undefined}
            value={value}
            onChange={(event) => setValue(event.target.value)}
            error={error}
          />
          <button className="button" type="submit" disabled={busy}>
            {busy ? 'Confirming…' : 'Confirm'}
          </button>
        </form>
      )}
      {method === 'passkey' && error ? <p role="alert">{error}</p> : null}
      <p className="button-row">
        {methods
          .filter((m) => m !== method && m !== 'password')
          .map((m) => (
            <button
              key={m}
              className="button button--secondary"
              type="button"
              onClick={() => {
                setMethod(m);
                setValue('');
                setError(undefined);
              }}
            >
              {m === 'totp'
                ? 'Use a code from your app'
                : m === 'passkey'
                  ? 'Use a passkey'
                  : 'Use a recovery code'}
            </button>
          ))}
        <button
          className="button button--secondary"
          type="button"
          onClick={() => prompt.settle(false)}
        >
          Cancel
        </button>
      </p>
    </dialog>
  );
}
