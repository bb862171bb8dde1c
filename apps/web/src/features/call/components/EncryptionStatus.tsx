import { isTherapist } from '../call-state';
import { agreementWords, codeAgreement } from '../e2ee-display';
import { useCall } from '../hooks/useCall';

/**
 * End-to-end encryption in the participants panel: that the call is encrypted, the safety code
 * everyone in it should see (to compare aloud), and for therapists whether every page reports
 * the same code.
 */
export function EncryptionStatus() {
  const { state } = useCall();
  const { e2ee } = state;
  if (e2ee.status === 'off') return null;
  if (e2ee.status === 'unsupported') {
    return (
      <section className="encryption" aria-labelledby="encryption-heading">
        <h3 id="encryption-heading">End-to-end encrypted</h3>
        <p className="notice notice--bad">
          This browser cannot encrypt calls, so it cannot send or receive this session’s audio and
          video. Join with a current Chrome, Edge, Firefox or Safari.
        </p>
      </section>
    );
  }
  const therapist = isTherapist(state.view);
  const agreement = codeAgreement(state.view, e2ee.codeHash);
  return (
    <section className="encryption" aria-labelledby="encryption-heading">
      <h3 id="encryption-heading">End-to-end encrypted</h3>
      <p className="muted">
        Audio and video are encrypted on each device; Hearth’s server passes them on without being
        able to see or hear them.
      </p>
      {e2ee.code ? (
        <>
          <p
            className="encryption__code"
            data-testid="safety-code"
            aria-label={`Safety code: ${e2ee.code.words.join(', ')}`}
          >
            <span aria-hidden="true">{e2ee.code.symbols}</span>
          </p>
          <p className="muted" data-testid="safety-words">
            {e2ee.code.words.join(' · ')} — everyone in the call should see the same code.
          </p>
          {therapist ? (
            <p
              data-testid="safety-agreement"
              className={agreement.different.length > 0 ? 'notice notice--bad' : 'muted'}
              role={agreement.different.length > 0 ? 'alert' : undefined}
            >
              {agreementWords(agreement)}
            </p>
          ) : null}
        </>
      ) : (
        <p className="muted">Setting up encryption…</p>
      )}
    </section>
  );
}
