import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import {
  profileRoutes,
  therapistProfileBodySchema,
  type TherapistProfile,
} from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { useApiQuery } from '../../../api/useApiQuery';
import { paths } from '../../../app/paths';
import { describedBy, FieldError } from '../../forms/components/FieldMessage';
import { FocusAreaChoices, FormatChoices } from '../../forms/components/CourseChoices';
import { FormAlert } from '../../forms/components/FormAlert';
import { TextField } from '../../forms/components/TextField';
import { WeeklyTimeRows } from '../../forms/components/WeeklyTimeRows';
import { checkBody } from '../../forms/form-errors';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';
import { timeZoneLabel } from '../../forms/time-zones';
import { useSession } from '../../auth/hooks/useSession';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import {
  fromProfile,
  newRow,
  profileFields,
  rowErrorsFromError,
  rowErrorsFromIssues,
  toProfileBody,
  type ProfileFormValues,
  type RowErrors,
} from '../profile-form';
import { WhereSection } from './WhereSection';

const formId = 'profile';

/** `/profile` (a therapist's own) and `/therapists/:personId` (a coordinator's view of any). */
export function TherapistProfilePage() {
  const { personId: routeId } = useParams();
  const { person } = useSession();
  const personId = routeId ?? person?.id ?? '';
  const own = personId === person?.id;
  const query = useApiQuery(`therapist-profile:${personId}`, (client) =>
    client.call(profileRoutes.getProfile, { params: { personId } }),
  );
  const { state } = query;
  useDocumentTitle(
    own ? 'Your profile' : state.kind === 'ready' ? state.data.displayName : 'Profile',
  );
  if (!person) return null;

  return (
    <article className="page page--wide">
      <p>
        <Link to={paths.home}>Back to home</Link>
      </p>
      {state.kind === 'loading' ? <p role="status">Loading the profile…</p> : null}
      {state.kind === 'failed' ? (
        <>
          <h1>{state.status === 404 ? 'We can’t find that therapist' : 'Therapist profile'}</h1>
          <p role="alert">
            {state.status === 404
              ? 'They may have left the practice, or this is not a therapist’s page.'
              : state.status === 403
                ? 'Only coordinators, or the therapist themself, can see this profile.'
                : `We could not load the profile. ${state.message}`}
          </p>
        </>
      ) : null}
      {state.kind === 'ready' ? (
        <ProfileForm key={state.data.personId} profile={state.data} own={own} />
      ) : null}
    </article>
  );
}

function ProfileForm({ profile, own }: { profile: TherapistProfile; own: boolean }) {
  const client = useApiClient();
  const form = useFormSubmit(formId, profileFields);
  const [values, setValues] = useState<ProfileFormValues>(() => fromProfile(profile));
  const [rowErrors, setRowErrors] = useState<RowErrors>({});
  const [saved, setSaved] = useState(false);

  const change = (next: ProfileFormValues) => {
    setValues(next);
    setSaved(false);
  };
  const set = <K extends keyof ProfileFormValues>(key: K, value: ProfileFormValues[K]) =>
    change({ ...values, [key]: value });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const body = toProfileBody(values);
    const checked = checkBody(therapistProfileBodySchema, body);
    setRowErrors(checked.ok ? {} : rowErrorsFromIssues(checked.issues));
    void form.submit(therapistProfileBodySchema, body, async (sent) => {
      try {
        const next = await client.call(profileRoutes.putProfile, {
          params: { personId: profile.personId },
          body: sent,
        });
        setValues(fromProfile(next));
        setSaved(true);
      } catch (error) {
        setRowErrors(rowErrorsFromError(error));
        throw error;
      }
    });
  };

  const group = (field: 'formats' | 'focusAreas' | 'availability', hint = false) => {
    const id = form.fieldId(field);
    const error = form.errors.fields[field];
    return { id, error, describedBy: describedBy(id, hint, Boolean(error)) };
  };
  const formats = group('formats');
  const focus = group('focusAreas');
  const availability = group('availability', true);
  const rowsWrong = Object.keys(rowErrors).length > 0;
  const zone = timeZoneLabel(profile.timeZone);

  return (
    <>
      <h1>{own ? 'Your therapist profile' : `Profile of ${profile.displayName}`}</h1>
      <p className="lead">
        {own
          ? 'What you offer and when you are free, so your coordinator can match clients to you.'
          : 'What this therapist offers and when they are free, for matching clients to them.'}
      </p>
      <form className="form builder" onSubmit={onSubmit} noValidate aria-label="Therapist profile">
        <fieldset className="builder__section">
          <legend>What you offer</legend>
          <TextField
            id={form.fieldId('modalities')}
            label="Approaches"
            name="modalities"
            autoComplete="off"
            hint="Separate them with commas, e.g. “IPT, IPT for adolescents (IPT-A)”."
            value={values.modalities}
            onChange={(event) => set('modalities', event.target.value)}
            error={form.errors.fields.modalities}
          />
          <FormatChoices
            type="checkbox"
            {...formats}
            legend="Formats"
            value={values.formats}
            onChange={(chosen) => set('formats', chosen)}
          />
          <FocusAreaChoices
            {...focus}
            legend="Focus areas"
            value={values.focusAreas}
            onChange={(chosen) => set('focusAreas', chosen)}
          />
          <TextField
            id={form.fieldId('languages')}
            label="Languages"
            name="languages"
            autoComplete="off"
            hint="Language tags separated by commas, e.g. “en, pl, pt-BR”."
            value={values.languages}
            onChange={(event) => set('languages', event.target.value)}
            error={form.errors.fields.languages}
          />
        </fieldset>

        <WhereSection
          remoteId={form.fieldId('remote')}
          locationsId={form.fieldId('inPersonLocationIds')}
          remote={values.remote}
          locationIds={values.inPersonLocationIds}
          remoteError={form.errors.fields.remote}
          locationsError={form.errors.fields.inPersonLocationIds}
          onRemote={(remote) => set('remote', remote)}
          onLocations={(ids) => set('inPersonLocationIds', ids)}
        />

        <fieldset
          className="builder__section availability"
          id={availability.id}
          tabIndex={-1}
          data-invalid={availability.error ? true : undefined}
          aria-describedby={availability.describedBy}
        >
          <legend>When you are free</legend>
          <p id={`${availability.id}-hint`} className="field__hint">
            Weekly times, in {own ? 'your' : 'the therapist’s'} time zone: <strong>{zone}</strong>.
          </p>
          {availability.error ? (
            <FieldError
              id={availability.id}
              message={rowsWrong ? 'Some times need changing; see below.' : availability.error}
            />
          ) : null}
          {values.availability.length === 0 ? <p>No times yet.</p> : null}
          <WeeklyTimeRows
            rows={values.availability}
            idPrefix={`${formId}-availability`}
            errors={rowErrors}
            newRow={() => newRow()}
            onChange={(rows, removed) => {
              set('availability', rows);
              // Rows below move up, so their messages would land on the wrong row.
              if (removed) setRowErrors({});
            }}
          />
        </fieldset>
        <FormAlert message={form.errors.form} alertRef={form.alertRef} />
        <p className="notice" role="status">
          {saved ? 'Profile saved.' : ''}
        </p>
        <button className="button" type="submit" disabled={form.submitting}>
          {form.submitting ? 'Saving…' : 'Save profile'}
        </button>
      </form>
    </>
  );
}
