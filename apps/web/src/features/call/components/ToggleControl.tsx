import type { ReactNode } from 'react';
import { ToggleButton } from '../../ui/ToggleButton';
import { CallIcon, type CallIconName } from './CallIcon';

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
  icon,
  children,
}: {
  label: string;
  /** A word of `label`, shown alone on narrow bars: "Share" of "Share screen". */
  short?: string;
  pressed: boolean;
  onToggle: () => void;
  state?: string;
  disabled?: boolean;
  describedBy?: string;
  /** The picture above the label, in the call's bar; it may change with the state (mic off). */
  icon?: CallIconName;
  children?: ReactNode;
}) {
  return (
    <ToggleButton
      look="bare"
      className="control"
      isSelected={pressed}
      isDisabled={disabled}
      aria-describedby={describedBy}
      // Microphone and camera: off is the state to notice, not on.
      data-media={icon?.startsWith('microphone') || icon?.startsWith('camera') ? true : undefined}
      onChange={() => onToggle()}
    >
      {icon ? <CallIcon name={icon} /> : null}
      <ControlLabel label={label} short={short} />
      {state ? (
        <span className="control__state" aria-hidden="true">
          {state}
        </span>
      ) : null}
      {children}
    </ToggleButton>
  );
}

/**
 * A control's label, of which only `short` (a word of it) shows on narrow bars. The short form is
 * hidden from assistive technology and the whole label is always read, so the name never changes.
 */
export function ControlLabel({ label, short }: { label: string; short?: string | undefined }) {
  // What is shown must be part of the name, so that voice control finds it by what is seen.
  if (!short || !label.toLowerCase().includes(short.toLowerCase())) return <>{label}</>;
  return (
    <>
      <span className="control__short" aria-hidden="true">
        {short}
      </span>
      <span className="control__full">{label}</span>
    </>
  );
}
