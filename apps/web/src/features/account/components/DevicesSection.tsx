import { useState } from 'react';
import { useNavigate } from 'react-router';
import { accountRoutes, type Device } from '@hearth/contracts';
import { paths } from '../../../app/paths';
import { useApiClient } from '../../../api/useApiClient';
import { useApiQuery } from '../../../api/useApiQuery';
import { toFormErrors } from '../../forms/form-errors';
import { formatDateTime } from '../../people/people-format';
import { useSession } from '../../auth/hooks/useSession';

/** The devices signed in to the account; each can be signed out, or all at once. */
export function DevicesSection({ timeZone }: { timeZone: string }) {
  const client = useApiClient();
  const session = useSession();
  const navigate = useNavigate();
  const devices = useApiQuery('devices', (c) => c.call(accountRoutes.devices));
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  // This device's sign-in has ended on the server: end it here too, and say so on sign-in.
  const leave = async () => {
    await session.signOut();
    navigate(paths.signIn, { replace: true });
  };

  const signOut = async (device: Device) => {
    setBusy(true);
    setMessage('');
    try {
      await client.call(accountRoutes.signOutDevice, { params: { deviceId: device.id } });
      if (device.current) {
        await leave();
        return;
      }
      setMessage(`${device.label} is signed out.`);
      devices.reload();
    } catch (error) {
      setMessage(toFormErrors(error, []).form ?? String(error));
    } finally {
      setBusy(false);
    }
  };

  const everywhere = async () => {
    setBusy(true);
    try {
      await client.call(accountRoutes.signOutEverywhere);
      await leave();
    } catch (error) {
      setMessage(toFormErrors(error, []).form ?? String(error));
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="devices-heading">
      <h2 id="devices-heading">Signed-in devices</h2>
      {devices.state.kind === 'loading' ? <p role="status">Loading…</p> : null}
      {devices.state.kind === 'failed' ? <p role="alert">{devices.state.message}</p> : null}
      {devices.state.kind === 'ready' ? (
        <ul className="list">
          {devices.state.data.devices.map((device) => (
            <li key={device.id}>
              <strong>{device.label}</strong>
              {device.current ? ' (this device)' : ''} — signed in{' '}
              {formatDateTime(device.signedInAt, timeZone)}, last used{' '}
              {formatDateTime(device.lastUsedAt, timeZone)}{' '}
              <button
                className="button button--secondary"
                type="button"
                disabled={busy}
                aria-label={`Sign out ${device.label}${device.current ? ' (this device)' : ''}`}
                onClick={() => void signOut(device)}
              >
                Sign out
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <p role="status">{message}</p>
      <button className="button" type="button" disabled={busy} onClick={() => void everywhere()}>
        Sign out everywhere
      </button>
    </section>
  );
}
