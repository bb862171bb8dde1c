import { useState } from 'react';
import { clinicalRoutes } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { useApiQuery } from '../../../api/useApiQuery';
import { toFormErrors } from '../../forms/form-errors';
import '../clinical.css';

/**
 * The banner a client sees until they accept the practice's current consent, with the text
 * itself and the button that accepts exactly the version shown.
 */
export function ConsentPanel({ onAccepted }: { onAccepted: () => void }) {
  const client = useApiClient();
  const query = useApiQuery('clinical:consent', (c) => c.call(clinicalRoutes.getConsent));
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const { state } = query;

  const accept = async (version: number) => {
    setSending(true);
    setProblem(null);
    try {
      await client.call(clinicalRoutes.acceptConsent, { body: { version } });
      onAccepted();
    } catch (error) {
      setProblem(toFormErrors(error, []).form ?? 'We could not record your consent.');
      // A newer version may have been published meanwhile: show that one.
      query.reload();
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="panel consent-banner" aria-labelledby="consent-heading">
      <h2 id="consent-heading">Your consent is needed</h2>
      <p>
        Before your first session, please read how your practice works with you and your data, and
        accept it. You cannot join a session until you have.
      </p>
      {state.kind === 'loading' ? <p role="status">Loading the consent text…</p> : null}
      {state.kind === 'failed' ? (
        <p role="alert">We could not load the consent text. {state.message}</p>
      ) : null}
      {state.kind === 'ready' ? (
        <details>
          <summary>Read the consent text (version {state.data.version})</summary>
          <div className="consent-text" tabIndex={0} aria-label="Consent text">
            {state.data.text}
          </div>
          <p>
            <button
              type="button"
              className="button"
              disabled={sending}
              onClick={() => void accept(state.data.version)}
            >
              I have read this and I accept
            </button>
          </p>
        </details>
      ) : null}
      {problem ? <p role="alert">{problem}</p> : null}
    </section>
  );
}
