import { useState, type FormEvent } from 'react';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';

export const signInNotReadyMessage =
  'Signing in is not available yet — it will be once your practice’s accounts are set up. ' +
  'Nothing you entered has been sent or saved.';

/**
 * A placeholder until accounts exist: the form is real so its layout and labels can be reviewed,
 * but submitting says honestly that nobody can sign in yet instead of pretending to.
 */
export function SignInPage() {
  useDocumentTitle('Sign in');
  const [attempted, setAttempted] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Nothing will use the password, so do not keep it on the page.
    const password = event.currentTarget.elements.namedItem('password');
    if (password instanceof HTMLInputElement) password.value = '';
    setAttempted(true);
  };

  return (
    <article className="page page--narrow">
      <h1>Sign in</h1>
      <form className="form" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor="sign-in-email">Email address</label>
          <input id="sign-in-email" name="email" type="email" autoComplete="username" required />
        </div>
        <div className="field">
          <label htmlFor="sign-in-password">Password</label>
          <input
            id="sign-in-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
          />
        </div>
        <button className="button" type="submit">
          Sign in
        </button>
      </form>
      {/* Always present (empty at first) so the message is announced when it appears. */}
      <p className="notice" role="status">
        {attempted ? signInNotReadyMessage : ''}
      </p>
    </article>
  );
}
