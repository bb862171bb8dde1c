import { useState, type FormEvent } from 'react';
import { clinicalRoutes, consentPublishBodySchema } from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { useApiQuery } from '../../../api/useApiQuery';
import { FormAlert } from '../../forms/components/FormAlert';
import { FieldError } from '../../forms/components/FieldMessage';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';
import { formatLocalDate } from '../../scheduling/schedule-time';
import '../clinical.css';

const fields = ['text'] as const;

/** Coordinators: the practice's consent text, its versions, and publishing a new one. */
export function ConsentAdminSection() {
  const client = useApiClient();
  const query = useApiQuery('clinical:consent-versions', (c) =>
    c.call(clinicalRoutes.listConsentVersions),
  );
  const form = useFormSubmit('consent', fields);
  const [text, setText] = useState('');
  const [published, setPublished] = useState<number | null>(null);
  const { state } = query;
  const current = state.kind === 'ready' ? state.data.versions[0] : undefined;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void form.submit(consentPublishBodySchema, { text }, async (body) => {
      const version = await client.call(clinicalRoutes.publishConsent, { body });
      setPublished(version.version);
      setText('');
      query.reload();
    });
  };

  return (
    <section className="panel" aria-labelledby="consent-admin-heading">
      <h2 id="consent-admin-heading">Consent</h2>
      {state.kind === 'loading' ? <p role="status">Loading the consent text…</p> : null}
      {state.kind === 'failed' ? <p>We could not load the consent text. {state.message}</p> : null}
      {current ? (
        <>
          <p>
            Clients accept version {current.version}
            {current.publishedBy
              ? `, published by ${current.publishedBy.displayName}`
              : ' (the default text)'}{' '}
            on {formatLocalDate(current.publishedAt.slice(0, 10))}. {current.acceptances}{' '}
            {current.acceptances === 1 ? 'person has' : 'people have'} accepted it.
          </p>
          <details>
            <summary>Read version {current.version}</summary>
            <div className="consent-text" tabIndex={0} aria-label="Current consent text">
              {current.text}
            </div>
          </details>
        </>
      ) : null}
      {published ? (
        <p role="status">
          Version {published} is published. Every client will be asked to accept it.
        </p>
      ) : null}
      <form className="form" onSubmit={onSubmit} noValidate aria-label="Publish a new consent text">
        <FormAlert message={form.errors.form} alertRef={form.alertRef} />
        <div className="field" data-invalid={form.errors.fields.text ? true : undefined}>
          <label htmlFor={form.fieldId('text')}>New consent text</label>
          {form.errors.fields.text ? (
            <FieldError id={form.fieldId('text')} message={form.errors.fields.text} />
          ) : null}
          <textarea
            id={form.fieldId('text')}
            rows={8}
            value={text}
            aria-invalid={form.errors.fields.text ? true : undefined}
            aria-describedby={form.errors.fields.text ? `${form.fieldId('text')}-error` : undefined}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
        <button className="button" type="submit" disabled={form.submitting}>
          Publish as a new version
        </button>
      </form>
    </section>
  );
}
