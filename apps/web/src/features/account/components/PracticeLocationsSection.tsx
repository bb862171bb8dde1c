import { useState, type FormEvent } from 'react';
import {
  practiceLocationsBodySchema,
  practiceRoutes,
  type PracticeLocation,
} from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { useApiQuery } from '../../../api/useApiQuery';
import { FieldError } from '../../forms/components/FieldMessage';
import { FormAlert } from '../../forms/components/FormAlert';
import { TextField } from '../../forms/components/TextField';
import { checkBody } from '../../forms/form-errors';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';
import {
  locationErrorsFromError,
  locationErrorsFromIssues,
  newLocationRow,
  toLocationsBody,
  type LocationErrors,
  type LocationRow,
} from '../practice-locations-form';

/** Coordinators: the places where the practice sees people in person. */
export function PracticeLocationsSection() {
  const locations = useApiQuery('practice-locations', (c) => c.call(practiceRoutes.locations));
  return (
    <section className="panel" aria-labelledby="locations-heading">
      <h2 id="locations-heading">Where your practice sees people</h2>
      <p>
        The request form offers sessions by video and in person at each location listed here. With
        none listed, it offers sessions by video only. Therapists say on their profile which
        locations they work at.
      </p>
      {locations.state.kind === 'loading' ? <p role="status">Loading the locations…</p> : null}
      {locations.state.kind === 'ready' ? (
        <LocationsForm locations={locations.state.data.locations} />
      ) : null}
      {locations.state.kind === 'failed' ? <p role="alert">{locations.state.message}</p> : null}
    </section>
  );
}

function LocationsForm({ locations }: { locations: readonly PracticeLocation[] }) {
  const client = useApiClient();
  const form = useFormSubmit('practice-locations', ['locations'] as const);
  const [rows, setRows] = useState<LocationRow[]>(() => locations.map((l) => newLocationRow(l)));
  const [rowErrors, setRowErrors] = useState<LocationErrors>({});
  const [saved, setSaved] = useState(false);

  const change = (next: LocationRow[]) => {
    setRows(next);
    setSaved(false);
  };
  const edit = (key: number, part: Partial<LocationRow>) =>
    change(rows.map((row) => (row.key === key ? { ...row, ...part } : row)));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const body = toLocationsBody(rows);
    const checked = checkBody(practiceLocationsBodySchema, body);
    setRowErrors(checked.ok ? {} : locationErrorsFromIssues(checked.issues));
    void form.submit(practiceLocationsBodySchema, body, async (sent) => {
      try {
        const next = await client.call(practiceRoutes.updateLocations, { body: sent });
        setRows(next.locations.map((l) => newLocationRow(l)));
        setRowErrors({});
        setSaved(true);
      } catch (error) {
        setRowErrors(locationErrorsFromError(error));
        throw error;
      }
    });
  };

  const listId = form.fieldId('locations');
  const listError = form.errors.fields.locations;
  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Practice locations">
      <div id={listId} tabIndex={-1} data-invalid={listError ? true : undefined}>
        {listError ? <FieldError id={listId} message={listError} /> : null}
        {rows.length === 0 ? <p>No locations: sessions are by video only.</p> : null}
        {rows.map((row, index) => {
          const label = `Location ${index + 1}`;
          const errors = rowErrors[index] ?? {};
          return (
            <fieldset className="builder__section" key={row.key}>
              <legend>{label}</legend>
              {errors.row ? <p className="field__error">{errors.row}</p> : null}
              <TextField
                id={`location-${row.key}-name`}
                label="Name"
                hint="What people choose on the request form, e.g. “Leeds Wellbeing Centre”."
                value={row.name}
                maxLength={80}
                onChange={(event) => edit(row.key, { name: event.target.value })}
                error={errors.name}
              />
              <TextField
                id={`location-${row.key}-address`}
                label="Address (optional)"
                hint="One line, shown beside the name."
                value={row.addressLine}
                maxLength={200}
                autoComplete="off"
                onChange={(event) => edit(row.key, { addressLine: event.target.value })}
                error={errors.addressLine}
              />
              <button
                type="button"
                className="button button--secondary"
                onClick={() => {
                  change(rows.filter((r) => r.key !== row.key));
                  setRowErrors({});
                }}
              >
                Remove {label.toLowerCase()}
              </button>
            </fieldset>
          );
        })}
      </div>
      <p>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => change([...rows, newLocationRow()])}
        >
          Add a location
        </button>
      </p>
      <FormAlert message={form.errors.form} alertRef={form.alertRef} />
      <button className="button" type="submit" disabled={form.submitting}>
        {form.submitting ? 'Saving…' : 'Save locations'}
      </button>
      <p role="status">
        {saved
          ? 'Saved. The request form offers these locations from now on; therapists are no longer matched at removed ones.'
          : ''}
      </p>
    </form>
  );
}
