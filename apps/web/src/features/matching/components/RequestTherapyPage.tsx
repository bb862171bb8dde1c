import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import {
  ApiError,
  concernMaxLength,
  matchingRoutes,
  therapyRequestBodySchema,
  type RequestLocation,
  type TherapyRequestReceipt,
} from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { useApiQuery } from '../../../api/useApiQuery';
import { describedBy, FieldError } from '../../forms/components/FieldMessage';
import { FocusAreaChoices, FormatChoices } from '../../forms/components/CourseChoices';
import { FormAlert } from '../../forms/components/FormAlert';
import { TextField } from '../../forms/components/TextField';
import { WeeklyTimeRows } from '../../forms/components/WeeklyTimeRows';
import { TimeZoneField } from '../../forms/components/TimeZoneField';
import { ChoiceGroup } from '../../ui/ChoiceGroup';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';
import { browserTimeZone } from '../../forms/time-zones';
import { useDocumentTitle } from '../../shell/hooks/useDocumentTitle';
import {
  emptyRequest,
  languageChoices,
  newTimeRow,
  requestFields,
  toRequestBody,
  type RequestFormValues,
} from '../request-form';
import { PlaceChoices } from './PlaceChoices';

/** `/practices/:practiceId/request-therapy`: anyone may ask the practice for therapy here. */
export function RequestTherapyPage() {
  const { practiceId = '' } = useParams();
  useDocumentTitle('Ask for therapy');
  const { state, reload } = useApiQuery(`request-form:${practiceId}`, (client) =>
    client.call(matchingRoutes.requestForm, { params: { practiceId } }),
  );
  return (
    <article className="page page--wide">
      {state.kind === 'loading' ? <p role="status">Loading the form…</p> : null}
      {state.kind === 'failed' ? (
        <>
          <h1>Ask for therapy</h1>
          <p role="alert">
            {state.status === 404 || state.status === 400
              ? 'We can’t find this practice. Please check the link you were given.'
              : state.message}
          </p>
        </>
      ) : null}
      {state.kind === 'ready' ? (
        <RequestForm
          practiceId={practiceId}
          practiceName={state.data.practiceName}
          locations={state.data.locations}
          formToken={state.data.formToken}
          onStale={reload}
        />
      ) : null}
    </article>
  );
}

function RequestForm({
  practiceId,
  practiceName,
  locations,
  formToken,
  onStale,
}: {
  practiceId: string;
  practiceName: string;
  locations: readonly RequestLocation[];
  formToken: string;
  onStale: () => void;
}) {
  const client = useApiClient();
  const form = useFormSubmit('request', requestFields);
  const [values, setValues] = useState<RequestFormValues>(() => emptyRequest(browserTimeZone()));
  const [receipt, setReceipt] = useState<TherapyRequestReceipt | null>(null);
  const set = <K extends keyof RequestFormValues>(key: K, value: RequestFormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  if (receipt) {
    return (
      <>
        <h1>Thank you — we have your request</h1>
        <p className="lead">
          {practiceName} will look for a therapist or a group that suits you and contact you by
          email.
        </p>
        <p>
          Your reference: <strong className="reference">{receipt.reference}</strong>. Please quote
          it if you get in touch.
        </p>
      </>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void form.submit(therapyRequestBodySchema, toRequestBody(values, formToken), async (body) => {
      try {
        setReceipt(
          await client.call(matchingRoutes.submitRequest, { params: { practiceId }, body }),
        );
      } catch (error) {
        // An expired form gets a fresh token; the answers typed so far stay.
        const reason = error instanceof ApiError ? error.details?.['reason'] : undefined;
        if (reason === 'form_expired' || reason === 'form_used') onStale();
        throw error;
      }
    });
  };

  const group = (field: 'focusAreas' | 'format' | 'languages' | 'availability') => {
    const id = form.fieldId(field);
    const error = form.errors.fields[field];
    return { id, error, describedBy: describedBy(id, false, Boolean(error)) };
  };
  const focus = group('focusAreas');
  const format = group('format');
  const languages = group('languages');
  const times = group('availability');
  const concernId = form.fieldId('concern');
  const concernError = form.errors.fields.concern;
  const consentId = form.fieldId('consent');
  const consentError = form.errors.fields.consent;

  return (
    <>
      <h1>Ask {practiceName} for therapy</h1>
      <p className="lead">
        Tell us a little about what you are looking for. Only the practice’s coordinators read this;
        no account is needed.
      </p>
      <form
        className="form builder"
        onSubmit={onSubmit}
        noValidate
        aria-label="Request for therapy"
      >
        <fieldset className="builder__section">
          <legend>About you</legend>
          <TextField
            id={form.fieldId('name')}
            label="Your name"
            name="name"
            autoComplete="name"
            hint="What you would like to be called."
            value={values.name}
            onChange={(event) => set('name', event.target.value)}
            error={form.errors.fields.name}
          />
          <TextField
            id={form.fieldId('email')}
            label="Email address"
            name="email"
            type="email"
            autoComplete="email"
            value={values.email}
            onChange={(event) => set('email', event.target.value)}
            error={form.errors.fields.email}
          />
          <div className="field" data-invalid={concernError ? true : undefined}>
            <label htmlFor={concernId}>What brings you</label>
            <p id={`${concernId}-hint`} className="field__hint">
              In your own words; a few sentences are enough (at most {concernMaxLength} characters).
            </p>
            {concernError ? <FieldError id={concernId} message={concernError} /> : null}
            <textarea
              id={concernId}
              name="concern"
              rows={5}
              maxLength={concernMaxLength}
              value={values.concern}
              aria-invalid={concernError ? true : undefined}
              aria-describedby={describedBy(concernId, true, Boolean(concernError))}
              onChange={(event) => set('concern', event.target.value)}
            />
          </div>
          <FocusAreaChoices
            {...focus}
            legend="Does any of these sound like it? (optional)"
            value={values.focusAreas}
            onChange={(chosen) => set('focusAreas', chosen)}
          />
        </fieldset>

        <fieldset className="builder__section">
          <legend>The therapy you are looking for</legend>
          <FormatChoices
            type="radio"
            {...format}
            legend="Who it is for"
            value={values.format}
            onChange={(f) => set('format', f)}
          />
          <PlaceChoices
            id={form.fieldId('setting')}
            locationFieldId={form.fieldId('locationId')}
            practiceName={practiceName}
            locations={locations}
            place={values.place}
            videoToo={values.videoToo}
            error={form.errors.fields.setting}
            locationError={form.errors.fields.locationId}
            onPlace={(place) => set('place', place)}
            onVideoToo={(videoToo) => set('videoToo', videoToo)}
          />
          <ChoiceGroup
            type="checkbox"
            id={languages.id}
            legend="Languages you can have therapy in"
            error={languages.error}
            options={languageChoices.map(({ tag, label }) => ({ value: tag, label }))}
            value={values.languages}
            onChange={(chosen) => set('languages', chosen)}
          />
        </fieldset>

        <fieldset
          className="builder__section availability"
          id={times.id}
          tabIndex={-1}
          data-invalid={times.error ? true : undefined}
          aria-describedby={times.describedBy}
        >
          <legend>When you are free each week</legend>
          <TimeZoneField
            id={form.fieldId('timeZone')}
            value={values.timeZone}
            onChange={(zone) => set('timeZone', zone)}
            error={form.errors.fields.timeZone}
            label="Your time zone"
            hint="The times below are in this time zone."
          />
          {times.error ? <FieldError id={times.id} message={times.error} /> : null}
          <WeeklyTimeRows
            rows={values.availability}
            idPrefix="request-time"
            newRow={() => newTimeRow()}
            onChange={(rows) => set('availability', rows)}
          />
        </fieldset>

        {/* People never see or reach this field; form-filling scripts usually fill it in. */}
        <div className="visually-hidden" aria-hidden="true">
          <label htmlFor="request-website">Website</label>
          <input
            id="request-website"
            name="website"
            tabIndex={-1}
            autoComplete="off"
            value={values.website}
            onChange={(event) => set('website', event.target.value)}
          />
        </div>

        <div className="field" data-invalid={consentError ? true : undefined}>
          {consentError ? <FieldError id={consentId} message={consentError} /> : null}
          <div className="choice">
            <input
              id={consentId}
              type="checkbox"
              checked={values.consent}
              aria-invalid={consentError ? true : undefined}
              aria-describedby={describedBy(consentId, false, Boolean(consentError))}
              onChange={(event) => set('consent', event.target.checked)}
            />
            <label htmlFor={consentId}>
              {practiceName} may contact me by email about this request. It keeps my answers only as
              long as it needs them.
            </label>
          </div>
        </div>
        <FormAlert
          message={form.errors.form ?? form.errors.fields.formToken}
          alertRef={form.alertRef}
        />
        <button className="button" type="submit" disabled={form.submitting}>
          {form.submitting ? 'Sending…' : 'Send my request'}
        </button>
      </form>
    </>
  );
}
