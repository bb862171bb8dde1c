import { useState, type FormEvent } from 'react';
import { Link, Navigate } from 'react-router';
import { identityRoutes, signUpBodySchema } from '@hearth/contracts';
import { paths } from '../../../app/paths';
import { useApiClient } from '../../../api/useApiClient';
import { FormAlert } from '../../forms/components/FormAlert';
import { NewPasswordField } from '../../forms/components/NewPasswordField';
import { TextField } from '../../forms/components/TextField';
import { TimeZoneField } from '../../forms/components/TimeZoneField';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';
import { browserTimeZone } from '../../forms/time-zones';
import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';

const fields = ['practiceName', 'displayName', 'email', 'password', 'timeZone'] as const;

export function SignUpPage() {
  useDocumentTitle('Create a practice');
  const client = useApiClient();
  const session = useSession();
  const form = useFormSubmit('sign-up', fields);
  // The address the link went to, once the form is sent.
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [values, setValues] = useState(() => ({
    practiceName: '',
    displayName: '',
    email: '',
    password: '',
    timeZone: browserTimeZone(),
  }));

  if (session.status === 'signed-in') return <Navigate to={paths.home} replace />;

  const set = (field: (typeof fields)[number]) => (value: string) =>
    setValues((current) => ({ ...current, [field]: value }));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void form.submit(signUpBodySchema, values, async (body) => {
      await client.call(identityRoutes.signUp, { body });
      setSentTo(body.email);
    });
  };

  // The same whether or not the address already has an account: only its owner is told which.
  if (sentTo) {
    return (
      <article className="page page--narrow">
        <h1>Check your email</h1>
        <div role="status">
          <p>
            We sent an email to <strong>{sentTo}</strong>. Open the link in it within 24 hours to
            create your practice; nothing is created until then.
          </p>
        </div>
        <p>
          If this address already has a Hearth account, the email says so and how to sign in
          instead. Nothing arrived? Look in your spam folder, or sign up again.
        </p>
        <button className="button button--secondary" type="button" onClick={() => setSentTo(null)}>
          Sign up again
        </button>
        <p>
          Already have an account? <Link to={paths.signIn}>Sign in</Link>
        </p>
      </article>
    );
  }

  return (
    <article className="page page--narrow">
      <h1>Create a practice</h1>
      <p>
        Set up Hearth for your practice. You will be its first coordinator, and can invite
        therapists and clients once you are in.
      </p>
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          id={form.fieldId('practiceName')}
          label="Practice name"
          name="practiceName"
          autoComplete="organization"
          value={values.practiceName}
          onChange={(event) => set('practiceName')(event.target.value)}
          error={form.errors.fields.practiceName}
        />
        <TextField
          id={form.fieldId('displayName')}
          label="Your name"
          name="displayName"
          autoComplete="name"
          value={values.displayName}
          onChange={(event) => set('displayName')(event.target.value)}
          error={form.errors.fields.displayName}
        />
        <TextField
          id={form.fieldId('email')}
          label="Email address"
          name="email"
          type="email"
          autoComplete="email"
          value={values.email}
          onChange={(event) => set('email')(event.target.value)}
          error={form.errors.fields.email}
        />
        <NewPasswordField
          id={form.fieldId('password')}
          value={values.password}
          onChange={set('password')}
          error={form.errors.fields.password}
          owner={{
            email: values.email,
            displayName: values.displayName,
            practiceName: values.practiceName,
          }}
        />
        <TimeZoneField
          id={form.fieldId('timeZone')}
          value={values.timeZone}
          onChange={set('timeZone')}
          error={form.errors.fields.timeZone}
        />
        <FormAlert message={form.errors.form} alertRef={form.alertRef} />
        <button className="button" type="submit" disabled={form.submitting}>
          {form.submitting ? 'Sending…' : 'Create practice'}
        </button>
      </form>
      <p>
        Already have an account? <Link to={paths.signIn}>Sign in</Link>
      </p>
    </article>
  );
}
