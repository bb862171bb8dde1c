import type { ReactNode } from 'react';

/** Ids of the texts that describe a control: its hint first, then its error. */
export function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

export function FieldHint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={`${id}-hint`} className="field__hint">
      {children}
    </p>
  );
}

export function FieldError({ id, message }: { id: string; message: string }) {
  return (
    <p id={`${id}-error`} className="field__error">
      {/* Colour alone must not carry the meaning, for people who cannot see it. */}
      <span className="visually-hidden">Error: </span>
      {message}
    </p>
  );
}
