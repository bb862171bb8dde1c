import type { ReactNode } from 'react';
import {
  Checkbox,
  CheckboxGroup,
  FieldError,
  Label,
  Radio,
  RadioGroup,
  Text,
} from 'react-aria-components';
import './choice-group.css';

/** One choice of a group: its value, what it says, and optionally a line that explains it. */
export interface ChoiceOption<V extends string> {
  readonly value: V;
  readonly label: ReactNode;
  readonly description?: ReactNode;
  /** Shown under the choice, e.g. a field that only matters once it is chosen. */
  readonly extra?: ReactNode;
}

interface CommonProps<V extends string> {
  /** The id of the first choice: where focus goes when the group is wrong after a submit. */
  readonly id: string;
  readonly legend: ReactNode;
  readonly description?: ReactNode;
  readonly error?: string | undefined;
  readonly options: readonly ChoiceOption<V>[];
  readonly name?: string;
  /** Shown after the choices, inside the group (a note, or one more control). */
  readonly children?: ReactNode;
}

export interface RadioChoiceProps<V extends string> extends CommonProps<V> {
  readonly type: 'radio';
  readonly value: NoInfer<V> | '';
  readonly onChange: (value: NoInfer<V>) => void;
}

export interface CheckboxChoiceProps<V extends string> extends CommonProps<V> {
  readonly type: 'checkbox';
  readonly value: readonly NoInfer<V>[];
  /** The chosen values, always in the order of `options`. */
  readonly onChange: (value: NoInfer<V>[]) => void;
}

export type ChoiceGroupProps<V extends string> = RadioChoiceProps<V> | CheckboxChoiceProps<V>;

/**
 * A set of radio buttons or checkboxes under one label, with a description and an error that
 * screen readers read with the group. Arrow keys move between radio buttons; Tab and Space work
 * the checkboxes.
 */
export function ChoiceGroup<V extends string>(props: ChoiceGroupProps<V>) {
  const { id, legend, description, error, options, name, children } = props;
  const invalid = Boolean(error);
  const parts = (
    <>
      <Label className="choice-group__legend">{legend}</Label>
      {description ? (
        <Text slot="description" className="field__hint">
          {description}
        </Text>
      ) : null}
      <FieldError className="field__error">
        {/* Colour alone must not carry the meaning, for people who cannot see it. */}
        <span className="visually-hidden">Error: </span>
        {error}
      </FieldError>
    </>
  );
  const radio = props.type === 'radio';
  const items = (
    <>
      {parts}
      {options.map((option, index) => {
        const Control = radio ? Radio : Checkbox;
        return (
          <div className="choice-group__item" key={option.value}>
            <Control
              className="choice-group__choice"
              value={option.value}
              id={index === 0 ? id : `${id}-${option.value}`}
            >
              <span
                className={`choice-group__mark choice-group__mark--${props.type}`}
                aria-hidden="true"
              >
                {radio ? null : (
                  <svg viewBox="0 0 18 18" focusable="false">
                    <polyline points="3.5 9.5 7.5 13 14.5 5" />
                  </svg>
                )}
              </span>
              <span className="choice-group__text">
                <span className="choice-group__label">{option.label}</span>
                {option.description ? (
                  <span className="choice-group__description">
                    {/* Read as one sentence with the label: "Couple — two partners". */}
                    <span className="visually-hidden"> — </span>
                    {option.description}
                  </span>
                ) : null}
              </span>
            </Control>
            {option.extra}
          </div>
        );
      })}
      {children}
    </>
  );
  const group = { className: 'choice-group', isInvalid: invalid, ...(name ? { name } : {}) };

  if (props.type === 'radio') {
    return (
      <RadioGroup
        {...group}
        validationBehavior="aria"
        value={props.value === '' ? null : props.value}
        onChange={(value) => {
          const chosen = options.find((o) => o.value === value);
          if (chosen) props.onChange(chosen.value);
        }}
      >
        {items}
      </RadioGroup>
    );
  }
  const onChange = props.onChange;
  return (
    <CheckboxGroup
      {...group}
      validationBehavior="aria"
      value={[...props.value]}
      onChange={(values) =>
        onChange(options.filter((o) => values.includes(o.value)).map((o) => o.value))
      }
    >
      {items}
    </CheckboxGroup>
  );
}
