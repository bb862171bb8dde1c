import { useState, type FormEvent } from 'react';
import {
  identityRoutes,
  invitationCreateBodySchema,
  roles as allRoles,
  type Person,
  type Role,
} from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { FormAlert } from '../../forms/components/FormAlert';
import { TextField } from '../../forms/components/TextField';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';
import { ChoiceGroup } from '../../ui/ChoiceGroup';
import { useInvitations } from '../hooks/useInvitations';
import { roleLabel } from '../people-format';
import { InvitationLink, type CreatedInvitation } from './InvitationLink';
import { PendingInvitationsSection } from './PendingInvitationsSection';

const fields = ['email', 'displayName', 'roles', 'sendEmail'] as const;
const formId = 'invite';
// Most invitations are for clients; a coordinator ticks another box for a colleague.
const emptyInvite = { email: '', displayName: '', roles: ['client'] as Role[], sendEmail: true };

const roleHints: Record<Role, string> = {
  coordinator: 'manages people and scheduling',
  therapist: 'runs sessions',
  client: 'takes part in sessions',
};

/** The invite form, and below it the invitations sent that still wait for an answer. */
export function InviteSection({ me }: { me: Person }) {
  const client = useApiClient();
  const invitations = useInvitations();
  const form = useFormSubmit(formId, fields);
  const [values, setValues] = useState(emptyInvite);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void form.submit(invitationCreateBodySchema, values, async (body) => {
      const result = await client.call(identityRoutes.invite, { body });
      setCreated(result);
      setValues(emptyInvite);
      invitations.reload();
    });
  };

  const rolesError = form.errors.fields.roles;
  const rolesId = form.fieldId('roles');

  return (
    <>
      <section className="panel" aria-labelledby="invite-heading">
        <h2 id="invite-heading">Invite someone</h2>
        <p>
          Hearth makes a link that works once and expires. It can email the link to the person, and
          shows it to you as well, to copy and send another way.
        </p>
        <form className="form" onSubmit={onSubmit} noValidate>
          <TextField
            id={form.fieldId('email')}
            label="Their email address"
            name="email"
            type="email"
            autoComplete="off"
            value={values.email}
            onChange={(event) => setValues({ ...values, email: event.target.value })}
            error={form.errors.fields.email}
          />
          <TextField
            id={form.fieldId('displayName')}
            label="Their name"
            name="displayName"
            autoComplete="off"
            hint="They can change it when they accept."
            value={values.displayName}
            onChange={(event) => setValues({ ...values, displayName: event.target.value })}
            error={form.errors.fields.displayName}
          />
          <ChoiceGroup
            type="checkbox"
            id={rolesId}
            name="roles"
            legend="Roles"
            error={rolesError}
            options={allRoles.map((role) => ({
              value: role,
              label: roleLabel(role),
              description: roleHints[role],
            }))}
            value={values.roles}
            // ChoiceGroup keeps the contract's order, so invitations list roles the same way.
            onChange={(roles) => setValues((current) => ({ ...current, roles }))}
          />
          <div className="choice">
            <input
              id={form.fieldId('sendEmail')}
              type="checkbox"
              name="sendEmail"
              checked={values.sendEmail}
              onChange={(event) => setValues({ ...values, sendEmail: event.target.checked })}
            />
            <label htmlFor={form.fieldId('sendEmail')}>Email the link to them</label>
          </div>
          <FormAlert message={form.errors.form} alertRef={form.alertRef} />
          <button className="button" type="submit" disabled={form.submitting}>
            {form.submitting ? 'Creating the link…' : 'Create invitation link'}
          </button>
        </form>
        {created ? (
          <InvitationLink key={created.invitation.id} created={created} timeZone={me.timeZone} />
        ) : null}
      </section>
      <PendingInvitationsSection me={me} state={invitations.state} onChanged={invitations.reload} />
    </>
  );
}
