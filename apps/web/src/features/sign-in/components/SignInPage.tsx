import { lazy, Suspense, useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import type { SecondFactorChallenge, SessionTokens } from '@hearth/contracts';
import { later, laterSchema } from '../../../api/contracts-later';
import { paths } from '../../../app/paths';
import { useApiClient } from '../../../api/useApiClient';
import { FormAlert } from '../../forms/components/FormAlert';
import { TextField } from '../../forms/components/TextField';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';
import { useSession } from '../../auth/hooks/useSession';
import type { SessionEnd } from '../../auth/session-store';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import { passkeyProblem, provePasskey } from '../../second-factor/passkeys';

// Only people with a second factor see this step; the others never fetch it.
const SecondStepForm = lazy(async () => ({
  default: (await import('./SecondStepForm')).SecondStepForm,
}));

// Named now, loaded with the contracts chunk: the sign-in page itself needs no zod to show.
const loginBody = laterSchema((c) => c.loginBodySchema);
const loginRoute = later((c) => c.identityRoutes.login);
const passkeyOptionsRoute = later((c) => c.secondFactorRoutes.passkeySignInOptions);
const passkeySignInRoute = later((c) => c.secondFactorRoutes.passkeySignIn);

const fields = ['email', 'password'] as const;

export function sessionEndMessage(ended: SessionEnd | null): string {
  switch (ended) {
    case 'signed-out':
      return 'You have signed out.';
    case 'expired':
      return 'Your sign-in has ended. Please sign in again.';
    case null:
      return '';
  }
}

export function SignInPage() {
  useDocumentTitle('Sign in');
  const client = useApiClient();
  const session = useSession();
  const navigate = useNavigate();
  const form = useFormSubmit('sign-in', fields);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // "You have signed out" stops being news once the person tries to sign in again.
  const [tried, setTried] = useState(false);
  // A right password from someone with a second factor: the second step comes next.
  const [pending, setPending] = useState<SecondFactorChallenge['secondFactor'] | null>(null);
  const [passkeyError, setPasskeyError] = useState('');

  if (session.status === 'signed-in') return <Navigate to={paths.home} replace />;

  const signedIn = (tokens: SessionTokens) => {
    session.signIn(tokens);
    navigate(tokens.mustEnrolSecondFactor ? paths.account : paths.home);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setTried(true);
    void form.submit(loginBody, { email, password }, async (body) => {
      const result = await client.call(loginRoute, { body });
      if ('secondFactor' in result) {
        setPassword('');
        setPending(result.secondFactor);
      } else {
        signedIn(result);
      }
    });
  };

  const withPasskey = async () => {
    setTried(true);
    setPasskeyError('');
    try {
      const { attemptId, options } = await client.call(passkeyOptionsRoute);
      const response = await provePasskey(options);
      signedIn(await client.call(passkeySignInRoute, { body: { attemptId, response } }));
    } catch (error) {
      setPasskeyError(passkeyProblem(error));
    }
  };

  if (pending) {
    return (
      <article className="page page--narrow">
        <h1>Sign in</h1>
        <Suspense
          fallback={
            <p role="status" className="muted">
              Loading the second step…
            </p>
          }
        >
          <SecondStepForm challenge={pending} onSignedIn={signedIn} />
        </Suspense>
        <p>
          <button
            className="button button--secondary"
            type="button"
            onClick={() => setPending(null)}
          >
            Start again
          </button>
        </p>
      </article>
    );
  }

  return (
    <article className="page page--narrow">
      <h1>Sign in</h1>
      {/* Always present so the message is announced when a session ends while on this page. */}
      <p className="notice" role="status">
        {tried ? '' : sessionEndMessage(session.ended)}
      </p>
      {/* The contract schema checks the fields, and says so in the same words as the API. */}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          id={form.fieldId('email')}
          label="Email address"
          name="email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={form.errors.fields.email}
        />
        <TextField
          id={form.fieldId('password')}
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={form.errors.fields.password}
        />
        <FormAlert message={form.errors.form} alertRef={form.alertRef} />
        <button className="button" type="submit" disabled={form.submitting}>
          {form.submitting ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <button
          className="button button--secondary"
          type="button"
          onClick={() => void withPasskey()}
        >
          Use a passkey
        </button>
      </p>
      {passkeyError ? <p role="alert">{passkeyError}</p> : null}
      <p>
        <Link to={paths.forgotPassword}>Forgotten your password?</Link>
      </p>
      <p>
        New to Hearth? <Link to={paths.signUp}>Create a practice</Link>
      </p>
      <p className="muted">
        Invited by your practice? Open the link in your invitation to set up your account.
      </p>
    </article>
  );
}
