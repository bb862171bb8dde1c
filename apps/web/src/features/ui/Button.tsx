import type { ReactNode } from 'react';
import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components';
import { buttonClass, type ButtonVariant } from './button-class';

export { buttonClass, type ButtonVariant };

export interface ButtonProps extends Omit<AriaButtonProps, 'className' | 'children'> {
  readonly variant?: ButtonVariant;
  readonly size?: 'normal' | 'small';
  readonly className?: string;
  readonly children: ReactNode;
}

/** A button: Enter, Space, a click or a tap press it; `isDisabled` keeps it out of reach. */
export function Button({ variant, size, className, children, ...props }: ButtonProps) {
  return (
    <AriaButton {...props} className={buttonClass(variant, size, className)}>
      {children}
    </AriaButton>
  );
}
