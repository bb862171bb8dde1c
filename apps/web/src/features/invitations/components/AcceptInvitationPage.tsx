import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { acceptInvitationBodySchema, identityRoutes } from '@hearth/contracts';
import { paths } from '../../../app/paths';
import { useApiClient } from '../../../api/useApiClient';
import { FormAlert } from '../../forms/components/FormAlert';
import { NewPasswordField } from '../../forms/components/NewPasswordField';
import { TextField } from '../../forms/components/TextField';
import { TimeZoneField } from '../../forms/components/TimeZoneField';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';
import { browserTimeZone } from '../../forms/time-zones';
import { describeRoles, formatDateTime } from '../../people/people-format';
import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import { useInvitationPreview } from '../hooks/useInvitationPreview';
import { invalidInvitationMessage, type InvitationPreview } from '../invitation-preview';

const fields = ['displayName', 'password', 'timeZone'] as const;
// The link can expire or be used between loading the page and pressing the button.
const acceptErrors = { messages: { 404: invalidInvitationMessage } };

export function AcceptInvitationPage() {
  const { token = '' } = useParams();
  // A new token is a new invitation: start its page afresh rather than reuse the last one's state.
  return <InvitationForToken key={token} token={token} />;
}

function InvitationForToken({ token }: { token: string }) {
  useDocumentTitle('Accept your invitation');
  const { state, retry } = useInvitationPreview(token);
  switch (state.kind) {
    case 'loading':
      return (
        <article className="page page--narrow">
          <h1>Your invitation</h1>
          <p role="status">Loading your invitation…</p>
        </article>
      );
    case 'invalid':
      return (
        <article className="page page--narrow">
          <h1>This invitation link does not work</h1>
          <p>
            The link is not valid or has expired. It may also have been used already: each link
            works only once. Please ask your practice to send you a new one.
          </p>
          <p>
            Already set up your account? <Link to={paths.signIn}>Sign in</Link>
          </p>
        </article>
      );
    case 'failed':
      return (
        <article className="page page--narrow">
          <h1>Your invitation</h1>
          <p role="alert">{state.message}</p>
          <button className="button" type="button" onClick={retry}>
            Try again
          </button>
        </article>
      );
    case 'ready':
      return <AcceptInvitationForm token={token} preview={state.preview} />;
  }
}

function AcceptInvitationForm({ token, preview }: { token: string; preview: InvitationPreview }) {
  const client = useApiClient();
  const session = useSession();
  const navigate = useNavigate();
  const form = useFormSubmit('accept-invitation', fields, acceptErrors);
  const [values, setValues] = useState(() => ({
    displayName: preview.displayName,
    password: '',
    timeZone: browserTimeZone(),
  }));
  const zone = values.timeZone;

  const set = (field: (typeof fields)[number]) => (value: string) =>
    setValues((current) => ({ ...current, [field]: value }));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void form.submit(acceptInvitationBodySchema, values, async (body) => {
      const tokens = await client.call(identityRoutes.acceptInvitation, {
        params: { token },
        body,
      });
      session.signIn(tokens);
      navigate(paths.home);
    });
  };

  return (
    <article className="page page--narrow">
      <h1>Join {preview.practiceName}</h1>
      <p>
        {preview.practiceName} has invited you to Hearth. Choose a password to set up your account.
      </p>
      <dl className="facts">
        <div>
          <dt>Email address</dt>
          <dd>{preview.email}</dd>
        </div>
        <div>
          <dt>{preview.roles.length === 1 ? 'Role' : 'Roles'}</dt>
          <dd>{describeRoles(preview.roles)}</dd>
        </div>
        <div>
          <dt>Link works until</dt>
          <dd>{formatDateTime(preview.expiresAt, zone)}</dd>
        </div>
      </dl>
      {session.status === 'signed-in' && session.person ? (
        <p className="notice">
          You are signed in as {session.person.displayName}. Accepting this invitation signs you in
          to the new account instead.
        </p>
      ) : null}
      <form className="form" onSubmit={onSubmit} noValidate>
        <TextField
          id={form.fieldId('displayName')}
          label="Your name"
          name="displayName"
          autoComplete="name"
          hint={
            preview.roles.includes('client')
              ? 'How you will appear to your therapist and others in your sessions.'
              : 'How you will appear to clients and colleagues.'
          }
          value={values.displayName}
          onChange={(event) => set('displayName')(event.target.value)}
          error={form.errors.fields.displayName}
        />
        {/* Lets password managers save the new password against the right account. */}
        <input type="hidden" name="email" autoComplete="username" defaultValue={preview.email} />
        <NewPasswordField
          id={form.fieldId('password')}
          value={values.password}
          onChange={set('password')}
          error={form.errors.fields.password}
          owner={{ email: preview.email, displayName: values.displayName || preview.displayName }}
        />
        <TimeZoneField
          id={form.fieldId('timeZone')}
          value={values.timeZone}
          onChange={set('timeZone')}
          error={form.errors.fields.timeZone}
        />
        <FormAlert message={form.errors.form} alertRef={form.alertRef} />
        <button className="button" type="submit" disabled={form.submitting}>
          {form.submitting ? 'Setting up your account…' : 'Accept and sign in'}
        </button>
      </form>
    </article>
  );
}
