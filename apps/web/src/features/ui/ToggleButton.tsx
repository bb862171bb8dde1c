import type { ReactNode } from 'react';
import {
  ToggleButton as AriaToggleButton,
  type ToggleButtonProps as AriaToggleButtonProps,
} from 'react-aria-components';
import './button.css';

export interface ToggleButtonProps extends Omit<AriaToggleButtonProps, 'className' | 'children'> {
  readonly className?: string;
  /**
   * 'button' (the default) looks like the app's other buttons, pressed when on; 'bare' takes only
   * `className`, for a bar that draws its own (the call's controls).
   */
  readonly look?: 'button' | 'bare';
  readonly children: ReactNode;
}

/**
 * A button that stays pressed or not (aria-pressed), e.g. "Mute": its name stays the same and
 * its state is read out, so the label must not flip between "Mute" and "Unmute".
 */
export function ToggleButton({
  className,
  look = 'button',
  children,
  ...props
}: ToggleButtonProps) {
  const base = look === 'button' ? ['button', 'button--toggle'] : [];
  return (
    <AriaToggleButton {...props} className={[...base, className ?? ''].filter(Boolean).join(' ')}>
      {children}
    </AriaToggleButton>
  );
}
