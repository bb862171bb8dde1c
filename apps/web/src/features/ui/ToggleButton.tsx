import type { ReactNode } from 'react';
import {
  ToggleButton as AriaToggleButton,
  type ToggleButtonProps as AriaToggleButtonProps,
} from 'react-aria-components';
import './button.css';

export interface ToggleButtonProps extends Omit<AriaToggleButtonProps, 'className' | 'children'> {
  readonly className?: string;
  readonly children: ReactNode;
}

/**
 * A button that stays pressed or not (aria-pressed), e.g. "Mute": its name stays the same and
 * its state is read out, so the label must not flip between "Mute" and "Unmute".
 */
export function ToggleButton({ className, children, ...props }: ToggleButtonProps) {
  return (
    <AriaToggleButton
      {...props}
      className={['button', 'button--toggle', className ?? ''].filter(Boolean).join(' ')}
    >
      {children}
    </AriaToggleButton>
  );
}
