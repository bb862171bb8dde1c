import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { z } from 'zod';
import {
  checkBody,
  firstInvalidField,
  fromIssues,
  noErrors,
  toFormErrors,
  type FormErrors,
  type ToFormErrorsOptions,
} from '../form-errors';

export interface FormSubmit<F extends string> {
  readonly errors: FormErrors<F>;
  readonly submitting: boolean;
  /** The form-level alert; it takes focus when a submit fails for no particular field. */
  readonly alertRef: RefObject<HTMLDivElement | null>;
  /** The id of a field's control, which is where focus goes when that field is wrong. */
  fieldId(field: F): string;
  /**
   * Checks the values with the contract schema, then sends them; every failure lands as errors.
   * The first page passes a loader (`laterSchema`) so the schema comes with the contracts chunk.
   */
  submit<S extends z.ZodType>(
    schema: S | (() => Promise<S>),
    values: z.input<S>,
    send: (body: z.output<S>) => Promise<void>,
  ): Promise<void>;
}

/**
 * Form state shared by every form: one submit at a time, errors mapped from the API or the
 * contract schema, and focus taken to the first wrong field (or the alert) after a failed submit.
 * `fields` must be a constant array, in the order the fields appear on screen.
 */
export function useFormSubmit<F extends string>(
  formId: string,
  fields: readonly F[],
  options?: ToFormErrorsOptions,
): FormSubmit<F> {
  const [errors, setErrors] = useState<FormErrors<F>>(noErrors);
  const [submitting, setSubmitting] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);
  const busy = useRef(false);
  const focusPending = useRef(false);

  const fieldId = useCallback((field: F) => `${formId}-${field}`, [formId]);

  // Runs after the errors are on screen, so the field's message is there when focus arrives and
  // a screen reader reads it together with the label.
  useEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    const first = firstInvalidField(errors, fields);
    if (first) document.getElementById(fieldId(first))?.focus();
    else if (errors.form) alertRef.current?.focus();
  }, [errors, fields, fieldId]);

  const submit = useCallback(
    async <S extends z.ZodType>(
      schema: S | (() => Promise<S>),
      values: z.input<S>,
      send: (body: z.output<S>) => Promise<void>,
    ) => {
      if (busy.current) return;
      const fail = (next: FormErrors<F>) => {
        focusPending.current = true;
        setErrors(next);
      };
      let checked;
      if (typeof schema === 'function') {
        busy.current = true;
        try {
          checked = checkBody(await schema(), values);
        } catch (error) {
          // The contracts chunk could not be fetched: the same message as a failed request.
          busy.current = false;
          fail(toFormErrors(error, fields, options));
          return;
        }
        busy.current = false;
      } else {
        checked = checkBody(schema, values);
      }
      if (!checked.ok) {
        fail(fromIssues(checked.issues, fields));
        return;
      }
      busy.current = true;
      setSubmitting(true);
      setErrors(noErrors<F>());
      try {
        await send(checked.body);
      } catch (error) {
        fail(toFormErrors(error, fields, options));
      } finally {
        busy.current = false;
        setSubmitting(false);
      }
    },
    [fields, options],
  );

  return { errors, submitting, alertRef, fieldId, submit };
}
