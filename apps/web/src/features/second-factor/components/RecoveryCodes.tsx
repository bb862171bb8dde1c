import './second-factor.css';

/** Recovery codes, shown this once: the server keeps only their hashes. */
export function RecoveryCodes({ codes, onDone }: { codes: readonly string[]; onDone: () => void }) {
  return (
    <div className="notice" role="region" aria-labelledby="recovery-codes-heading">
      <h3 id="recovery-codes-heading">Your recovery codes</h3>
      <p>
        Each works once, instead of a code from your app. Keep them somewhere safe now: they are not
        shown again.
      </p>
      <ul className="list recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <button className="button" type="button" onClick={onDone}>
        I have kept them
      </button>
    </div>
  );
}
