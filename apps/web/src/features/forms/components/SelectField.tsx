import type { ReactNode, SelectHTMLAttributes } from 'react';
import { describedBy, FieldError, FieldHint } from './FieldMessage';

type SelectProps = Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  'id' | 'aria-invalid' | 'aria-describedby'
>;

export interface SelectFieldProps extends SelectProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
}

/** A labelled select whose hint and error are tied to it, like TextField. */
export function SelectField({ id, label, hint, error, children, ...select }: SelectFieldProps) {
  return (
    <div className="field" data-invalid={error ? true : undefined}>
      <label htmlFor={id}>{label}</label>
      {hint ? <FieldHint id={id}>{hint}</FieldHint> : null}
      {error ? <FieldError id={id} message={error} /> : null}
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, Boolean(hint), Boolean(error))}
        {...select}
      >
        {children}
      </select>
    </div>
  );
}
