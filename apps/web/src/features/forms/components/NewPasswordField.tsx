import { TextField } from './TextField';

export const newPasswordHint =
  'At least 12 characters. A few unrelated words make a long password that is easy to remember.';

/** The password someone chooses; the 12-character minimum is the contract's, said up front. */
export function NewPasswordField({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  return (
    <TextField
      id={id}
      label="Password"
      name="password"
      type="password"
      autoComplete="new-password"
      hint={newPasswordHint}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={error}
    />
  );
}
