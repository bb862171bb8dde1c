import { useState } from 'react';
import { secondFactorRoutes, type SecondFactors } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { useApiQuery } from '../../../api/useApiQuery';
import { useRefreshPerson } from '../../account/hooks/useAccount';
import { toFormErrors } from '../../forms/form-errors';
import { formatDateTime } from '../../people/people-format';
import { PasskeyForm } from './PasskeyForm';
import { RecoveryCodes } from './RecoveryCodes';
import { TotpSetupForm } from './TotpSetupForm';

/** One's second factors: an authenticator app, recovery codes, passkeys. */
export function SecondFactorsSection({ timeZone }: { timeZone: string }) {
  const factors = useApiQuery('second-factors', (c) => c.call(secondFactorRoutes.secondFactors));
  return (
    <section className="panel" aria-labelledby="second-factor-heading">
      <h2 id="second-factor-heading">Second factor</h2>
      {factors.state.kind === 'loading' ? <p role="status">Loading…</p> : null}
      {factors.state.kind === 'failed' ? <p role="alert">{factors.state.message}</p> : null}
      {factors.state.kind === 'ready' ? (
        <Factors factors={factors.state.data} timeZone={timeZone} reload={factors.reload} />
      ) : null}
    </section>
  );
}

function Factors({
  factors,
  timeZone,
  reload,
}: {
  factors: SecondFactors;
  timeZone: string;
  reload: () => void;
}) {
  const client = useApiClient();
  const refreshPerson = useRefreshPerson();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const none = !factors.totp && factors.passkeys.length === 0;

  // A new factor may lift the practice's demand to set one up: fetch a token that says so.
  const enrolled = async (recoveryCodes?: string[]) => {
    if (recoveryCodes) setCodes(recoveryCodes);
    await refreshPerson();
    reload();
  };

  const act = async (what: () => Promise<unknown>, done: string) => {
    setBusy(true);
    setMessage('');
    try {
      await what();
      setMessage(done);
      reload();
    } catch (error) {
      setMessage(toFormErrors(error, []).form ?? 'That did not work; please try again.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {factors.required && none ? (
        <p className="notice" role="alert">
          Your practice requires a second factor. Set up an authenticator app or a passkey to
          continue using Hearth.
        </p>
      ) : null}
      <ul className="list" aria-label="Your second factors">
        <li>Authenticator app: {factors.totp ? 'on' : 'off'}</li>
        <li>
          Recovery codes: {factors.recoveryCodesLeft} unused
          {factors.recoveryCodesLeft === 0 && !none
            ? ' — make new ones so you are never locked out'
            : ''}
        </li>
        <li>Passkeys: {factors.passkeys.length === 0 ? 'none' : factors.passkeys.length}</li>
      </ul>
      {codes ? <RecoveryCodes codes={codes} onDone={() => setCodes(null)} /> : null}

      <h3>Authenticator app</h3>
      {factors.totp ? (
        <p className="button-row">
          <button
            className="button button--secondary"
            type="button"
            disabled={busy}
            onClick={() =>
              void act(
                () => client.call(secondFactorRoutes.removeTotp),
                'The authenticator app is removed.',
              )
            }
          >
            Remove the authenticator app
          </button>
          <button
            className="button button--secondary"
            type="button"
            disabled={busy}
            onClick={() =>
              void act(async () => {
                const made = await client.call(secondFactorRoutes.newRecoveryCodes);
                setCodes(made.recoveryCodes);
              }, 'New recovery codes are made; the old ones no longer work.')
            }
          >
            Make new recovery codes
          </button>
        </p>
      ) : (
        <TotpSetupForm onEnrolled={(recoveryCodes) => void enrolled(recoveryCodes)} />
      )}

      <h3>Passkeys</h3>
      {factors.passkeys.length > 0 ? (
        <ul className="list" aria-label="Your passkeys">
          {factors.passkeys.map((passkey) => (
            <li key={passkey.id}>
              <strong>{passkey.name}</strong> — added {formatDateTime(passkey.createdAt, timeZone)}
              {passkey.lastUsedAt
                ? `, last used ${formatDateTime(passkey.lastUsedAt, timeZone)}`
                : ''}{' '}
              <button
                className="button button--secondary"
                type="button"
                disabled={busy}
                aria-label={`Remove passkey ${passkey.name}`}
                onClick={() =>
                  void act(
                    () =>
                      client.call(secondFactorRoutes.removePasskey, {
                        params: { passkeyId: passkey.id },
                      }),
                    `The passkey ${passkey.name} is removed.`,
                  )
                }
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <PasskeyForm onAdded={() => void enrolled()} />
      <p role="status">{message}</p>
    </>
  );
}
