import type { ReactNode } from 'react';

/**
 * A button that stays pressed while its thing is on (aria-pressed). The label never changes, so
 * voice control and screen readers always find it by the same name; `state` shows on/off to the
 * eye only, since aria-pressed already says it. Where the bar is short of room, only `short`
 * (the start of the label) shows and the rest is read but not seen, so the name stays the same.
 */
export function ToggleControl({
  label,
  short,
  pressed,
  onToggle,
  state,
  disabled = false,
  describedBy,
  children,
}: {
  label: string;
  /** The start of `label`, shown alone on narrow bars: "Connection" of "Connection details". */
  short?: string;
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
      <ControlLabel label={label} short={short} />
      {state ? (
        <span className="control__state" aria-hidden="true">
          {state}
        </span>
      ) : null}
      {children}
    </button>
  );
}

/**
 * A control's label, of which only `short` (its start) shows on narrow bars. The short form is
 * hidden from assistive technology and the whole label is always read, so the name never changes.
 */
export function ControlLabel({ label, short }: { label: string; short?: string | undefined }) {
  if (!short || !label.startsWith(short)) return <>{label}</>;
  return (
    <>
      <span className="control__short" aria-hidden="true">
        {short}
      </span>
      <span className="control__full">{label}</span>
    </>
  );
}
