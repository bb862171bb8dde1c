import { useState, type FormEvent } from 'react';
import { secondFactorRoutes, type TotpSetup } from '@hearth/contracts';
import { z } from 'zod';
import { useApiClient } from '../../../api/useApiClient';
import { FormAlert } from '../../forms/components/FormAlert';
import { TextField } from '../../forms/components/TextField';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';
import './second-factor.css';

const fields = ['code'] as const;
const confirmSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{3} ?\d{3}$/, 'must be the six digits'),
});

/** Setting up an authenticator app: a QR code (or the key typed by hand), then a code from it. */
export function TotpSetupForm({ onEnrolled }: { onEnrolled: (recoveryCodes: string[]) => void }) {
  const client = useApiClient();
  const form = useFormSubmit('totp-setup', fields);
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState('');

  const start = async () => {
    setProblem('');
    try {
      setSetup(await client.call(secondFactorRoutes.startTotp));
    } catch {
      setProblem('The set-up could not start; please try again.');
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void form.submit(confirmSchema, { code }, async (body) => {
      const { recoveryCodes } = await client.call(secondFactorRoutes.confirmTotp, { body });
      setSetup(null);
      setCode('');
      onEnrolled(recoveryCodes);
    });
  };

  if (!setup) {
    return (
      <>
        <button className="button" type="button" onClick={() => void start()}>
          Set up an authenticator app
        </button>
        {problem ? <p role="alert">{problem}</p> : null}
      </>
    );
  }
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Set up an authenticator app">
      <p>Scan this code with your authenticator app, or type the key into it by hand.</p>
      <img
        className="qr-code"
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.qrSvg)}`}
        alt="QR code for your authenticator app"
        width={200}
        height={200}
      />
      <p>
        Key: <code data-testid="totp-secret">{setup.secret.match(/.{1,4}/g)?.join(' ')}</code>
      </p>
      <TextField
        id={form.fieldId('code')}
        label="Code from the app"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        value={code}
        onChange={(event) => setCode(event.target.value)}
        error={form.errors.fields.code}
      />
      <FormAlert message={form.errors.form} alertRef={form.alertRef} />
      <button className="button" type="submit" disabled={form.submitting}>
        {form.submitting ? 'Checking…' : 'Turn on the authenticator app'}
      </button>
    </form>
  );
}
