import { useState, type FormEvent } from 'react';
import {
  clinicalRoutes,
  inventoryBodySchema,
  inventoryRelationValues,
  type Inventory,
  type InventoryRelation,
} from '@hearth/contracts';
import { useApiClient } from '../../../api/useApiClient';
import { useApiQuery } from '../../../api/useApiQuery';
import { FormAlert } from '../../forms/components/FormAlert';
import { useFormSubmit } from '../../forms/hooks/useFormSubmit';
import { inventoryRelationLabels, inventoryStatusLabels } from '../instruments';

interface Row {
  label: string;
  relation: InventoryRelation;
  closeness: number;
  support: number;
  conflicts: string;
  expectations: string;
}

const blank = (): Row => ({
  label: '',
  relation: 'friend',
  closeness: 3,
  support: 3,
  conflicts: '',
  expectations: '',
});

const fields = ['people'] as const;

const fieldLabels: Record<string, string> = {
  label: 'label',
  relation: 'relation',
  closeness: 'how close',
  support: 'how supportive',
  conflicts: 'conflicts',
  expectations: 'expectations',
};

/**
 * The interpersonal inventory: the client's important people, filled in by the client before
 * the first session (or with the therapist), and marked reviewed by the therapist.
 */
export function InventorySection({
  courseId,
  personId,
  asTherapist,
}: {
  courseId: string;
  personId: string;
  asTherapist: boolean;
}) {
  const query = useApiQuery(`clinical:inventory:${courseId}:${personId}`, (c) =>
    c.call(clinicalRoutes.getInventory, { params: { courseId, personId } }),
  );
  const { state } = query;
  return (
    <section className="panel" aria-labelledby="inventory-heading">
      <h2 id="inventory-heading">Important people</h2>
      {state.kind === 'loading' ? <p role="status">Loading…</p> : null}
      {state.kind === 'failed' ? (
        <p role="alert">We could not load the inventory. {state.message}</p>
      ) : null}
      {state.kind === 'ready' ? (
        <InventoryForm
          key={`${state.data.submittedAt ?? 'new'}:${state.data.reviewedAt ?? ''}`}
          inventory={state.data}
          asTherapist={asTherapist}
          onSaved={query.reload}
        />
      ) : null}
    </section>
  );
}

function InventoryForm({
  inventory,
  asTherapist,
  onSaved,
}: {
  inventory: Inventory;
  asTherapist: boolean;
  onSaved: () => void;
}) {
  const client = useApiClient();
  const form = useFormSubmit('inventory', fields);
  const [rows, setRows] = useState<Row[]>(() =>
    inventory.people.length > 0 ? inventory.people.map((p) => ({ ...p })) : [blank()],
  );
  const [reviewProblem, setReviewProblem] = useState<string | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const params = { courseId: inventory.courseId, personId: inventory.personId };

  const set = (i: number, change: Partial<Row>) =>
    setRows(rows.map((row, j) => (j === i ? { ...row, ...change } : row)));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Name the person and the field, so a long list says exactly what to fix.
    const checked = inventoryBodySchema.safeParse({ people: rows });
    setProblems(
      checked.success
        ? []
        : checked.error.issues.map((issue) => {
            const [, index, field] = issue.path.map(String);
            const where = index === undefined ? 'The list' : `Person ${Number(index) + 1}`;
            return `${where}${field ? `, ${fieldLabels[field] ?? field}` : ''}: ${issue.message}.`;
          }),
    );
    if (!checked.success) return;
    void form.submit(inventoryBodySchema, { people: rows }, async (body) => {
      await client.call(clinicalRoutes.putInventory, { params, body });
      onSaved();
    });
  };

  const review = async () => {
    setReviewProblem(null);
    try {
      await client.call(clinicalRoutes.reviewInventory, { params });
      onSaved();
    } catch {
      setReviewProblem('We could not mark the inventory as reviewed.');
    }
  };

  return (
    <>
      <p>
        Status: <strong>{inventoryStatusLabels[inventory.status]}</strong>
        {inventory.reviewedBy ? ` by ${inventory.reviewedBy.displayName}` : ''}
      </p>
      <p className="muted">
        {asTherapist
          ? 'The people who matter most in the client’s life, close or difficult. Use a first name, an initial or a role such as “Mum” — not a full name.'
          : 'The people who matter most in your life, close or difficult. Use a first name, an initial or a role such as “Mum” — not a full name.'}
      </p>
      {asTherapist && inventory.status === 'submitted' ? (
        <p>
          <button type="button" className="button button--secondary" onClick={() => void review()}>
            Mark as reviewed with the client
          </button>
        </p>
      ) : null}
      {reviewProblem ? <p role="alert">{reviewProblem}</p> : null}
      <form className="form" onSubmit={onSubmit} noValidate aria-label="Important people">
        <FormAlert
          message={
            problems.length > 0
              ? problems.join(' ')
              : (form.errors.fields.people ?? form.errors.form)
          }
          alertRef={form.alertRef}
        />
        {rows.map((row, i) => {
          const id = `inventory-${i}`;
          return (
            <fieldset className="inventory-person" key={i}>
              <legend>Person {i + 1}</legend>
              <div className="field">
                <label htmlFor={`${id}-label`}>Label</label>
                <input
                  id={`${id}-label`}
                  value={row.label}
                  maxLength={40}
                  onChange={(e) => set(i, { label: e.target.value })}
                />
              </div>
              <div className="field-row">
                <div className="field">
                  <label htmlFor={`${id}-relation`}>Relation</label>
                  <select
                    id={`${id}-relation`}
                    value={row.relation}
                    onChange={(e) => set(i, { relation: e.target.value as InventoryRelation })}
                  >
                    {inventoryRelationValues.map((r) => (
                      <option key={r} value={r}>
                        {inventoryRelationLabels[r]}
                      </option>
                    ))}
                  </select>
                </div>
                <Rating
                  id={`${id}-closeness`}
                  label="How close (1–5)"
                  value={row.closeness}
                  set={(n) => set(i, { closeness: n })}
                />
                <Rating
                  id={`${id}-support`}
                  label="How supportive (1–5)"
                  value={row.support}
                  set={(n) => set(i, { support: n })}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-conflicts`}>Conflicts or difficulties</label>
                <textarea
                  id={`${id}-conflicts`}
                  rows={2}
                  value={row.conflicts}
                  onChange={(e) => set(i, { conflicts: e.target.value })}
                />
              </div>
              <div className="field">
                <label htmlFor={`${id}-expectations`}>What you expect of each other</label>
                <textarea
                  id={`${id}-expectations`}
                  rows={2}
                  value={row.expectations}
                  onChange={(e) => set(i, { expectations: e.target.value })}
                />
              </div>
              {rows.length > 1 ? (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() => setRows(rows.filter((_, j) => j !== i))}
                >
                  Remove person {i + 1}
                </button>
              ) : null}
            </fieldset>
          );
        })}
        <div className="actions">
          {rows.length < 20 ? (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setRows([...rows, blank()])}
            >
              Add a person
            </button>
          ) : null}
          <button className="button" type="submit" disabled={form.submitting}>
            Save important people
          </button>
        </div>
      </form>
    </>
  );
}

function Rating({
  id,
  label,
  value,
  set,
}: {
  id: string;
  label: string;
  value: number;
  set: (n: number) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => set(Number(e.target.value))}>
        {[1, 2, 3, 4, 5].map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    </div>
  );
}
