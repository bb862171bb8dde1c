import { weekdayNames } from '../../scheduling/scheduling-labels';
import { FieldError } from './FieldMessage';
import { SelectField } from './SelectField';
import { TextField } from './TextField';
import './availability.css';

/** One weekly time as its inputs hold it; `key` keeps React's rows apart as they change. */
export interface WeeklyTimeRow {
  readonly key: number;
  readonly weekday: string;
  readonly from: string;
  readonly to: string;
}

/** What is wrong with one row, by field ('row' for the row as a whole). */
export type WeeklyTimeRowError = Partial<Record<'row' | 'weekday' | 'from' | 'to', string>>;

/**
 * The editable list of weekly times (a day and a from–to range each) with Remove per row and
 * "Add a time", shared by every form that asks when someone is free.
 */
export function WeeklyTimeRows<Row extends WeeklyTimeRow>({
  rows,
  idPrefix,
  errors = {},
  onChange,
  newRow,
}: {
  rows: readonly Row[];
  /** Prefix of the inputs' ids: `<prefix>-<index>-weekday` and so on. */
  idPrefix: string;
  /** Problems by row index. */
  errors?: Readonly<Record<number, WeeklyTimeRowError>>;
  /** The new list; `removed` tells that a row went (later rows moved up). */
  onChange: (rows: Row[], removed: boolean) => void;
  newRow: () => Row;
}) {
  const setRow = (key: number, part: Partial<WeeklyTimeRow>) =>
    onChange(
      rows.map((row) => (row.key === key ? { ...row, ...part } : row)),
      false,
    );
  return (
    <>
      <ol className="availability__rows">
        {rows.map((row, index) => {
          const rowId = `${idPrefix}-${index}`;
          const issue = errors[index] ?? {};
          const n = index + 1;
          return (
            <li key={row.key}>
              <fieldset
                className="availability__row"
                data-invalid={issue.row ? true : undefined}
                aria-describedby={issue.row ? `${rowId}-error` : undefined}
              >
                <legend className="visually-hidden">Time {n}</legend>
                {issue.row ? <FieldError id={rowId} message={issue.row} /> : null}
                <div className="field-row">
                  <SelectField
                    id={`${rowId}-weekday`}
                    label="Day"
                    value={row.weekday}
                    onChange={(event) => setRow(row.key, { weekday: event.target.value })}
                    error={issue.weekday}
                  >
                    {weekdayNames.map((day, d) => (
                      <option key={day} value={String(d + 1)}>
                        {day}
                      </option>
                    ))}
                  </SelectField>
                  <TextField
                    id={`${rowId}-from`}
                    label="From"
                    type="time"
                    value={row.from}
                    onChange={(event) => setRow(row.key, { from: event.target.value })}
                    error={issue.from}
                  />
                  <TextField
                    id={`${rowId}-to`}
                    label="To"
                    type="time"
                    value={row.to}
                    onChange={(event) => setRow(row.key, { to: event.target.value })}
                    error={issue.to}
                  />
                </div>
                <button
                  className="button button--secondary button--small"
                  type="button"
                  onClick={() =>
                    onChange(
                      rows.filter((r) => r.key !== row.key),
                      true,
                    )
                  }
                >
                  Remove <span className="visually-hidden">time {n}</span>
                </button>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <button
        className="button button--secondary button--small"
        type="button"
        onClick={() => onChange([...rows, newRow()], false)}
      >
        Add a time
      </button>
    </>
  );
}
