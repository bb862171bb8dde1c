import { useState, type FormEvent } from 'react';
import { clinicalRoutes, focusBodySchema, type FocusArea, type Focus } from '@hearth/contracts';
import { focusAreas } from '@hearth/domain';
import { useApiClient } from '../../../api/useApiClient';
import { useApiQuery } from '../../../api/useApiQuery';
import { FormAlert } from '../../forms/components/FormAlert';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';
import { focusAreaLabels } from '../../scheduling/scheduling-labels';

const fields = ['areas'] as const;

/** A client's one or two IPT problem areas with goals: set by the therapist, seen by the client. */
export function FocusSection({
  courseId,
  personId,
  asTherapist,
}: {
  courseId: string;
  personId: string;
  asTherapist: boolean;
}) {
  const query = useApiQuery(`clinical:focus:${courseId}:${personId}`, (c) =>
    c.call(clinicalRoutes.getFocus, { params: { courseId, personId } }),
  );
  const { state } = query;
  return (
    <section className="panel" aria-labelledby="focus-heading">
      <h2 id="focus-heading">Focus and goals</h2>
      {state.kind === 'loading' ? <p role="status">Loading…</p> : null}
      {state.kind === 'failed' ? (
        <p role="alert">We could not load the focus. {state.message}</p>
      ) : null}
      {state.kind === 'ready' ? (
        <>
          {state.data.areas.length === 0 ? (
            <p>
              {asTherapist
                ? 'Not agreed yet: you and the client choose it in the first sessions.'
                : 'Not agreed yet: you and your therapist choose it in the first sessions.'}
            </p>
          ) : (
            <ul>
              {state.data.areas.map((a) => (
                <li key={a.area}>
                  <strong>{focusAreaLabels[a.area]}</strong>
                  <ul>
                    {a.goals.map((g, i) => (
                      <li key={i}>{g}</li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          )}
          {asTherapist ? (
            <FocusForm
              key={state.data.updatedAt ?? 'new'}
              focus={state.data}
              onSaved={query.reload}
            />
          ) : null}
        </>
      ) : null}
    </section>
  );
}

interface Draft {
  area: FocusArea | '';
  goals: string;
}

function FocusForm({ focus, onSaved }: { focus: Focus; onSaved: () => void }) {
  const client = useApiClient();
  const form = useFormSubmit('focus', fields);
  const [drafts, setDrafts] = useState<Draft[]>(() => {
    const given = focus.areas.map((a) => ({ area: a.area, goals: a.goals.join('\n') }));
    return [
      ...given,
      ...Array.from({ length: 2 - given.length }, () => ({ area: '' as const, goals: '' })),
    ];
  });
  const set = (i: number, change: Partial<Draft>) =>
    setDrafts(drafts.map((d, j) => (j === i ? { ...d, ...change } : d)));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const areas = drafts
      .filter((d) => d.area !== '')
      .map((d) => ({
        area: d.area as FocusArea,
        goals: d.goals
          .split('\n')
          .map((g) => g.trim())
          .filter(Boolean),
      }));
    void form.submit(focusBodySchema, { areas }, async (body) => {
      await client.call(clinicalRoutes.putFocus, {
        params: { courseId: focus.courseId, personId: focus.personId },
        body,
      });
      onSaved();
    });
  };

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Set the focus">
      <FormAlert message={form.errors.fields.areas ?? form.errors.form} alertRef={form.alertRef} />
      {drafts.map((d, i) => (
        <div className="field-row" key={i}>
          <div className="field">
            <label htmlFor={`focus-${i}-area`}>
              {i === 0 ? 'Problem area' : 'Second problem area (optional)'}
            </label>
            <select
              id={`focus-${i}-area`}
              value={d.area}
              onChange={(e) => set(i, { area: e.target.value as FocusArea | '' })}
            >
              <option value="">{i === 0 ? 'Choose…' : 'None'}</option>
              {focusAreas.map((a) => (
                <option key={a} value={a}>
                  {focusAreaLabels[a]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`focus-${i}-goals`}>Goals, one per line</label>
            <textarea
              id={`focus-${i}-goals`}
              rows={3}
              value={d.goals}
              onChange={(e) => set(i, { goals: e.target.value })}
            />
          </div>
        </div>
      ))}
      <button className="button" type="submit" disabled={form.submitting}>
        Save focus and goals
      </button>
    </form>
  );
}
