import type { InputHTMLAttributes, ReactNode } from 'react';
import { describedBy, FieldError, FieldHint } from './FieldMessage';

type InputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'id' | 'aria-invalid' | 'aria-describedby' | 'children'
>;

export interface TextFieldProps extends InputProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
  /** Id of one more text that describes the input (read after the hint and the error). */
  readonly alsoDescribedBy?: string;
}

/** A labelled input whose hint and error are tied to it, so screen readers read them together. */
export function TextField({ id, label, hint, error, alsoDescribedBy, ...input }: TextFieldProps) {
  return (
    <div className="field" data-invalid={error ? true : undefined}>
      <label htmlFor={id}>{label}</label>
      {hint ? <FieldHint id={id}>{hint}</FieldHint> : null}
      {error ? <FieldError id={id} message={error} /> : null}
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={
          [describedBy(id, Boolean(hint), Boolean(error)), alsoDescribedBy]
            .filter(Boolean)
            .join(' ') || undefined
        }
        {...input}
      />
    </div>
  );
}
