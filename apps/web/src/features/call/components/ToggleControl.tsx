import type { ReactNode } from 'react';

/**
 * A button that stays pressed while its thing is on (aria-pressed). The label never changes, so
 * voice control and screen readers always find it by the same name; `state` shows on/off to the
 * eye only, since aria-pressed already says it.
 */
export function ToggleControl({
  label,
  pressed,
  onToggle,
  state,
  disabled = false,
  describedBy,
  children,
}: {
  label: string;
  pressed: boolean;
  onToggle: () => void;
  state?: string;
  disabled?: boolean;
  describedBy?: string;
  children?: ReactNode;
}) {
  return (
    <button
      type="button"
      className="control"
      aria-pressed={pressed}
      disabled={disabled}
      aria-describedby={describedBy}
      onClick={onToggle}
    >
      {label}
      {state ? (
        <span className="control__state" aria-hidden="true">
          {state}
        </span>
      ) : null}
      {children}
    </button>
  );
}
