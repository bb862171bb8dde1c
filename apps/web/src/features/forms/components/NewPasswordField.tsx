import type { PasswordOwner } from '@hearth/domain';
import { usePasswordStrength } from '../hooks/usePasswordStrength';
import { TextField } from './TextField';

export const newPasswordHint =
  'At least 12 characters. A few unrelated words make a long password that is easy to remember.';

/**
 * The password someone chooses. As they type, it says whether the password is strong enough and
 * why not (common passwords, patterns, their own name or email) — the rule the API applies too.
 */
export function NewPasswordField({
  id,
  value,
  onChange,
  error,
  owner = {},
  label = 'Password',
  name = 'password',
}: {
  id: string;
  label?: string;
  name?: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  /** Whose password it is: their name and email may not be in it. */
  owner?: PasswordOwner;
}) {
  const verdict = usePasswordStrength(value, owner);
  return (
    <div className="new-password">
      <TextField
        id={id}
        label={label}
        name={name}
        type="password"
        autoComplete="new-password"
        hint={newPasswordHint}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        error={error}
        alsoDescribedBy={`${id}-strength`}
      />
      {/* Polite, so a screen reader says it after the typing, not over it. */}
      <p
        id={`${id}-strength`}
        className="field__hint"
        data-strength={verdict ? (verdict.ok ? 'ok' : 'weak') : undefined}
        aria-live="polite"
      >
        {verdict === null ? null : verdict.ok ? (
          'Strong enough.'
        ) : (
          <>
            <span className="visually-hidden">Not strong enough: </span>
            {verdict.problems.join(' ')}
          </>
        )}
      </p>
    </div>
  );
}
